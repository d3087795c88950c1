// `migrate squash`'s second check: pg_dump --schema-only of the two shadow databases. The
// catalog comparison sees what pgcrate's catalog models; pg_dump sees everything else a
// migration can create (rules, publications, collations, text search configurations, storage
// and statistics settings, ...), which a file generated from that catalog would silently lose.
#include <algorithm>
#include <map>
#include <sstream>

#include "app/migrate/squash_internal.h"
#include "base/strings.h"
#include "pg/program_version.h"
#include "snapshot/child.h"
#include "snapshot/tools.h"

namespace pgcrate::migrate::squash {
namespace {

// The dump's statements: comments, blank lines and psql's \restrict / \unrestrict lines (a
// random key per dump) left out.
std::vector<std::string> Normalize(const std::string& dump) {
  std::vector<std::string> out;
  std::istringstream lines(dump);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || base::StartsWith(line, "--") || base::StartsWith(line, "\\restrict") ||
        base::StartsWith(line, "\\unrestrict")) {
      continue;
    }
    out.push_back(line);
  }
  return out;
}

// "- line" for lines only in `want`, "+ line" for lines only in `got` (as multisets), in dump
// order, at most `limit` of them.
std::vector<std::string> LineDifferences(const std::vector<std::string>& want,
                                         const std::vector<std::string>& got, size_t limit) {
  std::map<std::string, int> extra;  // > 0: more in want, < 0: more in got
  for (const auto& l : want) ++extra[l];
  for (const auto& l : got) --extra[l];
  std::vector<std::string> out;
  for (const auto& l : want) {
    if (extra[l] <= 0 || out.size() >= limit) continue;
    out.push_back("- " + l);
    --extra[l];
  }
  for (const auto& l : got) {
    if (extra[l] >= 0 || out.size() >= limit) continue;
    out.push_back("+ " + l);
    ++extra[l];
  }
  return out;
}

}  // namespace

Result<SchemaDump> DumpSchema(app::Session& session, const std::string& conninfo,
                              int server_version) {
  SchemaDump d;
  auto tool = snapshot::FindTool("pg_dump", session.config().tools.pg_dump,
                                 pg::MajorOf(server_version), "the server");
  if (!tool.ok()) {
    d.unavailable = tool.status().message();
    return d;
  }
  auto conn = snapshot::ForChild(conninfo, "");
  if (!conn.ok()) return conn.status();
  auto text = snapshot::RunChild({tool->path, "--schema-only", "--no-password",
                                  "--exclude-schema=pgcrate", "--dbname=" + conn->conninfo},
                                 *conn);
  if (!text.ok()) return text.status();
  d.lines = Normalize(*text);
  return d;
}

Status CompareDumps(const SchemaDump& want, const SchemaDump& got) {
  if (!want.unavailable.empty() || !got.unavailable.empty() || want.lines == got.lines) {
    return Status::Ok();
  }
  std::vector<std::string> diff = LineDifferences(want.lines, got.lines, 30);
  if (diff.empty()) diff.push_back("(the same statements in another order)");
  return Status(Code::kConflict,
                "the generated file does not reproduce the schema of the migrations it would "
                "replace (pg_dump --schema-only of the two differs), so nothing was changed.")
      .WithDetails("- only after the migrations, + only after the squashed file:\n" +
                   base::Join(diff, "\n"))
      .WithHint(
          "these are objects or settings pgcrate's schema diff does not re-create (rules, "
          "publications, collations, storage or statistics settings, ...); squash a range that "
          "ends before the migration that creates them.");
}

}  // namespace pgcrate::migrate::squash

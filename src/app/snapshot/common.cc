#include "app/snapshot/common.h"

#include <cstdio>
#include <ctime>

#include "app/source.h"
#include "output/output.h"
#include "pg/conninfo.h"

namespace pgcrate::app::snapshot_cmd {

using Json = nlohmann::ordered_json;

Result<std::string> SnapshotsDir(Session& session) {
  PGCRATE_RETURN_IF_ERROR(session.LoadConfig());
  return session.ProjectPath(session.config().snapshot.dir);
}

Result<std::unique_ptr<pg::Connection>> OpenAdmin(Session& session, const std::string& conninfo,
                                                  const std::string& avoid) {
  Status first;
  for (const char* db : {"postgres", "template1"}) {
    if (avoid == db) continue;
    auto ci = pg::ConnInfoForDatabase(conninfo, db);
    if (!ci.ok()) return Status(Code::kUsage, ci.status().message());
    auto src = OpenSource(session, *ci);
    if (src.ok()) return std::move(src->owned);
    if (first.ok()) first = src.status();
  }
  return first;
}

std::string Size(int64_t bytes) {
  char buf[32];
  double b = static_cast<double>(bytes);
  if (bytes < 1024) return std::to_string(bytes) + " B";
  if (b < 1024.0 * 1024) {
    std::snprintf(buf, sizeof buf, "%.1f kB", b / 1024.0);
  } else if (b < 1024.0 * 1024 * 1024) {
    std::snprintf(buf, sizeof buf, "%.1f MB", b / (1024.0 * 1024.0));
  } else {
    std::snprintf(buf, sizeof buf, "%.2f GB", b / (1024.0 * 1024.0 * 1024.0));
  }
  return buf;
}

std::string NowIso() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Json Summary(const snapshot::Manifest& m) {
  return {{"name", m.name},
          {"kind", m.kind},
          {"created_at", m.created_at},
          {"source_database", m.source_database},
          {"server_version", m.server_version},
          {"migration_version", m.migration_version.empty() ? Json() : Json(m.migration_version)},
          {"schema_only", m.schema_only},
          {"anonymized", m.anonymized},
          {"tables", m.tables.size()},
          {"total_bytes", m.total_bytes},
          {"template_database", m.template_database.empty() ? Json() : Json(m.template_database)}};
}

std::string DescribeText(const snapshot::Manifest& m, const std::string& path) {
  std::string t =
      "snapshot " + m.name + " (" + m.kind + (m.schema_only ? ", schema only" : "") + ")\n";
  t += "  path:        " + path + "\n";
  t += "  created:     " + m.created_at + "\n";
  t += "  source:      " + m.source_display + " (PostgreSQL " + m.server_version + ")\n";
  if (!m.pg_dump_version.empty()) t += "  pg_dump:     " + m.pg_dump_version + "\n";
  if (!m.template_database.empty()) t += "  database:    " + m.template_database + "\n";
  t += "  migration:   " + (m.migration_version.empty() ? "(none)" : m.migration_version) + "\n";
  t += "  size:        " + Size(m.total_bytes) + " (" + std::to_string(m.files.size()) +
       " files; source database " + Size(m.database_bytes) + ")\n";
  t += "  anonymized:  " + std::string(m.anonymized ? "yes" : "no") + "\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& tb : m.tables) {
    std::string rows_text =
        tb.rows < 0 ? "?" : (tb.rows_exact ? "" : "~") + std::to_string(tb.rows);
    rows.push_back({tb.schema + "." + tb.name, tb.data ? rows_text : "(no data)", Size(tb.bytes)});
  }
  if (!rows.empty()) t += output::RenderTable({"table", "rows", "size"}, rows);
  if (t.back() != '\n') t += '\n';
  return t;
}

}  // namespace pgcrate::app::snapshot_cmd

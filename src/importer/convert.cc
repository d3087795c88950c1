#include "importer/convert.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <map>

#include "base/files.h"
#include "base/parallel.h"
#include "base/strings.h"
#include "sql/parser.h"

namespace pgcrate::importer::internal {
namespace {

constexpr size_t kVersionDigits = 14;

// Length of the UTF-8 sequence starting at s[i], 0 when it is not valid UTF-8.
size_t Utf8Length(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  }
  return n;
}

int CountLines(std::string_view s) {
  return static_cast<int>(std::count(s.begin(), s.end(), '\n'));
}

// The header comment block of the converted file (ends with a line break).
std::string Header(Tool tool, const SourceMigration& m) {
  std::string h = "-- Imported from " + std::string(ToolName(tool)) + ": " + Printable(m.source) +
                  "\n-- Source version: " + Printable(m.source_version) +
                  ", name: " + Printable(m.source_name) + "\n";
  for (const auto& note : m.notes) h += "-- " + Printable(note) + "\n";
  if (m.no_transaction) h += "-- pgcrate: no-transaction\n";
  return h + "\n";
}

// Where line `line` of the converted file comes from: the up or the down source section.
SourceLocation SourceLine(const SourceMigration& m, int up_start, int down_start, int line) {
  if (m.has_down && line >= down_start) {
    return {m.down.path, m.down.first_line + (line - down_start), 0};
  }
  if (line >= up_start) return {m.up.path, m.up.first_line + (line - up_start), 0};
  return {m.up.path, m.up.first_line, 0};
}

Status MarkerInSource(const SourceLocation& where) {
  return Status(Code::kParse,
                "this line would be read by pgcrate as a section marker or header directive "
                "(`-- up`, `-- down` or `-- pgcrate: ...`), so the converted file would not "
                "keep the migration's sections.")
      .WithLocation(where)
      .WithHint("reword the comment (e.g. `-- (down)`), then import again.");
}

// The source line of a marker-like line in `t` (one that pgcrate's parser takes as `-- up`,
// `-- down` or a directive), 0 when there is none: `t` is read as the up section of a probe
// file, so the scanner decides, as for the converted file.
int MarkerLineIn(const std::string& file_name, const SourceText& t) {
  auto probe = migrate::ParseMigrationFile(file_name, "-- up\n" + t.text, false);
  int line = 0;
  if (probe.ok()) {
    line = probe->down_line > 0 ? probe->down_line - 1 : 0;
  } else if (probe.status().message().find("marker") != std::string::npos ||
             probe.status().message().find("directive") != std::string::npos) {
    line = probe.status().location().line;  // a second `-- up`, a misplaced directive
  }
  return line >= 2 ? t.first_line + line - 2 : 0;
}

// Why the converted file does not read back as the source's sections.
Status Mismatch(const SourceMigration& m, const std::string& file_name, Status fallback) {
  if (int line = MarkerLineIn(file_name, m.up); line > 0) {
    return MarkerInSource({m.up.path, line, 0});
  }
  if (int line = m.has_down ? MarkerLineIn(file_name, m.down) : 0; line > 0) {
    return MarkerInSource({m.down.path, line, 0});
  }
  return fallback;
}

}  // namespace

Status ErrorAt(const std::string& path, int line, const std::string& message) {
  return Status(Code::kParse, message).WithLocation({path, line, 0});
}

bool AllDigits(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

std::string Printable(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = Utf8Length(s, i);
    if (n == 0 || c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
      ++i;
      continue;
    }
    out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

std::string FileNamePart(std::string_view name) {
  std::string out;
  for (unsigned char c : name) {
    if (std::isalnum(c) != 0 || c == '_' || c == '-') {
      out += static_cast<char>(c);
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  size_t b = out.find_first_not_of('_');
  if (b == std::string::npos) return "migration";
  out = out.substr(b);
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

Result<std::string> PadVersion(std::string_view digits, const std::string& where) {
  size_t first = digits.find_first_not_of('0');
  std::string_view significant = first == std::string_view::npos ? "" : digits.substr(first);
  if (significant.size() > kVersionDigits) {
    return ErrorAt(where, 0,
                   "version " + std::string(digits) + " has more than 14 significant digits; " +
                       "pgcrate's versions are 14-digit numbers (YYYYMMDDHHMMSS).");
  }
  return std::string(kVersionDigits - significant.size(), '0') + std::string(significant);
}

Status CheckDistinctVersions(const std::vector<SourceMigration>& ms) {
  std::map<std::string, const SourceMigration*> seen;
  for (const auto& m : ms) {
    auto [it, fresh] = seen.emplace(m.target_version, &m);
    if (fresh) continue;
    return Status(Code::kConflict, "duplicate version: " + Printable(it->second->source) + " and " +
                                       Printable(m.source) + " both become version " +
                                       m.target_version + ".")
        .WithLocation({m.up.path, 0, 0})
        .WithHint("give one of them another version in the source tool first.");
  }
  for (size_t i = 1; i < ms.size(); ++i) {
    if (ms[i - 1].target_version < ms[i].target_version) continue;
    return Status(Code::kConflict,
                  "the version mapping would change the order: " + Printable(ms[i - 1].source) +
                      " runs before " + Printable(ms[i].source) + " but would become version " +
                      ms[i - 1].target_version + " > " + ms[i].target_version + ".")
        .WithLocation({ms[i].up.path, 0, 0})
        .WithHint("give the versions one length (zero-padded) in the source tool first.");
  }
  return Status::Ok();
}

Result<PlannedMigration> Convert(Tool tool, const SourceMigration& m) {
  std::string header = Header(tool, m);
  std::string up = m.up.text;
  if (m.has_down && !up.empty() && up.back() != '\n') up += '\n';
  std::string content = header + "-- up\n" + up;
  if (m.has_down) content += "-- down\n" + m.down.text;
  int up_start = CountLines(header) + 2;
  int down_start = up_start + CountLines(up) + 1;

  PlannedMigration p;
  p.source = m.source;
  p.source_version = m.source_version;
  p.source_name = m.source_name;
  p.tracking_key = m.tracking_key;
  std::string file_name = m.target_version + "_" + FileNamePart(m.source_name) + ".sql";
  auto parsed = migrate::ParseMigrationFile(file_name, content);
  if (!parsed.ok()) {
    Status st = parsed.status();
    if (st.location().line > 0) {
      SourceLocation at = SourceLine(m, up_start, down_start, st.location().line);
      at.column = st.location().column;
      st.WithLocation(at);
    }
    return Mismatch(m, file_name, st.Prefix("converting " + Printable(m.source) + ": "));
  }
  if (parsed->up_sql != up || (m.has_down && parsed->down_sql != m.down.text)) {
    return Mismatch(m, file_name, MarkerInSource({m.up.path, m.up.first_line, 0}));
  }
  p.file = std::move(parsed).value();
  p.file.up_sql.clear();
  p.file.down_sql.clear();
  p.content = std::move(content);
  return p;
}

Status ConvertAll(Tool tool, const std::vector<SourceMigration>& ms, ImportPlan& plan) {
  PGCRATE_RETURN_IF_ERROR(CheckDistinctVersions(ms));
  // Each conversion scans its file with PostgreSQL's scanner: spread over the cores.
  std::vector<Result<PlannedMigration>> out(ms.size(), Status(Code::kInternal, "not converted"));
  base::ParallelFor(ms.size(), 64, [&](size_t i) { out[i] = Convert(tool, ms[i]); });
  plan.migrations.reserve(ms.size());
  for (auto& p : out) {
    if (!p.ok()) return p.status();
    plan.migrations.push_back(std::move(p).value());
  }
  return Status::Ok();
}

Result<bool> NeedsNoTransaction(const SourceText& sql) {
  auto statements = sql::ParseScript(sql.text, sql.path);
  if (!statements.ok()) {
    Status st = statements.status();
    SourceLocation loc = st.location();
    if (loc.line > 0) loc.line += sql.first_line - 1;
    return st.WithLocation(loc).WithHint(
        "pgcrate decides from the statements whether this migration can run in a "
        "transaction; make the file valid SQL (psql meta-commands such as \\set are not SQL).");
  }
  for (const auto& s : *statements) {
    if (!s.transactional || s.kind == sql::StatementKind::kTransactionControl) return true;
  }
  return false;
}

Result<std::vector<std::string>> ListFiles(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Status(Code::kNotFound, "the source directory " + dir + " does not exist.");
  }
  std::vector<std::string> names;
  fs::directory_iterator it(dir, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::string n = it->path().filename().string();
    std::error_code type_ec;
    if (n.empty() || n[0] == '.' || !it->is_regular_file(type_ec)) continue;
    names.push_back(n);
  }
  if (ec) return Status(Code::kIo, "cannot list " + dir + ": " + ec.message() + ".");
  std::sort(names.begin(), names.end());
  return names;
}

Result<std::string> ReadSource(const std::string& dir, const std::string& name) {
  return base::ReadFile(base::JoinPath(dir, name));
}

}  // namespace pgcrate::importer::internal

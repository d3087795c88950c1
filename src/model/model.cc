#include "model/model.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "base/files.h"
#include "base/strings.h"
#include "model/directives.h"
#include "sql/analysis.h"
#include "sql/comments.h"
#include "sql/parser.h"

namespace pgcrate::model {
namespace {

// The header: leading comment and blank lines. Directives are `-- key: value` with a
// lower-case key; other comments are free text. Returns the line index where the SQL starts.
Status ReadHeader(const std::string& path, const std::vector<std::string>& lines, Model& m,
                  size_t& body) {
  body = 0;
  for (; body < lines.size(); ++body) {
    std::string trimmed = base::Trim(lines[body]);
    if (trimmed.empty()) continue;
    if (!base::StartsWith(trimmed, "--")) break;
    std::string text = base::Trim(trimmed.substr(2));
    if (base::StartsWith(text, "@")) break;  // a section marker starts the SQL
    std::string key;
    std::string value;
    int line = static_cast<int>(body) + 1;
    if (!SplitDirective(text, key, value)) {
      // `-- Materialized: table`, `-- materialized : table` or `-- unique key: id` read as
      // free text would silently build something else than asked.
      std::string near = base::ToLower(base::Trim(text.substr(0, text.find(':'))));
      for (char& c : near) c = c == ' ' || c == '-' ? '_' : c;
      if (text.find(':') != std::string::npos && IsDirectiveKey(near)) {
        return ParseErrorAt(path, line,
                            "a header directive is written \"-- " + near +
                                ": value\" (lower-case, the colon right after the key)");
      }
      continue;
    }
    PGCRATE_RETURN_IF_ERROR(ApplyDirective(path, line, key, value, m));
  }
  return Status::Ok();
}

// "@base" for a `-- @base` line (any spacing), "" when the line is not a `-- @word` comment.
std::string Marker(const std::string& line) {
  std::string t = base::Trim(line);
  if (!base::StartsWith(t, "--")) return "";
  t = base::Trim(t.substr(2));
  return base::StartsWith(t, "@") ? t : "";
}

// Splits the SQL at `-- @base` / `-- @incremental` markers.
Status ReadSections(const std::string& path, const std::vector<std::string>& lines, size_t body,
                    Model& m) {
  std::string* current = &m.sql;
  m.sql_line = static_cast<int>(body) + 1;
  bool sections = false;
  for (size_t i = body; i < lines.size(); ++i) {
    std::string marker = Marker(lines[i]);
    int line = static_cast<int>(i) + 1;
    if (marker == "@base") {
      if (sections || !base::Trim(m.sql).empty()) {
        return ParseErrorAt(path, line, "-- @base must come first, once, before any SQL");
      }
      sections = true;
      m.sql_line = line + 1;
      continue;
    }
    if (marker == "@incremental") {
      if (!sections || current != &m.sql) {
        return ParseErrorAt(path, line,
                            "-- @incremental needs a -- @base section before it, and comes once");
      }
      current = &m.incremental_sql;
      m.incremental_line = line + 1;
      continue;
    }
    if (!marker.empty()) {
      std::string near = base::ClosestMatch(marker, {"@base", "@incremental"});
      return ParseErrorAt(path, line,
                          "unknown section marker \"-- " + marker +
                              "\" (sections are -- @base and -- "
                              "@incremental)" +
                              (near.empty() ? "" : "; did you mean -- " + near + "?"));
    }
    *current += lines[i] + "\n";
  }
  if (sections && base::Trim(m.incremental_sql).empty()) {
    return ParseErrorAt(path, m.incremental_line > 0 ? m.incremental_line - 1 : m.sql_line - 1,
                        "a model with -- @base needs a non-empty -- @incremental section");
  }
  return Status::Ok();
}

// The search path models are analyzed with: one schema no SQL can name, so an unqualified
// name is told from a qualified one.
const sql::SearchPath& Unqualified() {
  static const sql::SearchPath path(std::vector<std::string>{std::string("\0", 1)});
  return path;
}

// Where PostgreSQL's default search path finds a name: pg_catalog is searched first (and all
// its relations are named pg_*), then public ("$user" is not known offline).
Relation Resolved(const sql::ObjectName& r) {
  if (r.schema != Unqualified().First()) return {r.schema, r.name};
  return {base::StartsWith(r.name, "pg_") ? "pg_catalog" : "public", r.name};
}

// The header line of directive `key` (1 when it was not given).
int LineOf(const Model& m, const std::string& key) {
  auto it = m.lines.find(key);
  return it == m.lines.end() ? 1 : it->second;
}

// The line of the first of `keys` given (for "this directive does not belong here").
int FirstGiven(const Model& m, const std::vector<std::string>& keys) {
  for (const std::string& k : keys) {
    if (m.lines.count(k) != 0) return m.lines.at(k);
  }
  return 1;
}

// incremental_filter is pasted into `WHERE (...)`: the parser must read it as exactly one
// expression there, reading (not writing) data. The relations it reads are added to `reads`.
Status CheckFilter(const std::string& path, Model& m) {
  int line = LineOf(m, "incremental_filter");
  std::string wrapped = "SELECT * FROM (SELECT 1) AS s WHERE (" + m.incremental_filter + ")";
  auto stmts = sql::ParseScript(wrapped);
  bool ok = stmts.ok() && stmts->size() == 1 && stmts->front().node_type == "SelectStmt" &&
            stmts->front().kind == sql::StatementKind::kRead;
  if (ok) {
    sql::JsonRef body = stmts->front().node.node_body();
    for (size_t i = 0; ok && i < body.size(); ++i) {
      std::string_view k = body.at(i).key();
      ok = k == "targetList" || k == "fromClause" || k == "whereClause" || k == "limitOption" ||
           (k == "op" && body.at(i).str() == "SETOP_NONE");
    }
  }
  if (!ok) {
    return ParseErrorAt(
        path, line,
        "-- incremental_filter: must be one SQL condition on the model's columns, e.g. "
        "created_at > current_date - 7 (no ';', no comment)");
  }
  for (const sql::ObjectName& r : sql::Analyze(stmts->front(), Unqualified()).read) {
    m.reads.push_back(Resolved(r));
  }
  return Status::Ok();
}

Status CheckConsistency(const std::string& path, Model& m) {
  bool incremental = m.materialized == Materialized::kIncremental;
  if (incremental && m.unique_key.empty()) {
    return ParseErrorAt(path, LineOf(m, "materialized"),
                        "an incremental model needs -- unique_key: (its merge and primary key)");
  }
  bool sections = m.incremental_line > 0;
  if (!incremental && (!m.watermark.empty() || !m.incremental_filter.empty() || sections ||
                       !m.unique_key.empty())) {
    int line = FirstGiven(m, {"unique_key", "watermark", "incremental_filter", "lookback"});
    if (line == 1 && sections) line = m.sql_line - 1;  // the -- @base marker
    return ParseErrorAt(
        path, line,
        "unique_key, watermark, incremental_filter and @base/@incremental apply only "
        "to -- materialized: incremental");
  }
  if (!m.watermark.empty() && !m.incremental_filter.empty()) {
    return ParseErrorAt(path, std::max(LineOf(m, "watermark"), LineOf(m, "incremental_filter")),
                        "-- watermark and -- incremental_filter exclude each other; keep one");
  }
  if (sections && (!m.watermark.empty() || !m.incremental_filter.empty())) {
    return ParseErrorAt(path, FirstGiven(m, {"watermark", "incremental_filter"}),
                        "@base/@incremental sections replace watermark and incremental_filter");
  }
  if (!m.lookback.empty() && m.watermark.empty()) {
    return ParseErrorAt(path, LineOf(m, "lookback"), "-- lookback needs a -- watermark");
  }
  if (!m.incremental_filter.empty()) return CheckFilter(path, m);
  return Status::Ok();
}

// What a statement that is not a plain SELECT does, for the error message.
std::string Describe(const sql::Statement& st) {
  sql::JsonRef body = st.node.node_body();
  if (st.node_type == "SelectStmt") {
    if (body["intoClause"].valid()) return "SELECT INTO (it creates a table)";
    if (body["lockingClause"].valid()) return "SELECT ... FOR UPDATE/SHARE (it locks rows)";
    return "a WITH that changes data (INSERT/UPDATE/DELETE/MERGE)";
  }
  static const std::map<std::string, std::string> kNames = {
      {"InsertStmt", "INSERT"}, {"UpdateStmt", "UPDATE"},       {"DeleteStmt", "DELETE"},
      {"MergeStmt", "MERGE"},   {"CreateStmt", "CREATE TABLE"}, {"ViewStmt", "CREATE VIEW"},
      {"DropStmt", "DROP"},     {"ExplainStmt", "EXPLAIN"}};
  auto it = kNames.find(st.node_type);
  return it == kNames.end() ? st.node_type : it->second;
}

// True when the `--` comment text `c` is a known directive; sets `key`.
bool IsDirectiveComment(std::string_view c, std::string& key) {
  std::string value;
  return base::StartsWith(c, "--") && SplitDirective(base::Trim(c.substr(2)), key, value) &&
         IsDirectiveKey(key);
}

// A directive below the header would be ignored: each `-- key:` comment with a known key in
// the SQL (as PostgreSQL's scanner finds comments, not inside strings) is an error.
Status CheckNoDirectives(const std::string& path, const std::string& sql, int first_line) {
  // Fast path: the scanner only runs when some `--` is followed by a known key.
  bool candidate = false;
  std::string key;
  for (size_t at = sql.find("--"); !candidate && at != std::string::npos;
       at = sql.find("--", at + 2)) {
    candidate = IsDirectiveComment(std::string_view(sql).substr(at, sql.find('\n', at) - at), key);
  }
  if (!candidate) return Status::Ok();
  for (const sql::Comment& c : sql::ScanComments(sql)) {
    if (!IsDirectiveComment(c.text, key)) continue;
    int line = first_line + base::LineColumnAt(sql, c.offset).first - 1;
    return ParseErrorAt(
        path, line,
        "-- " + key +
            ": must be in the header, the comment lines before the SQL; here it would be "
            "ignored");
  }
  return Status::Ok();
}

// Exactly one SELECT that writes nothing; collects the relations it reads. `marker` is the
// line of the section's marker (0 without sections), where an empty section is reported.
Status CheckSelect(const std::string& path, const std::string& sql, int first_line, int marker,
                   std::vector<Relation>& reads) {
  // Trailing blank lines dropped: "at end of input" points at the last line with SQL.
  auto stmts = sql::ParseScript(sql.substr(0, sql.find_last_not_of(" \t\r\n") + 1), path);
  if (!stmts.ok()) {
    Status st = stmts.status();
    SourceLocation loc = st.location();
    if (loc.line > 0) loc.line += first_line - 1;
    return st.WithLocation(loc);
  }
  if (stmts->empty()) {
    return ParseErrorAt(path, marker > 0 ? marker : 1, "the model has no SQL; write one SELECT");
  }
  if (stmts->size() != 1) {
    return ParseErrorAt(
        path, first_line + (*stmts)[1].line - 1,
        "a model is one SELECT; this file has " + std::to_string(stmts->size()) + " statements");
  }
  const sql::Statement& st = stmts->front();
  int line = first_line + st.line - 1;
  sql::Analysis a = sql::Analyze(st, Unqualified());
  if (st.node_type != "SelectStmt" || st.kind != sql::StatementKind::kRead ||
      a.category != sql::Category::kReadOnly || !a.written.empty() || !a.created.empty()) {
    return ParseErrorAt(path, line,
                        "a model is one SELECT that writes nothing; found " + Describe(st) +
                            " (tables, data changes and DDL belong in migrations)");
  }
  PGCRATE_RETURN_IF_ERROR(CheckNoDirectives(path, sql, first_line));
  for (const sql::ObjectName& r : a.read) reads.push_back(Resolved(r));
  return Status::Ok();
}

}  // namespace

const char* MaterializedName(Materialized m) {
  switch (m) {
    case Materialized::kView:
      return "view";
    case Materialized::kTable:
      return "table";
    case Materialized::kIncremental:
      return "incremental";
  }
  return "view";
}

Result<Model> ParseModel(const std::string& path, const std::string& schema,
                         const std::string& name, const std::string& text) {
  Model m;
  m.schema = schema;
  m.name = name;
  m.path = path;
  // A UTF-8 byte order mark (Windows editors write one) is not part of the header.
  bool bom = base::StartsWith(text, "\xEF\xBB\xBF");
  std::vector<std::string> lines = base::Split(std::string_view(text).substr(bom ? 3 : 0), '\n');
  for (std::string& l : lines) {
    if (!l.empty() && l.back() == '\r') l.pop_back();
  }
  if (lines.size() > 1 && lines.back().empty()) lines.pop_back();  // after the last newline
  size_t body = 0;
  PGCRATE_RETURN_IF_ERROR(ReadHeader(path, lines, m, body));
  PGCRATE_RETURN_IF_ERROR(ReadSections(path, lines, body, m));
  PGCRATE_RETURN_IF_ERROR(CheckConsistency(path, m));
  bool sections = m.incremental_line > 0;
  PGCRATE_RETURN_IF_ERROR(
      CheckSelect(path, m.sql, m.sql_line, sections ? m.sql_line - 1 : 0, m.reads));
  if (sections) {
    PGCRATE_RETURN_IF_ERROR(
        CheckSelect(path, m.incremental_sql, m.incremental_line, m.incremental_line - 1, m.reads));
  }
  std::sort(m.reads.begin(), m.reads.end());
  m.reads.erase(std::unique(m.reads.begin(), m.reads.end()), m.reads.end());
  // A model reading itself (incremental sections read the target) is not a dependency.
  m.reads.erase(std::remove(m.reads.begin(), m.reads.end(), Relation{schema, name}), m.reads.end());
  return m;
}

namespace {

// Every .sql file under `dir` but hidden ones, sorted.
Result<std::vector<std::filesystem::path>> ModelFiles(const std::string& dir) {
  auto found = base::FindFiles(dir, ".sql");
  if (!found.ok()) return found.status();
  return std::vector<std::filesystem::path>(found->begin(), found->end());
}

}  // namespace

Result<std::vector<Model>> DiscoverModels(const std::string& dir) {
  namespace fs = std::filesystem;
  std::vector<Model> out;
  if (!base::Exists(dir)) return out;
  auto files = ModelFiles(dir);
  if (!files.ok()) return files.status();
  std::map<std::string, std::string> seen;  // id -> path
  for (const fs::path& file : *files) {
    fs::path rel = file.lexically_relative(dir);
    std::string path = file.string();
    if (std::distance(rel.begin(), rel.end()) < 2) {
      return Status(Code::kConfig, path + " is not in a schema folder: models live in " + dir +
                                       "/<schema>/<name>.sql");
    }
    std::string schema = rel.begin()->string();
    std::string name = file.stem().string();
    if (schema.find('.') != std::string::npos || name.find('.') != std::string::npos) {
      return Status(Code::kConfig, path +
                                       ": a model's schema folder and file name cannot hold a "
                                       "'.' (-- deps: and selectors name models schema.name)");
    }
    auto [prev, inserted] = seen.emplace(schema + "." + name, path);
    if (!inserted) {
      return Status(Code::kConfig, "two files define the model " + schema + "." + name + ": " +
                                       prev->second + " and " + path + "; keep one")
          .WithObject(schema + "." + name);
    }
    auto text = base::ReadFile(path);
    if (!text.ok()) return text.status();
    auto m = ParseModel(path, schema, name, *text);
    if (!m.ok()) return m.status();
    out.push_back(std::move(*m));
  }
  std::sort(out.begin(), out.end(), [](const Model& a, const Model& b) { return a.Id() < b.Id(); });
  return out;
}

std::string NewModelText(const std::string& id, Materialized materialized) {
  std::string t = "-- materialized: " + std::string(MaterializedName(materialized)) + "\n";
  if (materialized == Materialized::kIncremental) t += "-- unique_key: id\n";
  t += "-- deps:\n-- tests:\n-- description: " + id + "\n\nSELECT\n    1 AS id\n";
  return t;
}

}  // namespace pgcrate::model

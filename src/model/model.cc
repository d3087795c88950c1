#include "model/model.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "base/files.h"
#include "base/strings.h"
#include "model/directives.h"
#include "sql/analysis.h"
#include "sql/parser.h"

namespace pgcrate::model {
namespace {

Status At(const std::string& path, int line, std::string message) {
  return Status(Code::kParse, std::move(message)).WithLocation({path, line, 0});
}

// The header: leading comment and blank lines. Directives are `-- key: value` with a
// lower-case key; other comments are free text. Returns the line index where the SQL starts.
Status ReadHeader(const std::string& path, const std::vector<std::string>& lines, Model& m,
                  size_t& body) {
  body = 0;
  for (; body < lines.size(); ++body) {
    std::string line = base::Trim(lines[body]);
    if (line.empty()) continue;
    if (!base::StartsWith(line, "--")) break;
    std::string text = base::Trim(line.substr(2));
    if (base::StartsWith(text, "@")) break;  // a section marker starts the SQL
    std::string key;
    std::string value;
    if (!SplitDirective(text, key, value)) continue;
    PGCRATE_RETURN_IF_ERROR(ApplyDirective(path, static_cast<int>(body) + 1, key, value, m));
  }
  return Status::Ok();
}

// Splits the SQL at `-- @base` / `-- @incremental` markers.
Status ReadSections(const std::string& path, const std::vector<std::string>& lines, size_t body,
                    Model& m) {
  std::string* current = &m.sql;
  m.sql_line = static_cast<int>(body) + 1;
  bool sections = false;
  for (size_t i = body; i < lines.size(); ++i) {
    std::string t = base::Trim(lines[i]);
    if (t == "-- @base" || t == "--@base") {
      if (sections || !base::Trim(m.sql).empty()) {
        return At(path, static_cast<int>(i) + 1, "-- @base must come first, once, before any SQL");
      }
      sections = true;
      m.sql_line = static_cast<int>(i) + 2;
      continue;
    }
    if (t == "-- @incremental" || t == "--@incremental") {
      if (!sections || current != &m.sql) {
        return At(path, static_cast<int>(i) + 1,
                  "-- @incremental needs a -- @base section before it, and comes once");
      }
      current = &m.incremental_sql;
      m.incremental_line = static_cast<int>(i) + 2;
      continue;
    }
    *current += lines[i] + "\n";
  }
  if (sections && base::Trim(m.incremental_sql).empty()) {
    return At(path, m.incremental_line > 0 ? m.incremental_line - 1 : m.sql_line - 1,
              "a model with -- @base needs a non-empty -- @incremental section");
  }
  return Status::Ok();
}

Status CheckConsistency(const std::string& path, Model& m) {
  bool incremental = m.materialized == Materialized::kIncremental;
  if (incremental && m.unique_key.empty()) {
    return At(path, 1, "an incremental model needs -- unique_key: (its merge and primary key)");
  }
  if (!incremental && (!m.watermark.empty() || !m.incremental_filter.empty() ||
                       !m.incremental_sql.empty() || !m.unique_key.empty())) {
    return At(path, 1,
              "unique_key, watermark, incremental_filter and @base/@incremental apply only "
              "to -- materialized: incremental");
  }
  if (!m.watermark.empty() && !m.incremental_filter.empty()) {
    return At(path, 1, "-- watermark and -- incremental_filter exclude each other; keep one");
  }
  if (!m.incremental_sql.empty() && (!m.watermark.empty() || !m.incremental_filter.empty())) {
    return At(path, 1, "@base/@incremental sections replace watermark and incremental_filter");
  }
  if (!m.lookback.empty() && m.watermark.empty()) {
    return At(path, 1, "-- lookback needs a -- watermark");
  }
  if (!m.incremental_filter.empty()) {
    // One boolean expression over the model's columns: parsed, never pasted unchecked.
    auto stmts = sql::ParseScript("SELECT * FROM (SELECT 1) AS s WHERE " + m.incremental_filter);
    if (!stmts.ok() || stmts->size() != 1) {
      return At(path, 1,
                "-- incremental_filter must be one SQL condition, e.g. "
                "created_at > current_date - 7");
    }
  }
  return Status::Ok();
}

// Exactly one SELECT that writes nothing; collects the relations it reads.
Status CheckSelect(const std::string& path, const std::string& sql, int first_line,
                   std::vector<Relation>& reads) {
  auto stmts = sql::ParseScript(sql, path);
  if (!stmts.ok()) {
    Status st = stmts.status();
    SourceLocation loc = st.location();
    if (loc.line > 0) loc.line += first_line - 1;
    return st.WithLocation(loc);
  }
  if (stmts->size() != 1) {
    return At(path, first_line,
              stmts->empty() ? "the model has no SQL; write one SELECT"
                             : "a model is one SELECT; this file has " +
                                   std::to_string(stmts->size()) + " statements");
  }
  const sql::Statement& st = stmts->front();
  int line = first_line + st.line - 1;
  sql::Analysis a = sql::Analyze(st, sql::SearchPath());
  if (st.node_type != "SelectStmt" || a.category != sql::Category::kReadOnly ||
      !a.written.empty() || !a.created.empty()) {
    return At(path, line,
              "a model is one SELECT that writes nothing; found " + st.node_type +
                  " (tables, data changes and DDL belong in migrations)");
  }
  for (const sql::ObjectName& r : a.read) reads.push_back({r.schema, r.name});
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
  std::vector<std::string> lines = base::Split(text, '\n');
  for (std::string& l : lines) {
    if (!l.empty() && l.back() == '\r') l.pop_back();
  }
  size_t body = 0;
  PGCRATE_RETURN_IF_ERROR(ReadHeader(path, lines, m, body));
  PGCRATE_RETURN_IF_ERROR(ReadSections(path, lines, body, m));
  PGCRATE_RETURN_IF_ERROR(CheckConsistency(path, m));
  PGCRATE_RETURN_IF_ERROR(CheckSelect(path, m.sql, m.sql_line, m.reads));
  if (!m.incremental_sql.empty()) {
    PGCRATE_RETURN_IF_ERROR(CheckSelect(path, m.incremental_sql, m.incremental_line, m.reads));
  }
  std::sort(m.reads.begin(), m.reads.end());
  m.reads.erase(std::unique(m.reads.begin(), m.reads.end()), m.reads.end());
  // A model reading itself (incremental sections read the target) is not a dependency.
  m.reads.erase(std::remove(m.reads.begin(), m.reads.end(), Relation{schema, name}), m.reads.end());
  return m;
}

Result<std::vector<Model>> DiscoverModels(const std::string& dir) {
  namespace fs = std::filesystem;
  std::vector<Model> out;
  if (!base::Exists(dir)) return out;
  std::map<std::string, std::string> seen;  // id -> path
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file() || it->path().extension() != ".sql") continue;
    fs::path rel = it->path().lexically_relative(dir);
    std::string path = it->path().string();
    if (std::distance(rel.begin(), rel.end()) < 2) {
      return Status(Code::kConfig, path + " is not in a schema folder: models live in " + dir +
                                       "/<schema>/<name>.sql");
    }
    std::string schema = rel.begin()->string();
    std::string name = it->path().stem().string();
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
  if (ec) return Status(Code::kIo, "cannot read " + dir + ": " + ec.message());
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

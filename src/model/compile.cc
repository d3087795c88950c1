#include "model/compile.h"

#include "base/strings.h"
#include "sql/quote.h"

namespace pgcrate::model {
namespace {

std::string TrimSql(const std::string& sql) {
  std::string s = base::Trim(sql);
  while (!s.empty() && (s.back() == ';' || s.back() == ' ' || s.back() == '\n')) s.pop_back();
  // A last line ending in a -- comment would swallow whatever is appended after it.
  size_t last = s.rfind('\n');
  if (s.find("--", last == std::string::npos ? 0 : last) != std::string::npos) s += "\n";
  return s;
}

std::string Columns(const std::vector<std::string>& cols, const std::string& prefix = "") {
  std::string out;
  for (const std::string& c : cols) out += (out.empty() ? "" : ", ") + prefix + sql::QuoteIdent(c);
  return out;
}

std::string WatermarkFilter(const Model& m) {
  const std::string target = Target(m);
  if (m.watermark.size() == 1) {
    std::string col = sql::QuoteIdent(m.watermark[0]);
    std::string max = "max(" + col + ")";
    if (!m.lookback.empty()) max += " - " + sql::QuoteLiteral(m.lookback) + "::interval";
    return col + " > (SELECT " + max + " FROM " + target + ")";
  }
  std::string maxes;
  for (size_t i = 0; i < m.watermark.size(); ++i) {
    std::string max = "max(" + sql::QuoteIdent(m.watermark[i]) + ")";
    if (i == 0 && !m.lookback.empty()) max += " - " + sql::QuoteLiteral(m.lookback) + "::interval";
    maxes += (i ? ", " : "") + max;
  }
  return "(" + Columns(m.watermark) + ") > (SELECT " + maxes + " FROM " + target + ")";
}

}  // namespace

std::string Target(const Model& m) { return sql::QualifiedName(m.schema, m.name); }

std::string BuildSelect(const Model& m) { return TrimSql(m.sql); }

std::string IncrementalSelect(const Model& m) {
  if (!m.incremental_sql.empty()) return TrimSql(m.incremental_sql);
  std::string base = TrimSql(m.sql);
  std::string where;
  if (!m.watermark.empty()) where = WatermarkFilter(m);
  if (!m.incremental_filter.empty()) where = m.incremental_filter;
  if (where.empty()) return base;
  // The model's SELECT as a subquery: the filter sees its output columns.
  return "SELECT * FROM (\n" + base + "\n) AS pgcrate_src\nWHERE (" + where + ")";
}

std::string UpsertSql(const Model& m, const std::string& source,
                      const std::vector<std::string>& columns, int server_version) {
  std::vector<std::string> rest;
  for (const std::string& c : columns) {
    bool key = false;
    for (const std::string& k : m.unique_key) key = key || k == c;
    if (!key) rest.push_back(c);
  }
  const std::string target = Target(m);
  if (server_version >= 170000) {
    std::string on;
    for (const std::string& k : m.unique_key) {
      on += (on.empty() ? "" : " AND ") + std::string("t.") + sql::QuoteIdent(k) + " = s." +
            sql::QuoteIdent(k);
    }
    std::string set;
    for (const std::string& c : rest) {
      set += (set.empty() ? "" : ", ") + sql::QuoteIdent(c) + " = s." + sql::QuoteIdent(c);
    }
    std::string sql = "MERGE INTO " + target + " AS t\nUSING " + source + " AS s\nON " + on + "\n";
    if (!set.empty()) sql += "WHEN MATCHED THEN UPDATE SET " + set + "\n";
    return sql + "WHEN NOT MATCHED THEN INSERT (" + Columns(columns) + ") VALUES (" +
           Columns(columns, "s.") + ")";
  }
  std::string sql = "INSERT INTO " + target + " (" + Columns(columns) + ")\nSELECT " +
                    Columns(columns) + " FROM " + source + "\nON CONFLICT (" +
                    Columns(m.unique_key) + ") DO ";
  if (rest.empty()) return sql + "NOTHING";
  std::string set;
  for (const std::string& c : rest) {
    set += (set.empty() ? "" : ", ") + sql::QuoteIdent(c) + " = EXCLUDED." + sql::QuoteIdent(c);
  }
  return sql + "UPDATE SET " + set;
}

std::string CompiledText(const Model& m, int server_version) {
  std::string t = "-- " + m.Id() + " (" + MaterializedName(m.materialized) + ") from " + m.path +
                  "\n-- compiled by pgcrate; edit the model file, not this one\n\n";
  t += BuildSelect(m) + ";\n";
  if (m.materialized != Materialized::kIncremental) return t;
  t += "\n-- incremental run: the rows to merge\n" + IncrementalSelect(m) + ";\n";
  t += "\n-- merged by unique_key (" + base::Join(m.unique_key, ", ") + ") with " +
       (server_version >= 170000 ? "MERGE" : "INSERT ... ON CONFLICT") +
       ", the columns being the model's\n" +
       UpsertSql(m, "pgcrate_incoming", {"<columns of the model>"}, server_version) + ";\n";
  return t;
}

}  // namespace pgcrate::model

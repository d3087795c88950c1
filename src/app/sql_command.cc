#include "app/sql_command.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "base/strings.h"
#include "output/output.h"
#include "pg/error.h"
#include "sql/analysis.h"
#include "sql/parser.h"

namespace pgcrate::app {
namespace {

using nlohmann::ordered_json;

// Type OIDs from pg_type.h that get a JSON type other than string.
enum : unsigned {
  kBool = 16, kInt8 = 20, kInt2 = 21, kInt4 = 23, kOid = 26, kJson = 114,
  kFloat4 = 700, kFloat8 = 701, kNumeric = 1700, kJsonb = 3802,
};

ordered_json TypedValue(const pg::QueryResult& r, int row, int col) {
  if (r.is_null(row, col)) return nullptr;
  std::string text = r.str(row, col);
  switch (r.column_type(col)) {
    case kBool: return text == "t";
    case kInt2: case kInt4: case kInt8: case kOid: return r.int64(row, col);
    case kFloat4: case kFloat8: {
      double v = r.float64(row, col);
      if (std::isfinite(v)) return v;
      return text;  // NaN and Infinity have no JSON number
    }
    case kNumeric: {
      // Keep exactness: a number only when a double holds every digit.
      size_t digits = 0;
      for (char c : text) digits += std::isdigit(static_cast<unsigned char>(c)) ? 1 : 0;
      if (digits <= 15 && text != "NaN" && text.find("Infinity") == std::string::npos) {
        return ordered_json::parse(text, nullptr, false);
      }
      return text;
    }
    case kJson: case kJsonb: {
      auto parsed = ordered_json::parse(text, nullptr, false);
      return parsed.is_discarded() ? ordered_json(text) : parsed;
    }
    default: return text;
  }
}

ordered_json ResultJson(const pg::QueryResult& r) {
  ordered_json doc;
  doc["command"] = r.command_status();
  if (!r.returns_rows()) {
    doc["affected_rows"] = r.affected_rows();
    return doc;
  }
  ordered_json cols = ordered_json::array();
  for (int c = 0; c < r.columns(); ++c) {
    cols.push_back({{"name", r.column_name(c)}, {"type_oid", r.column_type(c)}});
  }
  ordered_json rows = ordered_json::array();
  for (int i = 0; i < r.rows(); ++i) {
    ordered_json row = ordered_json::object();
    for (int c = 0; c < r.columns(); ++c) row[r.column_name(c)] = TypedValue(r, i, c);
    rows.push_back(std::move(row));
  }
  doc["columns"] = std::move(cols);
  doc["rows"] = std::move(rows);
  doc["row_count"] = r.rows();
  return doc;
}

std::string ResultText(const pg::QueryResult& r) {
  if (!r.returns_rows()) return r.command_status();
  std::vector<std::string> headers;
  for (int c = 0; c < r.columns(); ++c) headers.push_back(r.column_name(c));
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < r.rows(); ++i) {
    std::vector<std::string> row;
    for (int c = 0; c < r.columns(); ++c) row.push_back(r.str(i, c));
    rows.push_back(std::move(row));
  }
  return output::RenderTable(headers, rows);
}

std::string Excerpt(const std::string& text) {
  std::string one = base::ReplaceAll(text, "\n", " ");
  return one.size() > 60 ? one.substr(0, 57) + "..." : one;
}

// "writes to the database (ddl; ACCESS EXCLUSIVE lock on public.t)" from the parse tree.
std::string WriteDescription(const sql::Statement& st) {
  sql::Analysis a = sql::Analyze(st, sql::SearchPath());
  std::string what = std::string("writes to the database (") + sql::CategoryName(a.category);
  for (const auto& lock : a.locks) {
    if (lock.mode != a.StrongestLock()) continue;
    what += std::string("; ") + sql::LockModeName(lock.mode) + " lock on " +
            lock.relation.Qualified();
    break;
  }
  return what + ")";
}

// Refuses, before anything is sent, what a read-only run must not do.
Status CheckReadOnly(const std::vector<sql::Statement>& stmts, const SqlOptions& options) {
  for (const auto& st : stmts) {
    if (st.kind != sql::StatementKind::kWrite &&
        st.kind != sql::StatementKind::kTransactionControl) {
      continue;
    }
    std::string what = st.kind == sql::StatementKind::kWrite
                           ? WriteDescription(st)
                           : "controls the transaction (pgcrate runs read-only SQL in its own "
                             "READ ONLY transaction)";
    return Status(Code::kRefused, "statement \"" + Excerpt(st.text) + "\" " + what +
                                      "; nothing was run. Pass --allow-write to run it.")
        .WithLocation({options.source_name, st.line, st.column});
  }
  return Status::Ok();
}

Result<std::vector<pg::QueryResult>> Execute(pg::Connection& conn,
                                             const std::vector<sql::Statement>& stmts,
                                             const SqlOptions& options) {
  if (!options.allow_write) {
    auto tx = pg::Transaction::Begin(conn, "BEGIN TRANSACTION READ ONLY");
    if (!tx.ok()) return tx.status();
    auto results = conn.ExecAll(options.sql);
    (void)(*tx)->Rollback();  // read-only: there is nothing to keep
    return results;
  }
  bool all_transactional = true;
  for (const auto& st : stmts) all_transactional &= st.transactional;
  if (all_transactional || stmts.size() == 1) return conn.ExecAll(options.sql);
  // A statement that cannot run in a transaction block must be sent on its own.
  std::vector<pg::QueryResult> out;
  for (const auto& st : stmts) {
    auto r = conn.ExecAll(st.text);
    if (!r.ok()) return Status(r.status()).WithLocation({options.source_name, st.line, st.column});
    for (auto& one : r.value()) out.push_back(std::move(one));
  }
  return out;
}

}  // namespace

Status RunSql(Session& session, const SqlOptions& options) {
  if (base::Trim(options.sql).empty()) {
    return Status(Code::kUsage, "no SQL given: pass -c \"SELECT ...\" or pipe SQL on stdin.");
  }
  auto stmts = sql::ParseScript(options.sql, options.source_name);
  if (!stmts.ok()) return stmts.status();
  if (stmts->empty()) return Status(Code::kUsage, "the SQL holds only comments; nothing to run.");
  if (!options.allow_write) PGCRATE_RETURN_IF_ERROR(CheckReadOnly(stmts.value(), options));
  PGCRATE_RETURN_IF_ERROR(
      session.CheckProductionGate(options.allow_write, options.yes, "sql --allow-write"));
  auto conn = session.Connect();
  if (!conn.ok()) return conn.status();
  auto results = Execute(*conn.value(), stmts.value(), options);
  if (!results.ok()) {
    Status st = results.status();
    if (st.sqlstate() == pg::kReadOnlySqlTransaction) {
      st.WithHint("sql runs read-only by default; pass --allow-write to run statements that write.");
    }
    return st;
  }
  const auto& rs = results.value();
  const output::Output& out = session.out();
  if (out.json()) {
    ordered_json doc = rs.empty() ? ordered_json::object() : ResultJson(rs.back());
    if (rs.size() > 1) {
      doc["results"] = ordered_json::array();
      for (const auto& r : rs) doc["results"].push_back(ResultJson(r));
    }
    out.Json(doc);
    return Status::Ok();
  }
  std::vector<std::string> parts;
  for (const auto& r : rs) parts.push_back(ResultText(r));
  out.Data(base::Join(parts, "\n\n"));
  return Status::Ok();
}

}  // namespace pgcrate::app

#include "app/sql_command.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "base/strings.h"
#include "output/output.h"
#include "pg/error.h"
#include "sql/parser.h"
#include "sql/read_only.h"

namespace pgcrate::app {
namespace {

using nlohmann::ordered_json;

// Type OIDs from pg_type.h that get a JSON type other than string.
enum : unsigned {
  kBool = 16,
  kInt8 = 20,
  kInt2 = 21,
  kInt4 = 23,
  kOid = 26,
  kJson = 114,
  kFloat4 = 700,
  kFloat8 = 701,
  kNumeric = 1700,
  kJsonb = 3802,
};

ordered_json TypedValue(const pg::QueryResult& r, int row, int col) {
  if (r.is_null(row, col)) return nullptr;
  std::string text = r.str(row, col);
  switch (r.column_type(col)) {
    case kBool:
      return text == "t";
    case kInt2:
    case kInt4:
    case kInt8:
    case kOid:
      return r.int64(row, col);
    case kFloat4:
    case kFloat8: {
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
    case kJson:
    case kJsonb: {
      auto parsed = ordered_json::parse(text, nullptr, false);
      return parsed.is_discarded() ? ordered_json(text) : parsed;
    }
    default:
      return text;
  }
}

// The key of each column in a row object: its name, or for a repeated name "name_N" with the
// smallest N >= 2 that no column is called and no earlier column got, so no value is lost.
std::vector<std::string> RowKeys(const pg::QueryResult& r) {
  std::set<std::string> taken;
  for (int c = 0; c < r.columns(); ++c) taken.insert(r.column_name(c));
  std::set<std::string> used;
  std::vector<std::string> keys;
  for (int c = 0; c < r.columns(); ++c) {
    std::string name = r.column_name(c);
    std::string key = name;
    for (int n = 2; used.count(key) || (key != name && taken.count(key)); ++n) {
      key = name + "_" + std::to_string(n);
    }
    used.insert(key);
    keys.push_back(std::move(key));
  }
  return keys;
}

ordered_json ResultJson(const pg::QueryResult& r) {
  ordered_json doc;
  doc["command"] = r.command_status();
  if (!r.returns_rows()) {
    doc["affected_rows"] = r.affected_rows();
    return doc;
  }
  std::vector<std::string> keys = RowKeys(r);
  ordered_json cols = ordered_json::array();
  for (int c = 0; c < r.columns(); ++c) {
    ordered_json col = {{"name", r.column_name(c)}, {"type_oid", r.column_type(c)}};
    if (keys[c] != r.column_name(c)) col["key"] = keys[c];
    cols.push_back(std::move(col));
  }
  ordered_json rows = ordered_json::array();
  for (int i = 0; i < r.rows(); ++i) {
    ordered_json row = ordered_json::object();
    for (int c = 0; c < r.columns(); ++c) row[keys[c]] = TypedValue(r, i, c);
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

Status Refusal(const sql::Statement& st, const std::string& why, const SqlOptions& options,
               const char* remedy) {
  return Status(Code::kRefused,
                "statement \"" + Excerpt(st.text) + "\" " + why + "; nothing was run." + remedy)
      .WithLocation({options.source_name, st.line, st.column});
}

// Refuses, before anything is sent, what must not run: in every mode a change of the
// settings the connection pins (see pg/connection.h); without --allow-write whatever
// sql::ReadOnlyViolation names.
Status CheckBeforeRunning(const std::vector<sql::Statement>& stmts, const SqlOptions& options) {
  for (const auto& st : stmts) {
    std::string why = sql::PinnedSettingChange(st);
    if (!why.empty()) {
      return Refusal(st, why, options, "");
    }
    if (options.allow_write) continue;
    why = sql::ReadOnlyViolation(st);
    if (!why.empty()) return Refusal(st, why, options, " Pass --allow-write to run it.");
  }
  return Status::Ok();
}

// Puts a server error at file:line:col: the failing statement's start, or the server's
// error position within `sent` (the text sent, found at byte `sent_offset` of the script).
Status Locate(Status st, const SqlOptions& options, const sql::Statement& failing,
              std::string_view sent, size_t sent_offset) {
  size_t off = failing.offset;
  if (st.position() > 0) off = sent_offset + pg::ErrorPositionToOffset(sent, st.position());
  auto [line, col] = base::LineColumnAt(options.sql, off);
  return st.WithLocation({options.source_name, line, col});
}

// Read-only: each statement on its own, with the parser's text for it, over the extended
// protocol (which the server refuses to run as several statements), in a READ ONLY
// transaction that is rolled back.
Result<std::vector<pg::QueryResult>> ExecuteReadOnly(pg::Connection& conn,
                                                     const std::vector<sql::Statement>& stmts,
                                                     const SqlOptions& options) {
  auto tx = pg::Transaction::Begin(conn, "BEGIN TRANSACTION READ ONLY");
  if (!tx.ok()) return tx.status();
  std::vector<pg::QueryResult> out;
  for (const auto& st : stmts) {
    auto r = conn.Exec(st.text, pg::Params{});
    if (!r.ok()) return Locate(r.status(), options, st, st.text, st.offset);
    out.push_back(std::move(r).value());
  }
  (void)(*tx)->Rollback();  // read-only: there is nothing to keep
  return out;
}

Result<std::vector<pg::QueryResult>> Execute(pg::Connection& conn,
                                             const std::vector<sql::Statement>& stmts,
                                             const SqlOptions& options) {
  if (!options.allow_write) return ExecuteReadOnly(conn, stmts, options);
  bool all_transactional = true;
  for (const auto& st : stmts) all_transactional &= st.transactional;
  std::vector<pg::QueryResult> out;
  if (all_transactional || stmts.size() == 1) {
    // One simple query: the statements run as one implicit transaction, as psql -c does.
    Status st = conn.ExecScript(options.sql, out);
    if (st.ok()) return out;
    const sql::Statement& failing = stmts[std::min(out.size(), stmts.size() - 1)];
    return Locate(st, options, failing, options.sql, 0);
  }
  // A statement that cannot run in a transaction block must be sent on its own.
  for (const auto& st : stmts) {
    std::vector<pg::QueryResult> one;
    Status s = conn.ExecScript(st.text, one);
    if (!s.ok()) return Locate(s, options, st, st.text, st.offset);
    for (auto& r : one) out.push_back(std::move(r));
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
  PGCRATE_RETURN_IF_ERROR(CheckBeforeRunning(stmts.value(), options));
  PGCRATE_RETURN_IF_ERROR(
      session.CheckProductionGate(options.allow_write, options.yes, "sql --allow-write"));
  auto conn = session.Connect();
  if (!conn.ok()) return conn.status();
  auto results = Execute(*conn.value(), stmts.value(), options);
  if (!results.ok()) {
    Status st = results.status();
    if (st.sqlstate() == pg::kReadOnlySqlTransaction) {
      st.WithHint(
          "sql runs read-only by default; pass --allow-write to run statements that write.");
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

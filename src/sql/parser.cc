#include "sql/parser.h"

#include <pg_query.h>

#include <nlohmann/json.hpp>

#include "base/strings.h"

namespace pgcrate::sql {
namespace {

using nlohmann::json;

// True when any node below `node` is a data-modifying statement (e.g. a writing CTE).
bool ContainsWrite(const json& node) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key == "InsertStmt" || key == "UpdateStmt" || key == "DeleteStmt" ||
          key == "MergeStmt" || key == "intoClause" || key == "lockingClause") {
        return true;
      }
      if (ContainsWrite(value)) return true;
    }
  } else if (node.is_array()) {
    for (const auto& v : node) {
      if (ContainsWrite(v)) return true;
    }
  }
  return false;
}

// True when the statement's option list ("options" or, for REINDEX/VACUUM, "params") holds
// `name`, e.g. EXPLAIN (ANALYZE) or REINDEX (CONCURRENTLY).
bool HasOption(const json& body, const char* name) {
  for (const char* list : {"options", "params"}) {
    for (const auto& opt : body.value(list, json::array())) {
      if (opt.contains("DefElem") && opt["DefElem"].value("defname", "") == name) return true;
    }
  }
  return false;
}

StatementKind Classify(const std::string& type, const json& body) {
  if (type == "TransactionStmt") return StatementKind::kTransactionControl;
  if (type == "VariableSetStmt" || type == "DiscardStmt") return StatementKind::kSessionSetting;
  if (type == "VariableShowStmt" || type == "FetchStmt" || type == "ClosePortalStmt") {
    return StatementKind::kRead;
  }
  if (type == "SelectStmt" || type == "DeclareCursorStmt") {
    return ContainsWrite(body) ? StatementKind::kWrite : StatementKind::kRead;
  }
  if (type == "ExplainStmt") {
    bool analyze = HasOption(body, "analyze");
    return analyze && ContainsWrite(body) ? StatementKind::kWrite : StatementKind::kRead;
  }
  return StatementKind::kWrite;
}

bool Transactional(const std::string& type, const json& body) {
  if (type == "IndexStmt" || type == "DropStmt") return !body.value("concurrent", false);
  if (type == "ReindexStmt") return !HasOption(body, "concurrently");
  if (type == "VacuumStmt") return !body.value("is_vacuumcmd", false);
  return !(type == "CreatedbStmt" || type == "DropdbStmt" || type == "CreateTableSpaceStmt" ||
           type == "DropTableSpaceStmt" || type == "AlterSystemStmt" ||
           type == "CreateSubscriptionStmt" || type == "DropSubscriptionStmt");
}

Status SyntaxError(const PgQueryError& err, std::string_view script, std::string_view file) {
  auto [line, col] = base::LineColumnAt(script, err.cursorpos > 0 ? err.cursorpos - 1 : 0);
  return Status(Code::kParse, std::string("syntax error: ") + err.message + ".")
      .WithLocation({std::string(file), line, col})
      .WithPosition(err.cursorpos);
}

}  // namespace

Result<std::vector<Statement>> ParseScript(std::string_view script, std::string_view file) {
  std::string owned(script);
  PgQueryParseResult parsed = pg_query_parse(owned.c_str());
  if (parsed.error) {
    Status st = SyntaxError(*parsed.error, script, file);
    pg_query_free_parse_result(parsed);
    return st;
  }
  json tree = json::parse(parsed.parse_tree, nullptr, false);
  pg_query_free_parse_result(parsed);
  std::vector<Statement> out;
  for (const auto& raw : tree.value("stmts", json::array())) {
    Statement st;
    st.offset = raw.value("stmt_location", 0);
    size_t len = raw.value("stmt_len", 0);
    if (len == 0) len = script.size() - st.offset;
    // The parser's span starts after the previous ';' and may include leading whitespace.
    std::string_view span = script.substr(st.offset, len);
    size_t lead = span.find_first_not_of(" \t\r\n");
    if (lead == std::string_view::npos) continue;
    st.offset += lead;
    st.text = base::Trim(span.substr(lead));
    std::tie(st.line, st.column) = base::LineColumnAt(script, st.offset);
    const json& node = raw.at("stmt");
    st.node_type = node.begin().key();
    st.kind = Classify(st.node_type, node.begin().value());
    st.transactional = Transactional(st.node_type, node.begin().value());
    out.push_back(std::move(st));
  }
  return out;
}

const char* KindName(StatementKind kind) {
  switch (kind) {
    case StatementKind::kRead: return "read";
    case StatementKind::kWrite: return "write";
    case StatementKind::kTransactionControl: return "transaction-control";
    case StatementKind::kSessionSetting: return "session-setting";
  }
  return "write";
}

}  // namespace pgcrate::sql

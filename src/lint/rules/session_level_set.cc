// Detects a session-level SET (SET name = ..., SET SESSION ..., SET ROLE, SELECT
// set_config(name, value, false)) in a migration that is not undone later in the file: the
// setting outlives the migration, so under psql or another tool every later migration of the
// session runs with it (e.g. a search_path that sends their tables to another schema). SET
// LOCAL, SET inside a function definition and SET TRANSACTION end with the transaction.
#include <map>

#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace session_level_set_rule {
namespace {

// The setting a statement changes for the session, "" when it changes none.
std::string SessionSetting(const sql::Statement& st) {
  sql::JsonRef b = st.node.node_body();
  if (st.node_type == "VariableSetStmt") {
    std::string_view kind = b["kind"].str();
    if (b["is_local"].boolean() ||
        (kind != "VAR_SET_VALUE" && kind != "VAR_SET_CURRENT" && kind != "VAR_SET_MULTI")) {
      return "";  // SET LOCAL, SET ... TO DEFAULT, RESET
    }
    std::string name(b["name"].str());
    return name == "TRANSACTION" ? "" : name;  // SET TRANSACTION is the transaction's
  }
  if (st.node_type != "SelectStmt") return "";
  sql::JsonRef targets = b["targetList"];
  for (size_t i = 0; i < targets.size(); ++i) {
    sql::JsonRef call = targets.at(i)["ResTarget"]["val"]["FuncCall"];
    std::vector<std::string> name = Strings(call["funcname"]);
    sql::JsonRef args = call["args"];
    if (name.empty() || name.back() != "set_config" || args.size() != 3) continue;
    sql::JsonRef is_local = args.at(2)["A_Const"]["boolval"];
    if (!is_local.valid() || is_local["boolval"].boolean()) continue;  // local, or not a constant
    return std::string(args.at(0)["A_Const"]["sval"]["sval"].str());
  }
  return "";
}

// The session-level SETs not yet undone, by setting name: each statement's offset and message.
// A later RESET name / SET name TO DEFAULT undoes that name's, RESET ALL / DISCARD ALL every
// one; what is left at the end of the file is reported.
using Pending = std::map<std::string, std::vector<std::pair<size_t, std::string>>, std::less<>>;

// Drops the pending SETs that statement `st` undoes.
void Restore(const sql::Statement& st, Pending& pending) {
  sql::JsonRef b = st.node.node_body();
  if (st.node_type == "DiscardStmt" && b["target"].str() == "DISCARD_ALL") pending.clear();
  if (st.node_type != "VariableSetStmt" || b["is_local"].boolean()) return;
  std::string_view kind = b["kind"].str();
  if (kind == "VAR_RESET_ALL") pending.clear();
  if (kind == "VAR_RESET" || kind == "VAR_SET_DEFAULT") {
    auto it = pending.find(b["name"].str());
    if (it != pending.end()) pending.erase(it);
  }
}

void Check(const StatementContext& ctx, Reporter&) {
  if (!ctx.file.file.is_migration) return;  // a plain script may mean to set its session
  auto& pending = ctx.file.State<Pending>();
  Restore(ctx.st, pending);
  std::string name = SessionSetting(ctx.st);
  if (name.empty()) return;
  pending[name].emplace_back(ctx.st.offset, "\"" + ctx.st.text.substr(0, ctx.st.text.find('\n')) +
                                                "\" changes " + name +
                                                " for the rest of the session, not just this "
                                                "migration.");
}

void CheckFile(const FileContext& f, Reporter& out) {
  for (auto& [name, sets] : f.State<Pending>()) {
    for (auto& [offset, message] : sets) out.Report(offset, std::move(message));
  }
}

}  // namespace
}  // namespace session_level_set_rule

extern const Rule kSessionLevelSet = {
    "session-level-set",
    "session-level SET in a migration",
    "A plain SET lasts until the session ends: run by psql or another tool in one session, "
    "every later migration inherits it (a search_path sends their objects to another schema, "
    "a role or timeout changes what they may do), so the result depends on how migrations "
    "were batched.",
    "SET LOCAL search_path = app, public;   -- ends with the migration's transaction\n"
    "-- in a no-transaction migration, undo it before the end:\n"
    "SET lock_timeout = '5s';\n"
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_user_id ON orders (user_id);\n"
    "RESET lock_timeout;",
    Severity::kWarning,
    session_level_set_rule::Check,
    session_level_set_rule::CheckFile};

}  // namespace pgcrate::lint::rules

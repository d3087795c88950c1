// Detects a session-level SET (SET name = ..., SET SESSION ..., SET ROLE, SELECT
// set_config(name, value, false)) in a migration that is not undone later in the file: the
// setting outlives the migration, so under psql or another tool every later migration of the
// session runs with it (e.g. a search_path that sends their tables to another schema). SET
// LOCAL, SET inside a function definition and SET TRANSACTION end with the transaction.
#include <map>

#include "lint/rule.h"

namespace pgcrate::lint::rules {
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

// Where the file restores settings: the last RESET ALL / DISCARD ALL, and per name the last
// RESET name / SET name TO DEFAULT (statement indexes + 1; 0 = none).
struct Restores {
  size_t all = 0;
  std::map<std::string, size_t, std::less<>> by_name;
};

Restores FindRestores(const FileContext& f) {
  Restores r;
  for (size_t i = 0; i < f.statements.size(); ++i) {
    const sql::Statement& st = f.statements[i];
    sql::JsonRef b = st.node.node_body();
    if (st.node_type == "DiscardStmt" && b["target"].str() == "DISCARD_ALL") r.all = i + 1;
    if (st.node_type != "VariableSetStmt" || b["is_local"].boolean()) continue;
    std::string_view kind = b["kind"].str();
    if (kind == "VAR_RESET_ALL") r.all = i + 1;
    if (kind == "VAR_RESET" || kind == "VAR_SET_DEFAULT") {
      r.by_name[std::string(b["name"].str())] = i + 1;
    }
  }
  return r;
}

// True when a statement after `index` restores `name`. The restores are found once per file,
// on its first statement (statements are checked in order), so a file of many SETs stays
// linear.
bool UndoneLater(const StatementContext& ctx, const std::string& name) {
  static Restores restores;
  if (ctx.index == 0) restores = FindRestores(ctx.file);
  if (restores.all > ctx.index + 1) return true;
  auto it = restores.by_name.find(name);
  return it != restores.by_name.end() && it->second > ctx.index + 1;
}

void Check(const StatementContext& ctx, Reporter& out) {
  if (!ctx.file.file.is_migration) return;   // a plain script may mean to set its session
  if (ctx.index == 0) UndoneLater(ctx, "");  // find the file's restores
  std::string name = SessionSetting(ctx.st);
  if (name.empty() || UndoneLater(ctx, name)) return;
  out.Report(ctx.st.offset, "\"" + ctx.st.text.substr(0, ctx.st.text.find('\n')) + "\" changes " +
                                name + " for the rest of the session, not just this migration.");
}

}  // namespace

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
    Check,
    nullptr};

}  // namespace pgcrate::lint::rules

// Detects, where a migration is NOT atomic, statements that cannot simply be re-run after a
// partial failure: CREATE INDEX CONCURRENTLY without IF NOT EXISTS and DROP INDEX CONCURRENTLY
// without IF EXISTS anywhere (a failed concurrent build leaves an INVALID index behind), and
// CREATE / DROP / ADD COLUMN without IF [NOT] EXISTS in no-transaction migrations. Wrapped
// migrations and explicit BEGIN ... COMMIT blocks roll back as a whole, so re-running them is
// always safe and nothing in them is flagged; neither is CREATE TEMP TABLE (gone with the
// session, so a re-run in a new session creates it afresh).
#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace prefer_robust_stmts_rule {
namespace {

// The statement's "IF [NOT] EXISTS" flag state: true = present or not applicable.
bool Robust(const StatementContext& ctx) {
  sql::JsonRef b = ctx.body();
  const std::string& t = ctx.st.node_type;
  if (t == "CreateStmt" && b["relation"]["relpersistence"].str() == "t") return true;
  if (t == "IndexStmt" || t == "CreateStmt" || t == "CreateSeqStmt" || t == "CreateSchemaStmt" ||
      t == "CreateExtensionStmt") {
    return b["if_not_exists"].boolean();
  }
  if (t == "DropStmt") return b["missing_ok"].boolean();
  if (t == "AlterTableStmt") {
    for (sql::JsonRef cmd : AlterCmds(b)) {
      std::string_view sub = cmd["subtype"].str();
      if ((sub == "AT_AddColumn" || sub == "AT_DropColumn" || sub == "AT_DropConstraint") &&
          !cmd["missing_ok"].boolean()) {
        return false;
      }
    }
  }
  return true;
}

void Check(const StatementContext& ctx, Reporter& out) {
  bool atomic = ctx.st.transactional && ctx.Atomic();
  if (atomic || Robust(ctx)) return;
  out.Report(ctx.st.offset, "\"" + ctx.st.text.substr(0, ctx.st.text.find_first_of("(\n")) +
                                "\" runs outside a transaction but cannot be re-run after a "
                                "failure: add IF NOT EXISTS / IF EXISTS.");
}

}  // namespace
}  // namespace prefer_robust_stmts_rule

extern const Rule kPreferRobustStmts = {
    "prefer-robust-stmts",
    "non-atomic statement that cannot be re-run",
    "Outside a transaction a failure leaves earlier work applied (and a failed CREATE INDEX "
    "CONCURRENTLY leaves an INVALID index), so the fixed migration is run again and fails on "
    "\"already exists\" unless each statement is idempotent.",
    "-- pgcrate: no-transaction\n"
    "-- up\n"
    "DROP INDEX CONCURRENTLY IF EXISTS idx_orders_user_id;  -- removes an INVALID leftover\n"
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_user_id ON orders (user_id);",
    Severity::kWarning,
    prefer_robust_stmts_rule::Check,
    nullptr};

}  // namespace pgcrate::lint::rules

// Detects ALTER COLUMN ... SET NOT NULL on an existing table without a validated CHECK
// (col IS NOT NULL) on it (in the catalog, or added valid / validated earlier in the pending
// migrations): PostgreSQL scans the whole table under ACCESS EXCLUSIVE to prove it.
#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace set_not_null_rule {
namespace {

void Check(const StatementContext& ctx, Reporter& out) {
  if (ctx.st.node_type != "AlterTableStmt") return;
  sql::ObjectName table = ctx.Table(ctx.body()["relation"]);
  if (!ctx.ExistingAndLarge(table)) return;
  // PostgreSQL 12+ skips the scan when a validated CHECK (col IS NOT NULL) proves it.
  int version = ctx.file.settings.server_version_num;
  bool check_proves = version == 0 || version >= 120000;
  for (sql::JsonRef cmd : AlterCmds(ctx.body())) {
    if (cmd["subtype"].str() != "AT_SetNotNull") continue;
    std::string column(cmd["name"].str());
    if (check_proves && ctx.facts.HasNotNullCheck(ColumnKey(table, column))) continue;
    out.Report(ctx.st.offset, "SET NOT NULL on " + table.Qualified() + "." + column +
                                  " scans the whole table under an ACCESS EXCLUSIVE lock.");
  }
}

}  // namespace
}  // namespace set_not_null_rule

extern const Rule kSetNotNull = {
    "set-not-null",
    "SET NOT NULL on a column of an existing table",
    "SET NOT NULL takes an ACCESS EXCLUSIVE lock and scans every row, unless a validated "
    "CHECK (col IS NOT NULL) already proves it (PostgreSQL 12+).",
    "ALTER TABLE orders ADD CONSTRAINT chk_orders_user_id_not_null\n"
    "  CHECK (user_id IS NOT NULL) NOT VALID;\n"
    "-- next migration:\n"
    "ALTER TABLE orders VALIDATE CONSTRAINT chk_orders_user_id_not_null;\n"
    "ALTER TABLE orders ALTER COLUMN user_id SET NOT NULL;  -- instant on PG12+\n"
    "ALTER TABLE orders DROP CONSTRAINT chk_orders_user_id_not_null;",
    Severity::kError,
    set_not_null_rule::Check,
    nullptr};

}  // namespace pgcrate::lint::rules

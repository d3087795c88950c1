// Detects DROP COLUMN on an existing table: running code that selects or inserts the column
// fails once the migration commits.
#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace ban_drop_column_rule {
namespace {

void Check(const StatementContext& ctx, Reporter& out) {
  if (ctx.st.node_type != "AlterTableStmt") return;
  sql::ObjectName table = ctx.Table(ctx.body()["relation"]);
  if (!ctx.Existing(table)) return;
  for (sql::JsonRef cmd : AlterCmds(ctx.body())) {
    if (cmd["subtype"].str() != "AT_DropColumn") continue;
    out.Report(ctx.st.offset, "dropping column " + table.Qualified() + "." +
                                  std::string(cmd["name"].str()) +
                                  " breaks code that still reads or writes it.");
  }
}

}  // namespace
}  // namespace ban_drop_column_rule

extern const Rule kBanDropColumn = {
    "ban-drop-column",
    "DROP COLUMN on an existing table",
    "Running application instances that still read or write the column fail; the data is gone "
    "and the down migration cannot bring it back.",
    "-- deploy code that no longer uses the column first, then in a later migration:\n"
    "ALTER TABLE users DROP COLUMN IF EXISTS legacy_flag;",
    Severity::kError,
    ban_drop_column_rule::Check,
    nullptr};

}  // namespace pgcrate::lint::rules

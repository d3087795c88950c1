// Detects ALTER TABLE ... RENAME TO on an existing table: code using the old name breaks.
#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace renaming_table_rule {
namespace {

void Check(const StatementContext& ctx, Reporter& out) {
  if (ctx.st.node_type != "RenameStmt" || ctx.body()["renameType"].str() != "OBJECT_TABLE") {
    return;
  }
  sql::ObjectName table = ctx.Table(ctx.body()["relation"]);
  if (!ctx.Existing(table)) return;
  out.Report(ctx.st.offset, "renaming table " + table.Qualified() + " to " +
                                std::string(ctx.body()["newname"].str()) +
                                " breaks code that still uses the old name.");
}

}  // namespace
}  // namespace renaming_table_rule

extern const Rule kRenamingTable = {
    "renaming-table",
    "RENAME of an existing table",
    "Running application instances query the old name and fail the moment the rename commits.",
    "ALTER TABLE users RENAME TO accounts;\n"
    "CREATE VIEW users AS SELECT * FROM accounts;  -- keeps old code working until it is gone",
    Severity::kError,
    renaming_table_rule::Check,
    nullptr};

}  // namespace pgcrate::lint::rules

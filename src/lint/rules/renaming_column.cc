// Detects RENAME COLUMN on an existing table: application code still running against the old
// name fails as soon as the migration commits.
#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace renaming_column_rule {
namespace {

void Check(const StatementContext& ctx, Reporter& out) {
  if (ctx.st.node_type != "RenameStmt" || ctx.body()["renameType"].str() != "OBJECT_COLUMN") {
    return;
  }
  sql::ObjectName table = ctx.Table(ctx.body()["relation"]);
  if (!ctx.Existing(table)) return;
  out.Report(ctx.st.offset, "renaming column " + table.Qualified() + "." +
                                std::string(ctx.body()["subname"].str()) + " to " +
                                std::string(ctx.body()["newname"].str()) +
                                " breaks code that still uses the old name.");
}

}  // namespace
}  // namespace renaming_column_rule

extern const Rule kRenamingColumn = {
    "renaming-column",
    "RENAME COLUMN on an existing table",
    "Running application instances query the old name and fail the moment the rename commits.",
    "-- expand / contract over several deploys:\n"
    "ALTER TABLE users ADD COLUMN full_name text;\n"
    "-- deploy code writing both, backfill, deploy code reading full_name, then:\n"
    "ALTER TABLE users DROP COLUMN name;",
    Severity::kError,
    renaming_column_rule::Check,
    nullptr};

}  // namespace pgcrate::lint::rules

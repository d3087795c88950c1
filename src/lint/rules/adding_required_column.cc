// Detects ADD COLUMN ... NOT NULL without a DEFAULT on an existing table: it fails as soon as
// the table has a row, and so breaks deploys that worked on an empty development database.
#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace adding_required_column_rule {
namespace {

void Check(const StatementContext& ctx, Reporter& out) {
  if (ctx.st.node_type != "AlterTableStmt") return;
  sql::ObjectName table = ctx.Table(ctx.body()["relation"]);
  if (!ctx.Existing(table)) return;
  for (sql::JsonRef cmd : AlterCmds(ctx.body())) {
    if (cmd["subtype"].str() != "AT_AddColumn") continue;
    sql::JsonRef col = cmd["def"]["ColumnDef"];
    bool not_null = false, filled = false;
    for (sql::JsonRef con : Constraints(col["constraints"])) {
      std::string_view t = con["contype"].str();
      not_null |= t == "CONSTR_NOTNULL" || t == "CONSTR_PRIMARY";
      filled |= t == "CONSTR_DEFAULT" || t == "CONSTR_IDENTITY" || t == "CONSTR_GENERATED";
    }
    std::string type = TypeName(col["typeName"]);
    filled |= type == "serial" || type == "bigserial" || type == "smallserial";
    if (!not_null || filled) continue;
    out.Report(LocationOr(col, ctx.st.offset),
               "column " + std::string(col["colname"].str()) + " is added to existing table " +
                   table.Qualified() +
                   " as NOT NULL without a DEFAULT; this fails when the "
                   "table has rows.");
  }
}

}  // namespace
}  // namespace adding_required_column_rule

extern const Rule kAddingRequiredColumn = {
    "adding-required-column",
    "new NOT NULL column without a DEFAULT on an existing table",
    "Existing rows would get NULL, so PostgreSQL rejects the ALTER TABLE on any non-empty "
    "table: the migration passes on an empty database and fails in production.",
    "ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new';  -- constant: instant\n"
    "-- or: add it nullable, backfill in batches, then the SET NOT NULL recipe",
    Severity::kError,
    adding_required_column_rule::Check,
    nullptr};

}  // namespace pgcrate::lint::rules

// Detects ALTER COLUMN ... TYPE on an existing table: unless the change is binary-compatible
// (e.g. varchar(n) -> text or a longer varchar), PostgreSQL rewrites the table and rebuilds
// its indexes under ACCESS EXCLUSIVE. With a database, the current type decides.
#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace changing_column_type_rule {
namespace {

// True when the catalog type `from` changes to `to_name(to_mod)` without a rewrite.
bool BinaryCompatible(const std::string& from, const std::string& to_name, int64_t to_mod) {
  bool from_text = from == "text" || from == "character varying";
  bool to_unbounded = to_name == "text" || (to_name == "varchar" && to_mod < 0);
  if ((from_text || from.starts_with("character varying(")) && to_unbounded) return true;
  if (from.starts_with("character varying(") && to_name == "varchar" && to_mod > 0) {
    return std::stoll(from.substr(18)) <= to_mod;
  }
  return false;
}

void Check(const StatementContext& ctx, Reporter& out) {
  if (ctx.st.node_type != "AlterTableStmt") return;
  sql::ObjectName table = ctx.Table(ctx.body()["relation"]);
  if (!ctx.ExistingAndLarge(table)) return;
  for (sql::JsonRef cmd : AlterCmds(ctx.body())) {
    if (cmd["subtype"].str() != "AT_AlterColumnType") continue;
    std::string column(cmd["name"].str());
    sql::JsonRef type = cmd["def"]["ColumnDef"]["typeName"];
    std::string from = ctx.facts.ColumnType(ColumnKey(table, column));
    if (!from.empty() && BinaryCompatible(from, TypeName(type), Typmod(type))) continue;
    out.Report(LocationOr(type, ctx.st.offset),
               "changing the type of " + table.Qualified() + "." + column +
                   (from.empty() ? "" : " from " + from) + " to " + TypeName(type) +
                   " rewrites the table and its indexes under ACCESS EXCLUSIVE.");
  }
}

}  // namespace
}  // namespace changing_column_type_rule

extern const Rule kChangingColumnType = {
    "changing-column-type",
    "column type change that rewrites an existing table",
    "ALTER COLUMN TYPE takes ACCESS EXCLUSIVE and, unless the types are binary-compatible, "
    "rewrites every row and rebuilds every index while reads and writes wait.",
    "ALTER TABLE orders ADD COLUMN amount_new numeric(12,2);\n"
    "-- backfill in batches, keep both in sync (trigger or app), switch reads, then:\n"
    "ALTER TABLE orders DROP COLUMN amount;\n"
    "ALTER TABLE orders RENAME COLUMN amount_new TO amount;",
    Severity::kError,
    changing_column_type_rule::Check,
    nullptr};

}  // namespace pgcrate::lint::rules

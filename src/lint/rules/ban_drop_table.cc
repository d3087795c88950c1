// Detects DROP TABLE of an existing table (one not created earlier in this run): code still
// using it breaks and its data is lost.
#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace ban_drop_table_rule {
namespace {

void Check(const StatementContext& ctx, Reporter& out) {
  if (ctx.st.node_type != "DropStmt" || ctx.body()["removeType"].str() != "OBJECT_TABLE") return;
  for (const auto& table : ctx.an.dropped) {
    if (!ctx.Existing(table)) continue;
    out.Report(ctx.st.offset, "dropping table " + table.Qualified() +
                                  " breaks code that still uses it and loses its data.");
  }
}

}  // namespace
}  // namespace ban_drop_table_rule

extern const Rule kBanDropTable = {
    "ban-drop-table",
    "DROP TABLE of an existing table",
    "Running application instances that still use the table fail, and the data cannot be "
    "restored by a down migration. DROP TABLE also takes ACCESS EXCLUSIVE.",
    "-- stop using the table in code first; keep it renamed for a release if unsure:\n"
    "ALTER TABLE legacy_events RENAME TO legacy_events_deprecated;\n"
    "-- later: DROP TABLE legacy_events_deprecated;",
    Severity::kError,
    ban_drop_table_rule::Check,
    nullptr};

}  // namespace pgcrate::lint::rules

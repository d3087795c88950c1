// Detects TRUNCATE of an existing table: it takes ACCESS EXCLUSIVE and deletes every row,
// which a down migration cannot restore.
#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace ban_truncate_rule {
namespace {

void Check(const StatementContext& ctx, Reporter& out) {
  if (ctx.st.node_type != "TruncateStmt") return;
  for (const auto& table : ctx.an.written) {
    if (!ctx.Existing(table)) continue;
    out.Report(ctx.st.offset, "TRUNCATE " + table.Qualified() +
                                  " deletes every row under an ACCESS EXCLUSIVE lock.");
  }
}

}  // namespace
}  // namespace ban_truncate_rule

extern const Rule kBanTruncate = {
    "ban-truncate",
    "TRUNCATE of an existing table",
    "TRUNCATE takes ACCESS EXCLUSIVE (blocking reads) and removes all data irreversibly; with "
    "CASCADE it empties every referencing table too.",
    "-- delete what must go, in batches, with a WHERE clause:\n"
    "DELETE FROM events WHERE id IN (SELECT id FROM events WHERE created_at < now() - interval "
    "'90 days' LIMIT 5000);",
    Severity::kError,
    ban_truncate_rule::Check,
    nullptr};

}  // namespace pgcrate::lint::rules

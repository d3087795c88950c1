// Detects a migration without a `-- down` section: it cannot be rolled back with
// `pgcrate migrate down` (seed rule: every up has a down).
#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace missing_down_rule {
namespace {

void CheckFile(const FileContext& f, Reporter& out) {
  if (!f.file.is_migration || f.file.has_down) return;
  out.ReportFileWide(0, "migration has no `-- down` section; it cannot be rolled back.");
}

}  // namespace
}  // namespace missing_down_rule

extern const Rule kMissingDown = {
    "missing-down",
    "migration without a down section",
    "Without a down section `pgcrate migrate down` cannot undo the migration when a deploy "
    "must be rolled back.",
    "-- down\n"
    "DROP INDEX CONCURRENTLY IF EXISTS idx_orders_user_id;\n"
    "ALTER TABLE orders DROP COLUMN IF EXISTS user_id;",
    Severity::kWarning,
    nullptr,
    missing_down_rule::CheckFile};

}  // namespace pgcrate::lint::rules

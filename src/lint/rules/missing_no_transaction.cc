// Detects a statement that cannot run inside a transaction block (CREATE INDEX CONCURRENTLY,
// VACUUM, ALTER TYPE ... in old servers, CREATE DATABASE...) in a migration without the
// `-- pgcrate: no-transaction` directive: it fails when the runner wraps the migration.
#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace {

void Check(const StatementContext& ctx, Reporter& out) {
  if (ctx.st.transactional || !Wrapped(ctx.file.file)) return;
  out.Report(ctx.st.offset, "\"" + ctx.st.text.substr(0, ctx.st.text.find_first_of("(\n")) + "\"" +
                                " cannot run inside a transaction block, but the migration "
                                "lacks the `-- pgcrate: no-transaction` directive.");
}

}  // namespace

extern const Rule kMissingNoTransaction = {
    "missing-no-transaction",
    "non-transactional statement without the no-transaction directive",
    "PostgreSQL refuses CREATE INDEX CONCURRENTLY, VACUUM, REINDEX CONCURRENTLY and similar "
    "inside a transaction block, which is how the runner executes a migration.",
    "-- pgcrate: no-transaction\n"
    "-- up\n"
    "CREATE INDEX CONCURRENTLY idx_orders_user_id ON orders (user_id);",
    Severity::kError, Check, nullptr};

}  // namespace pgcrate::lint::rules

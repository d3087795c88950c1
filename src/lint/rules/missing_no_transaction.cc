// Detects a statement that cannot run inside a transaction block (CREATE INDEX CONCURRENTLY,
// VACUUM, ALTER TYPE ... in old servers, CREATE DATABASE...) in a migration without the
// `-- pgcrate: no-transaction` directive, or inside an explicit BEGIN ... COMMIT block of a
// no-transaction migration: PostgreSQL refuses it there, so the migration fails.
#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace missing_no_transaction_rule {
namespace {

std::string Head(const sql::Statement& st) {
  return "\"" + st.text.substr(0, st.text.find_first_of("(\n")) + "\"";
}

void Check(const StatementContext& ctx, Reporter& out) {
  if (ctx.st.transactional) return;
  if (Wrapped(ctx.file.file)) {
    out.Report(ctx.st.offset, Head(ctx.st) +
                                  " cannot run inside a transaction block, but the migration "
                                  "lacks the `-- pgcrate: no-transaction` directive.");
  } else if (ctx.InExplicitBlock()) {
    out.Report(ctx.st.offset, Head(ctx.st) +
                                  " cannot run inside a transaction block, but it follows the "
                                  "BEGIN at line " +
                                  std::to_string(ctx.txn.block_line) +
                                  " of this no-transaction migration.");
  }
}

}  // namespace
}  // namespace missing_no_transaction_rule

extern const Rule kMissingNoTransaction = {
    "missing-no-transaction",
    "non-transactional statement without the no-transaction directive",
    "PostgreSQL refuses CREATE INDEX CONCURRENTLY, VACUUM, REINDEX CONCURRENTLY and similar "
    "inside a transaction block, which is how the runner executes a migration.",
    "-- pgcrate: no-transaction\n"
    "-- up\n"
    "CREATE INDEX CONCURRENTLY idx_orders_user_id ON orders (user_id);",
    Severity::kError,
    missing_no_transaction_rule::Check,
    nullptr};

}  // namespace pgcrate::lint::rules

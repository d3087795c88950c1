// Detects BEGIN / COMMIT / ROLLBACK / SAVEPOINT inside a migration that the runner already
// wraps in a transaction: a COMMIT ends the runner's transaction early, so a later failure
// leaves the migration half applied and unrecorded.
#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace {

void Check(const StatementContext& ctx, Reporter& out) {
  if (ctx.st.kind != sql::StatementKind::kTransactionControl || !Wrapped(ctx.file.file)) return;
  out.Report(ctx.st.offset, "\"" + ctx.st.text.substr(0, 40) +
                                "\" controls the transaction that pgcrate already wraps around "
                                "the migration.");
}

}  // namespace

extern const Rule kTransactionControl = {
    "transaction-control",
    "BEGIN / COMMIT inside a migration the runner wraps",
    "pgcrate runs each migration in one transaction with its tracking row; a COMMIT inside "
    "commits part of it, and a failure after that leaves a half-applied, unrecorded migration.",
    "-- remove BEGIN/COMMIT: the runner already makes the migration atomic.\n"
    "-- Statements that cannot run in a transaction go to their own migration with\n"
    "-- pgcrate: no-transaction",
    Severity::kError, Check, nullptr};

}  // namespace pgcrate::lint::rules

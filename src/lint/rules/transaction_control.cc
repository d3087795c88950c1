// Detects BEGIN / COMMIT / ROLLBACK / SAVEPOINT inside a migration that the runner already
// wraps in a transaction: a COMMIT ends the runner's transaction early, so a later failure
// leaves the migration half applied and unrecorded. In a no-transaction migration, where
// explicit blocks are fine, a BEGIN that nothing closes is flagged.
#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace {

// True when `ctx` is a BEGIN of a no-transaction migration that no COMMIT / ROLLBACK closes.
bool Unclosed(const StatementContext& ctx) {
  std::string_view kind = ctx.body()["kind"].str();
  if (!ctx.file.file.no_transaction || (kind != "TRANS_STMT_BEGIN" && kind != "TRANS_STMT_START")) {
    return false;
  }
  size_t last = ctx.file.statements.size() - 1;
  if (last == ctx.index) return true;
  if (ctx.file.transactions[last] != ctx.index + 1) return false;  // not this block, or closed
  std::string_view end = ctx.file.statements[last].node.node_body()["kind"].str();
  return end != "TRANS_STMT_COMMIT" && end != "TRANS_STMT_ROLLBACK";
}

void Check(const StatementContext& ctx, Reporter& out) {
  if (ctx.st.kind != sql::StatementKind::kTransactionControl) return;
  if (Wrapped(ctx.file.file)) {
    out.Report(ctx.st.offset, "\"" + ctx.st.text.substr(0, 40) +
                                  "\" controls the transaction that pgcrate already wraps "
                                  "around the migration.");
  } else if (Unclosed(ctx)) {
    out.Report(ctx.st.offset, "\"" + ctx.st.text.substr(0, 40) +
                                  "\" opens a transaction that no COMMIT closes before the "
                                  "end of the migration.");
  }
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
    Severity::kError,
    Check,
    nullptr};

}  // namespace pgcrate::lint::rules

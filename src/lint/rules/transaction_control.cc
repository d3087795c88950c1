// Detects BEGIN / COMMIT / ROLLBACK / SAVEPOINT inside a migration that the runner already
// wraps in a transaction: a COMMIT ends the runner's transaction early, so a later failure
// leaves the migration half applied and unrecorded. In a no-transaction migration, where
// explicit blocks are fine, a BEGIN that nothing closes is flagged.
#include <optional>
#include <utility>

#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace transaction_control_rule {
namespace {

// In a no-transaction migration: the BEGIN of the explicit block still open (its offset and
// message), and the file's last statement when it is a BEGIN; either is reported when the
// file ends.
struct Open {
  std::optional<std::pair<size_t, std::string>> block;
  std::optional<std::pair<size_t, std::string>> last_begin;
};

std::string Head(const sql::Statement& st) { return "\"" + st.text.substr(0, 40) + "\""; }

void Follow(const StatementContext& ctx, Open& open) {
  open.last_begin.reset();
  if (ctx.st.node_type != "TransactionStmt") return;
  std::string_view kind = ctx.body()["kind"].str();
  if (kind == "TRANS_STMT_BEGIN" || kind == "TRANS_STMT_START") {
    std::pair<size_t, std::string> at{ctx.st.offset,
                                      Head(ctx.st) +
                                          " opens a transaction that no COMMIT closes before the "
                                          "end of the migration."};
    if (!open.block) {
      open.block = std::move(at);
    } else {
      open.last_begin = std::move(at);  // reported too if nothing follows it
    }
  } else if (((kind == "TRANS_STMT_COMMIT" || kind == "TRANS_STMT_ROLLBACK") &&
              !ctx.body()["chain"].boolean()) ||
             kind == "TRANS_STMT_PREPARE") {
    open.block.reset();
  }
}

void Check(const StatementContext& ctx, Reporter& out) {
  if (Wrapped(ctx.file.file)) {
    if (ctx.st.kind != sql::StatementKind::kTransactionControl) return;
    out.Report(ctx.st.offset, Head(ctx.st) +
                                  " controls the transaction that pgcrate already wraps "
                                  "around the migration.");
  } else if (ctx.file.file.no_transaction) {
    Follow(ctx, ctx.file.State<Open>());
  }
}

void CheckFile(const FileContext& f, Reporter& out) {
  auto& open = f.State<Open>();
  if (open.block) out.Report(open.block->first, std::move(open.block->second));
  if (open.last_begin) out.Report(open.last_begin->first, std::move(open.last_begin->second));
}

}  // namespace
}  // namespace transaction_control_rule

extern const Rule kTransactionControl = {
    "transaction-control",
    "BEGIN / COMMIT inside a migration the runner wraps",
    "pgcrate runs each migration in one transaction with its tracking row; a COMMIT inside "
    "commits part of it, and a failure after that leaves a half-applied, unrecorded migration.",
    "-- remove BEGIN/COMMIT: the runner already makes the migration atomic.\n"
    "-- Statements that cannot run in a transaction go to their own migration with\n"
    "-- pgcrate: no-transaction",
    Severity::kError,
    transaction_control_rule::Check,
    transaction_control_rule::CheckFile};

}  // namespace pgcrate::lint::rules

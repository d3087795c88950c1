// Detects a data backfill (UPDATE of an existing table, or INSERT ... SELECT from one) in a
// transaction that also takes DDL locks on existing tables: the locks are held for as long as
// the backfill runs, blocking the application.
#include <optional>
#include <utility>

#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace unbatched_backfill_rule {
namespace {

// True when the statement takes a SHARE-or-stronger lock on an existing table in a DDL
// statement.
bool TakesDdlLock(const StatementContext& ctx) {
  if (ctx.an.category != sql::Category::kDdl) return false;
  for (const auto& l : ctx.an.locks) {
    if (l.mode >= sql::LockMode::kShare && l.relation.kind != "relation") return true;
  }
  return false;
}

// The current transaction: whether it has taken DDL locks so far, and its backfills seen
// before any (reported as soon as one is taken; forgotten when the transaction ends without).
struct Txn {
  std::optional<size_t> id;
  bool holds = false;
  std::vector<std::pair<size_t, std::string>> backfills;  // offset, message
};

bool Backfill(const StatementContext& ctx, sql::ObjectName& table) {
  const std::string& t = ctx.st.node_type;
  if (t == "UpdateStmt") {
    table = ctx.Table(ctx.body()["relation"]);
    return ctx.ExistingAndLarge(table);
  }
  if (t != "InsertStmt" || !ctx.body()["selectStmt"]["SelectStmt"]["fromClause"].valid()) {
    return false;
  }
  for (const auto& r : ctx.an.read) {
    sql::ObjectName as_table{"table", r.schema, r.name};
    if (ctx.ExistingAndLarge(as_table)) {
      table = as_table;
      return true;
    }
  }
  return false;
}

void Check(const StatementContext& ctx, Reporter& out) {
  // Statements that commit alone (outside any block of a no-transaction migration) hold
  // nothing.
  if (!ctx.Atomic()) return;
  auto& txn = ctx.file.State<Txn>();
  if (txn.id != ctx.txn.id) txn = Txn{ctx.txn.id, false, {}};
  sql::ObjectName table;
  if (Backfill(ctx, table)) {
    std::string message = "backfill over existing table " + table.Qualified() +
                          " runs in the same transaction as DDL locks, which stay held until "
                          "every row is done.";
    if (txn.holds) {
      out.Report(ctx.st.offset, std::move(message));
    } else {
      txn.backfills.emplace_back(ctx.st.offset, std::move(message));
    }
  }
  if (!txn.holds && TakesDdlLock(ctx)) {
    txn.holds = true;
    for (auto& [offset, message] : txn.backfills) out.Report(offset, std::move(message));
    txn.backfills.clear();
  }
}

}  // namespace
}  // namespace unbatched_backfill_rule

extern const Rule kUnbatchedBackfill = {
    "unbatched-backfill",
    "data backfill in a migration that also holds DDL locks",
    "The ALTER TABLE / CREATE INDEX locks taken earlier in the transaction are held until "
    "COMMIT, so a long UPDATE or INSERT ... SELECT over a big table blocks the application "
    "for its whole duration.",
    "-- migration 1: the DDL only\n"
    "ALTER TABLE orders ADD COLUMN total numeric;\n"
    "-- migration 2 (-- pgcrate: no-transaction), or a script: batches by key range\n"
    "UPDATE orders SET total = price * qty WHERE id BETWEEN 1 AND 5000;",
    Severity::kWarning,
    unbatched_backfill_rule::Check,
    nullptr};

}  // namespace pgcrate::lint::rules

// Detects a data backfill (UPDATE of an existing table, or INSERT ... SELECT from one) in a
// transaction that also takes DDL locks on existing tables: the locks are held for as long as
// the backfill runs, blocking the application.
#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace {

// True when the transaction of statements [begin, ...) (while their transaction is the same)
// takes a SHARE-or-stronger lock on an existing table in a DDL statement.
bool ComputeHoldsDdlLocks(const FileContext& f, size_t begin) {
  for (size_t i = begin; i < f.statements.size(); ++i) {
    if (f.transactions[i] != f.transactions[begin]) break;
    if (f.analyses[i].category != sql::Category::kDdl) continue;
    for (const auto& l : f.analyses[i].locks) {
      if (l.mode >= sql::LockMode::kShare && l.relation.kind != "relation") return true;
    }
  }
  return false;
}

// Computed once per transaction, when its first statement is checked (the linter is
// single-threaded, checks statements in order, and a transaction's statements are
// contiguous), so a file of many backfills stays linear. Statements that commit alone (outside
// any block of a no-transaction migration) hold nothing.
bool HoldsDdlLocks(const StatementContext& ctx) {
  static bool holds = false;
  static size_t txn = 0;
  if (ctx.index == 0) txn = static_cast<size_t>(-1);  // a new file
  if (!ctx.Atomic()) return false;
  size_t current = ctx.file.transactions[ctx.index];
  if (current != txn) {
    txn = current;
    holds = ComputeHoldsDdlLocks(ctx.file, ctx.index);
  }
  return holds;
}

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
  bool holds = HoldsDdlLocks(ctx);
  sql::ObjectName table;
  if (!holds || !Backfill(ctx, table)) return;
  out.Report(ctx.st.offset, "backfill over existing table " + table.Qualified() +
                                " runs in the same transaction as DDL locks, which stay held "
                                "until every row is done.");
}

}  // namespace

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
    Check,
    nullptr};

}  // namespace pgcrate::lint::rules

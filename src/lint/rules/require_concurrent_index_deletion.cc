// Detects DROP INDEX without CONCURRENTLY on an index that already exists: it takes an ACCESS
// EXCLUSIVE lock on the index's table, blocking reads and writes while it waits for running
// queries.
#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace require_concurrent_index_deletion_rule {
namespace {

void Check(const StatementContext& ctx, Reporter& out) {
  if (ctx.st.node_type != "DropStmt" || ctx.body()["removeType"].str() != "OBJECT_INDEX" ||
      ctx.body()["concurrent"].boolean()) {
    return;
  }
  for (const auto& index : ctx.an.dropped) {
    const Catalog* cat = ctx.facts.catalog();
    if (ctx.facts.NewIndex(index.Qualified())) continue;
    if (cat && cat->loaded && !cat->indexes.count(index.Qualified())) continue;
    out.Report(ctx.st.offset, "index " + index.Qualified() +
                                  " is dropped without CONCURRENTLY; its table is locked "
                                  "against reads and writes meanwhile.");
  }
}

}  // namespace
}  // namespace require_concurrent_index_deletion_rule

extern const Rule kRequireConcurrentIndexDeletion = {
    "require-concurrent-index-deletion",
    "DROP INDEX on an existing index without CONCURRENTLY",
    "DROP INDEX takes an ACCESS EXCLUSIVE lock on the table the index belongs to; queued behind "
    "a long query it blocks every read and write.",
    "-- pgcrate: no-transaction   (at the top of the migration)\n"
    "DROP INDEX CONCURRENTLY IF EXISTS idx_orders_user_id;",
    Severity::kError,
    require_concurrent_index_deletion_rule::Check,
    nullptr};

}  // namespace pgcrate::lint::rules

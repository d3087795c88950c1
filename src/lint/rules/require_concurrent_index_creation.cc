// Detects CREATE INDEX without CONCURRENTLY on a table that already exists: the build holds a
// SHARE lock on the table, blocking every INSERT, UPDATE and DELETE until it finishes.
#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace require_concurrent_index_creation_rule {
namespace {

void Check(const StatementContext& ctx, Reporter& out) {
  if (ctx.st.node_type != "IndexStmt" || ctx.body()["concurrent"].boolean()) return;
  sql::ObjectName table = ctx.Table(ctx.body()["relation"]);
  if (!ctx.ExistingAndLarge(table)) return;
  std::string name(ctx.body()["idxname"].str());
  out.Report(ctx.st.offset, "index " + (name.empty() ? std::string("(unnamed)") : name) +
                                " is built on existing table " + table.Qualified() +
                                " without CONCURRENTLY; writes to it block until the build ends.");
}

}  // namespace
}  // namespace require_concurrent_index_creation_rule

extern const Rule kRequireConcurrentIndexCreation = {
    "require-concurrent-index-creation",
    "CREATE INDEX on an existing table without CONCURRENTLY",
    "CREATE INDEX takes a SHARE lock on the table: every INSERT, UPDATE and DELETE waits for "
    "the whole index build.",
    "-- pgcrate: no-transaction   (at the top of the migration)\n"
    "CREATE INDEX CONCURRENTLY idx_orders_user_id ON orders (user_id);",
    Severity::kError,
    require_concurrent_index_creation_rule::Check,
    nullptr};

}  // namespace pgcrate::lint::rules

// Detects REINDEX without CONCURRENTLY, VACUUM FULL and CLUSTER on existing tables: they
// rewrite the table or its indexes under ACCESS EXCLUSIVE (or SHARE) locks.
#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace {

void Check(const StatementContext& ctx, Reporter& out) {
  const std::string& type = ctx.st.node_type;
  if (type != "ReindexStmt" && type != "VacuumStmt" && type != "ClusterStmt") return;
  for (const auto& lock : ctx.an.locks) {
    bool heavy = lock.mode == sql::LockMode::kAccessExclusive ||
                 lock.mode == sql::LockMode::kShare;
    if (!heavy) continue;
    sql::ObjectName table = lock.relation;
    if (table.kind == "table" && !ctx.ExistingAndLarge(table)) continue;
    std::string what = type == "ReindexStmt" ? "REINDEX" : type == "VacuumStmt" ? "VACUUM FULL"
                                                                               : "CLUSTER";
    out.Report(ctx.st.offset, what + " locks " + table.Qualified() + " in " +
                                  sql::LockModeName(lock.mode) + " mode for the whole rebuild.");
  }
}

}  // namespace

extern const Rule kExclusiveMaintenance = {
    "exclusive-maintenance",
    "REINDEX / VACUUM FULL / CLUSTER on an existing table",
    "REINDEX holds a SHARE lock on the table (ACCESS EXCLUSIVE on the index); VACUUM FULL and "
    "CLUSTER rewrite the table under ACCESS EXCLUSIVE, blocking reads and writes.",
    "-- pgcrate: no-transaction\n"
    "REINDEX INDEX CONCURRENTLY idx_orders_user_id;\n"
    "-- instead of VACUUM FULL / CLUSTER: plain VACUUM, or pg_repack outside migrations",
    Severity::kError, Check, nullptr};

}  // namespace pgcrate::lint::rules

// Detects ALTER TABLE ... DETACH PARTITION without CONCURRENTLY on a partitioned table that
// already exists: it takes an ACCESS EXCLUSIVE lock on the parent, so queued behind one long
// query it blocks every read and write of every partition (PostgreSQL 14+ can detach
// CONCURRENTLY with a SHARE UPDATE EXCLUSIVE lock instead).
#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace require_concurrent_detach_partition_rule {
namespace {

void Check(const StatementContext& ctx, Reporter& out) {
  if (ctx.st.node_type != "AlterTableStmt") return;
  int version = ctx.file.settings.server_version_num;
  if (version != 0 && version < 140000) return;  // no CONCURRENTLY form before PostgreSQL 14
  sql::ObjectName parent = ctx.Table(ctx.body()["relation"]);
  if (!ctx.Existing(parent)) return;
  for (sql::JsonRef cmd : AlterCmds(ctx.body())) {
    if (cmd["subtype"].str() != "AT_DetachPartition") continue;
    sql::JsonRef part = cmd["def"]["PartitionCmd"];
    if (part["concurrent"].boolean()) continue;
    sql::ObjectName child = ctx.Table(part["name"]);
    out.Report(ctx.st.offset, "partition " + child.Qualified() + " is detached from " +
                                  parent.Qualified() +
                                  " without CONCURRENTLY; the parent is locked against reads "
                                  "and writes meanwhile.");
  }
}

}  // namespace
}  // namespace require_concurrent_detach_partition_rule

extern const Rule kRequireConcurrentDetachPartition = {
    "require-concurrent-detach-partition",
    "DETACH PARTITION on an existing table without CONCURRENTLY",
    "DETACH PARTITION takes an ACCESS EXCLUSIVE lock on the partitioned table: queued behind a "
    "long query it blocks every read and write of all its partitions.",
    "-- pgcrate: no-transaction   (at the top of the migration; PostgreSQL 14+)\n"
    "ALTER TABLE measurements DETACH PARTITION measurements_2023 CONCURRENTLY;",
    Severity::kError,
    require_concurrent_detach_partition_rule::Check,
    nullptr};

}  // namespace pgcrate::lint::rules

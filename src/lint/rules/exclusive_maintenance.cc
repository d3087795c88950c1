// Detects REINDEX without CONCURRENTLY, VACUUM FULL and CLUSTER on existing tables: they
// rewrite the table or its indexes under ACCESS EXCLUSIVE (or SHARE) locks. The forms without
// a table do the same to many tables in turn: REINDEX SCHEMA / DATABASE / SYSTEM, VACUUM FULL
// with no table (every table), and CLUSTER with no table (every table clustered before).
#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace exclusive_maintenance_rule {
namespace {

// The message for a statement naming no table, "" when it is not one of the heavy forms.
std::string WholeSetMessage(const StatementContext& ctx) {
  const std::string& type = ctx.st.node_type;
  sql::JsonRef b = ctx.body();
  if (type == "ReindexStmt" && !b["relation"].valid()) {
    if (sql::OptionOn(b["params"], "concurrently")) return "";
    std::string_view kind = b["kind"].str();
    std::string what = kind == "REINDEX_OBJECT_SCHEMA"   ? "SCHEMA"
                       : kind == "REINDEX_OBJECT_SYSTEM" ? "SYSTEM"
                                                         : "DATABASE";
    std::string name(b["name"].str());
    return "REINDEX " + what + (name.empty() ? "" : " " + name) +
           " rebuilds every index in it, each under a SHARE lock on its table (writes blocked) "
           "and ACCESS EXCLUSIVE on the index.";
  }
  if (type == "VacuumStmt" && b["is_vacuumcmd"].boolean() && !b["rels"].valid() &&
      sql::OptionOn(b["options"], "full")) {
    return "VACUUM FULL without a table rewrites every table of the database, each under an "
           "ACCESS EXCLUSIVE lock.";
  }
  if (type == "ClusterStmt" && !b["relation"].valid()) {
    return "CLUSTER without a table rewrites every table clustered before, each under an "
           "ACCESS EXCLUSIVE lock.";
  }
  return "";
}

void Check(const StatementContext& ctx, Reporter& out) {
  const std::string& type = ctx.st.node_type;
  if (type != "ReindexStmt" && type != "VacuumStmt" && type != "ClusterStmt") return;
  if (std::string whole = WholeSetMessage(ctx); !whole.empty()) {
    out.Report(ctx.st.offset, std::move(whole));
    return;
  }
  for (const auto& lock : ctx.an.locks) {
    bool heavy = lock.mode == sql::LockMode::kAccessExclusive || lock.mode == sql::LockMode::kShare;
    if (!heavy) continue;
    sql::ObjectName table = lock.relation;
    if (table.kind == "table" && !ctx.ExistingAndLarge(table)) continue;
    std::string what = type == "ReindexStmt"  ? "REINDEX"
                       : type == "VacuumStmt" ? "VACUUM FULL"
                                              : "CLUSTER";
    out.Report(ctx.st.offset, what + " locks " + table.Qualified() + " in " +
                                  sql::LockModeName(lock.mode) + " mode for the whole rebuild.");
  }
}

}  // namespace
}  // namespace exclusive_maintenance_rule

extern const Rule kExclusiveMaintenance = {
    "exclusive-maintenance",
    "REINDEX / VACUUM FULL / CLUSTER on an existing table",
    "REINDEX holds a SHARE lock on the table (ACCESS EXCLUSIVE on the index); VACUUM FULL and "
    "CLUSTER rewrite the table under ACCESS EXCLUSIVE, blocking reads and writes.",
    "-- pgcrate: no-transaction\n"
    "REINDEX INDEX CONCURRENTLY idx_orders_user_id;\n"
    "-- instead of VACUUM FULL / CLUSTER: plain VACUUM, or pg_repack outside migrations",
    Severity::kError,
    exclusive_maintenance_rule::Check,
    nullptr};

}  // namespace pgcrate::lint::rules

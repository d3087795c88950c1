// fix vacuum: VACUUM (with ANALYZE / FREEZE when asked) takes a SHARE UPDATE EXCLUSIVE lock
// and does not block reads or writes: low risk. VACUUM FULL rewrites the table under an
// ACCESS EXCLUSIVE lock, blocking everything on it until done: high risk (needs --yes).
#include "dba/fixes/plan.h"

namespace pgcrate::dba::fixes {

Result<FixPlan> PlanVacuum(pg::Connection& conn, const FixOptions& o) {
  auto rel = Resolve(conn, o.object, "rmt", "a table or materialized view");
  if (!rel.ok()) return rel.status();
  std::vector<std::string> opts;
  if (o.full) opts.push_back("FULL");
  if (o.freeze) opts.push_back("FREEZE");
  if (o.analyze) opts.push_back("ANALYZE");
  std::string list;
  for (const auto& x : opts) list += (list.empty() ? "" : ", ") + x;
  FixPlan p;
  p.kind = "vacuum";
  p.object = rel->name;
  p.risk = o.full ? "high" : "low";
  p.sql = {"VACUUM " + (list.empty() ? std::string() : "(" + list + ") ") + rel->name + ";"};
  p.state_sql =
      "SELECT n_live_tup AS live_tuples, n_dead_tup AS dead_tuples, "
      "pg_relation_size(relid) AS bytes, last_vacuum::text AS last_vacuum, "
      "last_analyze::text AS last_analyze, age(c.relfrozenxid) AS xid_age "
      "FROM pg_stat_all_tables s JOIN pg_class c ON c.oid = s.relid "
      "WHERE relid = to_regclass($1)";
  p.verify_check = o.analyze && !o.full ? "stats-age" : "vacuum";
  if (!o.full) p.stats_column = "last_vacuum";  // VACUUM FULL does not set it
  if (o.full) p.notes.push_back("VACUUM FULL holds an ACCESS EXCLUSIVE lock until it finishes");
  return p;
}

}  // namespace pgcrate::dba::fixes

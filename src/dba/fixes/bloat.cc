// fix bloat: REINDEX INDEX CONCURRENTLY rebuilds an index next to the old one and swaps them,
// without blocking writes (PostgreSQL 12+): medium risk (needs --yes; it doubles the space
// for a while and fails on a busy table when lock_timeout is short). --blocking runs a plain
// REINDEX, which blocks writes to the table until done: high risk.
#include "dba/fixes/plan.h"

namespace pgcrate::dba::fixes {

Result<FixPlan> PlanBloat(pg::Connection& conn, const FixOptions& o) {
  auto rel = Resolve(conn, o.object, "i", "an index");
  if (!rel.ok()) return rel.status();
  bool concurrent = !o.blocking && conn.server_version() >= 120000;
  FixPlan p;
  p.kind = "bloat";
  p.object = rel->name;
  p.risk = concurrent ? "medium" : "high";
  p.sql = {std::string("REINDEX INDEX ") + (concurrent ? "CONCURRENTLY " : "") + rel->name + ";"};
  p.state_sql =
      "SELECT pg_relation_size(to_regclass($1)) AS bytes, "
      "(SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass($1)) AS valid";
  p.verify_check = "bloat";
  if (!concurrent) p.notes.push_back("REINDEX without CONCURRENTLY blocks writes to the table");
  return p;
}

}  // namespace pgcrate::dba::fixes

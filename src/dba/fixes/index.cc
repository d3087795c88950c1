// fix index --drop: DROP INDEX CONCURRENTLY, which does not block reads or writes of the
// table but cannot be undone without rebuilding the index: medium risk (needs --yes).
// Refused for an index that backs a constraint (primary key, unique, exclusion) — dropping
// it would change what the table guarantees.
#include "dba/fixes/plan.h"

namespace pgcrate::dba::fixes {

Result<FixPlan> PlanIndex(pg::Connection& conn, const FixOptions& o) {
  auto rel = Resolve(conn, o.object, "iI", "an index");
  if (!rel.ok()) return rel.status();
  auto con = conn.Exec(
      "SELECT conname::text, contype::text FROM pg_constraint "
      "WHERE conindid = $1::oid AND contype IN ('p', 'u', 'x') LIMIT 1",
      {std::to_string(rel->oid)});
  if (!con.ok()) return con.status();
  if (con->rows() > 0) {
    return Status(Code::kRefused, rel->name + " backs the constraint " + con->str(0, 0) +
                                      "; drop the constraint (ALTER TABLE ... DROP CONSTRAINT) "
                                      "if that is really what you want.");
  }
  FixPlan p;
  p.kind = "index";
  p.object = rel->name;
  p.risk = "medium";
  p.sql = {"DROP INDEX CONCURRENTLY " + rel->name + ";"};
  p.state_sql =
      "SELECT to_regclass($1) IS NOT NULL AS exists, "
      "coalesce(pg_relation_size(to_regclass($1)), 0) AS bytes";
  p.verify_check = "indexes";
  p.notes.push_back("to undo, create it again with its definition: " + [&] {
    auto def = conn.Exec("SELECT pg_get_indexdef($1::oid)", {std::to_string(rel->oid)});
    return def.ok() ? def->str(0, 0) : std::string("(unknown)");
  }());
  return p;
}

}  // namespace pgcrate::dba::fixes

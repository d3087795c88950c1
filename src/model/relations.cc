#include "model/relations.h"

namespace pgcrate::model {

Result<Existing> FindRelation(pg::Connection& conn, const std::string& schema,
                              const std::string& name) {
  auto r = conn.ExecCached(
      "SELECT c.oid::bigint, c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = "
      "c.relnamespace WHERE n.nspname = $1 AND c.relname = $2",
      {schema, name});
  if (!r.ok()) return r.status();
  Existing e;
  if (r->rows() > 0) {
    e.oid = static_cast<uint32_t>(r->int64(0, 0));
    e.kind = r->str(0, 1)[0];
  }
  return e;
}

pg::PipelineStep DependentViewsStep(const std::string& regclass) {
  return {
      "WITH RECURSIVE dep(oid, depth) AS ("
      " SELECT r.ev_class, 1 FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid"
      "  WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass"
      "    AND d.refobjid = to_regclass($1) AND r.ev_class <> to_regclass($1)"
      " UNION"
      " SELECT r.ev_class, dep.depth + 1 FROM dep JOIN pg_depend d ON d.refobjid = dep.oid"
      "  JOIN pg_rewrite r ON r.oid = d.objid"
      "  WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass"
      "    AND r.ev_class <> dep.oid AND dep.depth < 100)"
      " SELECT n.nspname, c.relname, c.relkind::text, max(dep.depth) AS depth, c.oid::bigint"
      " FROM dep"
      " JOIN pg_class c ON c.oid = dep.oid JOIN pg_namespace n ON n.oid = c.relnamespace"
      " GROUP BY 1, 2, 3, 5 ORDER BY 4, 1, 2",
      {regclass},
      true};
}

std::vector<Dependent> DependentViewsFrom(const pg::QueryResult& r) {
  std::vector<Dependent> out;
  for (int i = 0; i < r.rows(); ++i)
    out.push_back({static_cast<uint32_t>(r.int64(i, 4)), r.str(i, 0), r.str(i, 1), r.str(i, 2)[0]});
  return out;
}

Result<std::vector<Dependent>> DependentViews(pg::Connection& conn, const std::string& regclass) {
  pg::PipelineStep step = DependentViewsStep(regclass);
  auto r = conn.ExecCached(step.sql, step.params);
  if (!r.ok()) return r.status();
  return DependentViewsFrom(*r);
}

pg::PipelineStep CarryOverStep(const std::string& target, char kind) {
  // Grants, then the comment, then the owner (last: while pgcrate's role still owns the new
  // relation it may grant; ALTER OWNER moves the grants' grantor to the owner). Replacing the
  // old relation needed its owner's rights already, so the role may give it back.
  return {
      "SELECT q FROM ("
      " SELECT 1 AS ord, format('GRANT %s ON %s TO %s%s', a.privilege_type, $1::text,"
      "  CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) "
      "END,"
      "  CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END) AS q"
      " FROM pg_class c, aclexplode(c.relacl) a WHERE c.oid = to_regclass($1)"
      "  AND a.grantee <> c.relowner"
      " UNION ALL"
      " SELECT 2, format('COMMENT ON %s %s IS %L', $2::text, $1::text, d.description)"
      " FROM pg_description d WHERE d.objoid = to_regclass($1)"
      "  AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0"
      " UNION ALL"
      " SELECT 3, format('ALTER %s %s OWNER TO %I', $2::text, $1::text,"
      "  pg_get_userbyid(c.relowner))"
      " FROM pg_class c WHERE c.oid = to_regclass($1)"
      "  AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)"
      ") s ORDER BY ord",
      {target, std::string(kind == 'v' ? "VIEW" : "TABLE")},
      true};
}

std::vector<std::string> CarryOverFrom(const pg::QueryResult& r) {
  std::vector<std::string> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(r.str(i, 0));
  return out;
}

Result<std::vector<std::string>> CarryOverSql(pg::Connection& conn, const std::string& target,
                                              char kind) {
  pg::PipelineStep step = CarryOverStep(target, kind);
  auto r = conn.ExecCached(step.sql, step.params);
  if (!r.ok()) return r.status();
  return CarryOverFrom(*r);
}

}  // namespace pgcrate::model

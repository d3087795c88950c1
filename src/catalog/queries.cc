#include "catalog/queries.h"

#include <utility>

#include "sql/user_schemas.h"

namespace pgcrate::catalog::queries {
namespace {

// Schemas that hold user objects (sql/user_schemas.h).
const std::string kUserNs =
    "(SELECT oid FROM pg_catalog.pg_namespace WHERE " + sql::UserSchemaCondition("nspname") + ")";

// True when the object is not a member of an extension (those belong to CREATE EXTENSION).
std::string NotExtensionMember(const std::string& catalog, const std::string& oid_expr) {
  return "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = 'pg_catalog." +
         catalog + "'::pg_catalog.regclass AND e.objid = " + oid_expr + " AND e.deptype = 'e')";
}

constexpr const char* kComment = "coalesce(pg_catalog.obj_description(";

// `expr`, or `facts` (a constant) when only the linter's facts are read.
std::string Unless(Detail d, const std::string& expr, const char* facts) {
  return d == Detail::kFull ? expr : facts;
}

// The Session query's columns of built-in privileges: acldefault kind and column name.
constexpr std::pair<const char*, const char*> kBuiltinGrantColumns[] = {
    {"r", "builtin_table_grants"},    {"s", "builtin_sequence_grants"},
    {"f", "builtin_function_grants"}, {"T", "builtin_type_grants"},
    {"n", "builtin_schema_grants"},
};

// A JSON array of [grantee, privilege, grantable] for the ACL `acl` in its own order: the
// grantee `owner` becomes "", PUBLIC becomes "public".
std::string GrantsJson(const std::string& acl, const std::string& owner) {
  return "coalesce((SELECT json_agg(json_build_array(CASE WHEN g.grantee = " + owner +
         " THEN '' WHEN g.grantee = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(g.grantee) "
         "END, g.privilege_type, g.is_grantable) ORDER BY g.n) FROM pg_catalog.aclexplode(" +
         acl +
         ") WITH ORDINALITY g(grantor, grantee, privilege_type, is_grantable, n))::text, "
         "'[]')";
}

// The ACL of an object, its built-in default (acldefault of `kind`) when NULL.
std::string AclOrDefault(const std::string& acl, const char* kind, const std::string& owner) {
  return "coalesce(" + acl + ", pg_catalog.acldefault('" + kind + "', " + owner + "))";
}

}  // namespace

// `pub` is the owner the public schema has in a new database: pg_database_owner from
// PostgreSQL 15 on, the bootstrap superuser (oid 10) before (14 has pg_database_owner, but it
// does not own public there).
std::string Session() {
  std::string me = "s.me", pub = "s.pub";
  std::string init =
      "(SELECT i.initprivs FROM pg_catalog.pg_init_privs i WHERE i.classoid = "
      "'pg_catalog.pg_namespace'::pg_catalog.regclass AND i.objoid = 2200 AND i.objsubid = 0)";
  std::string sql =
      "WITH s AS (SELECT (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = "
      "current_user) AS me, CASE WHEN pg_catalog.current_setting('server_version_num')::int "
      ">= 150000 THEN (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = "
      "'pg_database_owner') ELSE 10::pg_catalog.oid END AS pub) "
      "SELECT current_user AS user_name, (SELECT pg_catalog.pg_get_userbyid(d.datdba) FROM "
      "pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database()) AS "
      "database_owner, pg_catalog.pg_get_userbyid(s.pub) AS public_owner, " +
      GrantsJson("coalesce(" + init + ", pg_catalog.acldefault('n', s.pub))", pub) +
      " AS public_grants";
  for (const auto& [kind, name] : kBuiltinGrantColumns) {
    sql += ", " + GrantsJson(std::string("pg_catalog.acldefault('") + kind + "', " + me + ")", me) +
           " AS " + name;
  }
  return sql + " FROM s";
}

std::string DefaultPrivileges() {
  return "SELECT pg_catalog.pg_get_userbyid(d.defaclrole) AS role, coalesce(n.nspname, '') AS "
         "schema, d.defaclobjtype::text AS object_type, " +
         GrantsJson("d.defaclacl", "d.defaclrole") +
         " AS grants FROM pg_catalog.pg_default_acl d LEFT JOIN pg_catalog.pg_namespace n "
         "ON n.oid = d.defaclnamespace WHERE d.defaclnamespace = 0 OR d.defaclnamespace IN " +
         kUserNs +
         " ORDER BY pg_catalog.pg_get_userbyid(d.defaclrole) COLLATE \"C\", "
         "coalesce(n.nspname, '') COLLATE \"C\", d.defaclobjtype";
}

std::string Schemas() {
  return std::string(
             "SELECT n.oid AS oid, n.nspname AS name, "
             "pg_catalog.pg_get_userbyid(n.nspowner) AS owner, ") +
         GrantsJson(AclOrDefault("n.nspacl", "n", "n.nspowner"), "n.nspowner") + " AS grants, " +
         kComment +
         "n.oid, 'pg_namespace'), '') AS comment FROM pg_catalog.pg_namespace n WHERE n.oid IN " +
         kUserNs + " AND " + NotExtensionMember("pg_namespace", "n.oid") +
         " ORDER BY n.nspname COLLATE \"C\"";
}

std::string Extensions() {
  return std::string("SELECT x.extname AS name, n.nspname AS schema, x.extversion AS version, ") +
         kComment +
         "x.oid, 'pg_extension'), '') AS comment FROM pg_catalog.pg_extension x JOIN "
         "pg_catalog.pg_namespace n ON n.oid = x.extnamespace WHERE x.extname <> 'plpgsql' ORDER "
         "BY x.extname COLLATE \"C\"";
}

std::string Types() {
  return std::string(
             "SELECT t.oid AS oid, n.nspname AS schema, t.typname AS name, t.typtype AS kind, "
             "coalesce((SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder) FROM "
             "pg_catalog.pg_enum e WHERE e.enumtypid = t.oid)::text, '[]') AS labels, "
             "CASE t.typtype WHEN 'd' THEN pg_catalog.format_type(t.typbasetype, t.typtypmod) "
             "WHEN 'r' THEN (SELECT pg_catalog.format_type(r.rngsubtype, NULL) FROM "
             "pg_catalog.pg_range r WHERE r.rngtypid = t.oid) ELSE '' END AS base_type, "
             "coalesce(pg_catalog.pg_get_expr(t.typdefaultbin, 0), '') AS default_expr, "
             "t.typnotnull AS not_null, CASE WHEN t.typtype = 'd' AND t.typcollation <> 0 AND "
             "t.typcollation <> (SELECT b.typcollation FROM pg_catalog.pg_type b WHERE b.oid = "
             "t.typbasetype) THEN (SELECT pg_catalog.quote_ident(cn.nspname) || '.' || "
             "pg_catalog.quote_ident(co.collname) FROM pg_catalog.pg_collation co JOIN "
             "pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = "
             "t.typcollation) ELSE '' END AS collation, "
             "coalesce((SELECT json_agg(json_build_array(c.conname, "
             "pg_catalog.pg_get_constraintdef(c.oid)) ORDER BY c.conname COLLATE \"C\") FROM "
             "pg_catalog.pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c')::text, "
             "'[]') AS checks, t.typrelid AS relid, pg_catalog.pg_get_userbyid(t.typowner) AS "
             "owner, ") +
         GrantsJson(AclOrDefault("t.typacl", "T", "t.typowner"), "t.typowner") + " AS grants, " +
         kComment +
         "t.oid, 'pg_type'), '') AS comment FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace "
         "n ON n.oid = t.typnamespace WHERE n.oid IN " +
         kUserNs +
         " AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND (SELECT c.relkind FROM "
         "pg_catalog.pg_class c WHERE c.oid = t.typrelid) = 'c')) AND " +
         NotExtensionMember("pg_type", "t.oid") +
         " ORDER BY n.nspname COLLATE \"C\", t.typname COLLATE \"C\"";
}

std::string Relations(Detail d) {
  return std::string(
             "SELECT c.oid AS oid, n.nspname AS schema, c.relname AS name, c.relkind AS kind, "
             "c.relpersistence AS persistence, "
             "coalesce(pg_catalog.pg_get_partkeydef(c.oid), '') AS partition_key, "
             "coalesce(pg_catalog.pg_get_expr(c.relpartbound, c.oid), '') AS partition_bound, "
             "coalesce((SELECT i.inhparent::pg_catalog.regclass::text FROM pg_catalog.pg_inherits "
             "i WHERE i.inhrelid = c.oid ORDER BY i.inhseqno LIMIT 1), '') AS parent, "
             "coalesce(pg_catalog.array_to_string(c.reloptions, ','), '') AS options, "
             "c.relrowsecurity AS rls_enabled, c.relforcerowsecurity AS rls_forced, "
             "pg_catalog.pg_get_userbyid(c.relowner) AS owner, ") +
         Unless(d, GrantsJson(AclOrDefault("c.relacl", "r", "c.relowner"), "c.relowner"), "'[]'") +
         " AS grants, " + Unless(d, kComment + std::string("c.oid, 'pg_class'), '')"), "''") +
         " AS comment, " +
         Unless(d,
                "CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid) ELSE '' "
                "END",
                "''") +
         " AS view_definition, c.reltuples::bigint "
         "AS row_estimate, c.relpages::bigint AS pages FROM pg_catalog.pg_class c JOIN "
         "pg_catalog.pg_namespace n ON n.oid = "
         "c.relnamespace WHERE c.relkind IN ('r', 'p', 'v', 'm') AND n.oid IN " +
         kUserNs + " AND " + NotExtensionMember("pg_class", "c.oid") +
         " ORDER BY n.nspname COLLATE \"C\", c.relname COLLATE \"C\"";
}

std::string Columns(Detail d) {
  return "SELECT a.attrelid AS relid, a.attname AS name, "
         "pg_catalog.format_type(a.atttypid, a.atttypmod) AS type, " +
         Unless(d,
                "CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN "
                "(SELECT pg_catalog.quote_ident(cn.nspname) || '.' || "
                "pg_catalog.quote_ident(co.collname) FROM pg_catalog.pg_collation co JOIN "
                "pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = "
                "a.attcollation) ELSE '' END",
                "''") +
         " AS collation, " +
         Unless(d, "coalesce(pg_catalog.pg_get_expr(ad.adbin, ad.adrelid), '')", "''") +
         " AS default_expr, "
         "a.attnotnull AS not_null, a.attidentity AS identity, a.attgenerated AS generated, "
         "a.attislocal AS is_local, coalesce(d.description, '') AS comment, " +
         Unless(d, GrantsJson("a.attacl", "c.relowner"), "'[]'") +
         " AS grants, a.attinhcount > 0 AS inherited "
         "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
         "JOIN pg_catalog.pg_type t ON t.oid = a.atttypid LEFT JOIN pg_catalog.pg_attrdef ad ON "
         "ad.adrelid = a.attrelid AND ad.adnum = a.attnum LEFT JOIN pg_catalog.pg_description d ON "
         "d.objoid = a.attrelid AND d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND "
         "d.objsubid = a.attnum WHERE a.attnum > 0 AND NOT "
         "a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'c') AND c.relnamespace IN " +
         kUserNs + " ORDER BY a.attrelid, a.attnum";
}

std::string Constraints(Detail d) {
  return std::string("SELECT co.conrelid AS relid, co.conname AS name, co.contype AS type, ") +
         // For the facts, CHECK constraints as "CHECK (expr)" from pg_get_expr, which costs an
         // eighth of pg_get_constraintdef (no NOT VALID / NO INHERIT suffixes).
         Unless(d, "pg_catalog.pg_get_constraintdef(co.oid)",
                "CASE WHEN co.contype = 'c' THEN 'CHECK (' || pg_catalog.pg_get_expr(co.conbin, "
                "co.conrelid) || ')' ELSE '' END") +
         " AS definition, co.condeferrable AS "
         "deferrable, co.condeferred AS deferred, co.convalidated AS validated, "
         "(co.conislocal AND co.conparentid = 0) AS is_local, " +
         Unless(d,
                "coalesce((SELECT json_agg(a.attname ORDER BY k.i) FROM "
                "pg_catalog.unnest(co.conkey) WITH ORDINALITY k(n, i) JOIN pg_catalog.pg_attribute "
                "a ON a.attrelid = co.conrelid AND a.attnum = k.n)::text, '[]')",
                "'[]'") +
         " AS columns, " +
         Unless(d,
                "coalesce((SELECT json_agg(a.attname ORDER BY k.i) FROM "
                "pg_catalog.unnest(co.confkey) WITH ORDINALITY k(n, i) JOIN "
                "pg_catalog.pg_attribute a ON a.attrelid = co.confrelid AND a.attnum = k.n)::text, "
                "'[]')",
                "'[]'") +
         " AS ref_columns, CASE WHEN co.confrelid <> 0 THEN "
         "co.confrelid::pg_catalog.regclass::text ELSE '' END AS ref_table, " +
         Unless(d, kComment + std::string("co.oid, 'pg_constraint'), '')"), "''") +
         " AS comment FROM pg_catalog.pg_constraint co WHERE "
         "co.conrelid <> 0 AND co.contype IN ('p', 'u', 'f', 'c', 'x') AND co.connamespace IN " +
         kUserNs + " ORDER BY co.conrelid, co.conname COLLATE \"C\"";
}

std::string Indexes(Detail d) {
  return std::string("SELECT i.indrelid AS relid, ic.relname AS name, ") +
         Unless(d, "pg_catalog.pg_get_indexdef(i.indexrelid)", "''") +
         " AS definition, am.amname AS method, "
         "i.indisunique AS is_unique, i.indisprimary AS is_primary, i.indpred IS NOT NULL AS "
         "is_partial, k.conindid IS NOT NULL AS is_constraint, NOT EXISTS (SELECT 1 FROM "
         "pg_catalog.pg_inherits h WHERE h.inhrelid = i.indexrelid) AS is_local, "
         "coalesce((SELECT json_agg(coalesce(a.attname, '') ORDER BY k.i) FROM "
         "pg_catalog.unnest(i.indkey::pg_catalog.int2[]) WITH ORDINALITY k(n, i) LEFT JOIN "
         "pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n WHERE k.i <= "
         "i.indnkeyatts)::text, '[]') AS columns, " +
         Unless(d, kComment + std::string("i.indexrelid, 'pg_class'), '')"), "''") +
         " AS comment FROM pg_catalog.pg_index i JOIN "
         "pg_catalog.pg_class ic "
         "ON ic.oid = i.indexrelid JOIN pg_catalog.pg_am am ON am.oid = ic.relam LEFT JOIN "
         "(SELECT DISTINCT conindid, conrelid FROM pg_catalog.pg_constraint WHERE contype IN "
         "('p', 'u', 'x')) k ON k.conindid = i.indexrelid AND k.conrelid = i.indrelid WHERE "
         "ic.relnamespace IN " +
         kUserNs + " ORDER BY i.indrelid, ic.relname COLLATE \"C\"";
}

std::string Sequences() {
  return std::string(
             "SELECT c.oid AS oid, n.nspname AS schema, c.relname AS name, "
             "pg_catalog.format_type(s.seqtypid, NULL) AS type, s.seqstart AS start_value, "
             "s.seqincrement AS increment_by, s.seqmin AS min_value, s.seqmax AS max_value, "
             "s.seqcache AS cache_size, s.seqcycle AS cycle, coalesce(d.refobjid, 0) AS "
             "owned_by_relid, coalesce(a.attname, '') AS owned_by_column, "
             "coalesce(d.deptype::text, '') AS owned_by_deptype, "
             "pg_catalog.pg_get_userbyid(c.relowner) AS owner, ") +
         GrantsJson(AclOrDefault("c.relacl", "s", "c.relowner"), "c.relowner") + " AS grants, " +
         kComment +
         "c.oid, 'pg_class'), '') AS comment FROM pg_catalog.pg_sequence s JOIN "
         "pg_catalog.pg_class c ON "
         "c.oid = s.seqrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace LEFT JOIN "
         "pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND "
         "d.objid = c.oid AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND "
         "d.refobjsubid > 0 AND d.deptype IN ('a', 'i') LEFT JOIN pg_catalog.pg_attribute a ON "
         "a.attrelid = d.refobjid AND a.attnum = d.refobjsubid WHERE n.oid IN " +
         kUserNs + " AND " + NotExtensionMember("pg_class", "c.oid") +
         " ORDER BY n.nspname COLLATE \"C\", c.relname COLLATE \"C\"";
}

std::string Triggers() {
  return std::string(
             "SELECT t.tgrelid AS relid, t.tgname AS name, pg_catalog.pg_get_triggerdef(t.oid) "
             "AS definition, t.tgenabled AS enabled, t.tgconstraint <> 0 AS is_constraint, "
             "t.tgfoid::pg_catalog.regproc::text AS function, ") +
         kComment +
         "t.oid, 'pg_trigger'), '') AS comment FROM pg_catalog.pg_trigger t JOIN "
         "pg_catalog.pg_class c ON "
         "c.oid = t.tgrelid WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND c.relnamespace IN " +
         kUserNs + " ORDER BY t.tgrelid, t.tgname COLLATE \"C\"";
}

std::string Policies() {
  return "SELECT p.polrelid AS relid, p.polname AS name, p.polcmd AS command, "
         "p.polpermissive AS permissive, coalesce((SELECT "
         "json_agg(r.name ORDER BY r.name COLLATE \"C\") FROM (SELECT CASE WHEN o = 0 THEN "
         "'public' ELSE pg_catalog.pg_get_userbyid(o) END AS name FROM "
         "pg_catalog.unnest(p.polroles) o) r)::text, '[]') AS roles, "
         "coalesce(pg_catalog.pg_get_expr(p.polqual, p.polrelid), '') AS using_expr, "
         "coalesce(pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid), '') AS check_expr "
         "FROM pg_catalog.pg_policy p JOIN pg_catalog.pg_class c ON c.oid = p.polrelid WHERE "
         "c.relnamespace IN " +
         kUserNs + " ORDER BY p.polrelid, p.polname COLLATE \"C\"";
}

std::string Functions() {
  return std::string(
             "SELECT p.oid AS oid, n.nspname AS schema, p.proname AS name, p.prokind AS kind, "
             "pg_catalog.pg_get_function_identity_arguments(p.oid) AS identity_args, "
             "coalesce(pg_catalog.pg_get_function_result(p.oid), '') AS result, CASE WHEN "
             "p.prokind <> 'a' THEN pg_catalog.pg_get_functiondef(p.oid) ELSE '' END AS "
             "definition, l.lanname AS language, coalesce(ag.aggtransfn::text, '') AS agg_sfunc, "
             "coalesce(pg_catalog.format_type(ag.aggtranstype, NULL), '') AS agg_stype, "
             "coalesce(ag.aggfinalfn::text, '-') AS agg_finalfunc, coalesce(ag.agginitval, '') "
             "AS agg_initcond, coalesce(ag.aggcombinefn::text, '-') AS agg_combinefunc, "
             "coalesce(ag.aggsortop::pg_catalog.regoperator::text, '0') AS agg_sortop, "
             "p.proparallel AS parallel, coalesce(ag.aggkind::text, '') AS agg_kind, "
             "pg_catalog.pg_get_userbyid(p.proowner) AS owner, ") +
         GrantsJson(AclOrDefault("p.proacl", "f", "p.proowner"), "p.proowner") + " AS grants, " +
         kComment +
         "p.oid, 'pg_proc'), '') AS comment FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace "
         "n ON n.oid = p.pronamespace JOIN pg_catalog.pg_language l ON l.oid = p.prolang LEFT JOIN "
         "pg_catalog.pg_aggregate ag ON ag.aggfnoid = p.oid WHERE n.oid IN " +
         kUserNs + " AND " + NotExtensionMember("pg_proc", "p.oid") +
         // Constructors of range types are internal parts of their type.
         " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend i WHERE i.classid = "
         "'pg_catalog.pg_proc'::pg_catalog.regclass AND i.objid = p.oid AND i.deptype = 'i')"
         " ORDER BY n.nspname COLLATE \"C\", p.proname COLLATE \"C\", "
         "pg_catalog.pg_get_function_identity_arguments(p.oid) COLLATE \"C\"";
}

std::string Dependencies() {
  return "WITH obj(cls, oid, kind, owner) AS ("
         "SELECT 'pg_catalog.pg_class'::pg_catalog.regclass, c.oid, 'c', c.oid FROM "
         "pg_catalog.pg_class c WHERE c.oid >= 16384 AND c.relkind IN ('r', 'p', 'v', 'm', 'S', "
         "'c') UNION ALL SELECT 'pg_catalog.pg_class'::pg_catalog.regclass, x.indexrelid, 'c', "
         "x.indrelid FROM pg_catalog.pg_index x WHERE x.indexrelid >= 16384 "
         "UNION ALL SELECT 'pg_catalog.pg_rewrite'::pg_catalog.regclass, r.oid, 'c', r.ev_class "
         "FROM pg_catalog.pg_rewrite r WHERE r.oid >= 16384 "
         "UNION ALL SELECT 'pg_catalog.pg_attrdef'::pg_catalog.regclass, d.oid, 'c', d.adrelid "
         "FROM pg_catalog.pg_attrdef d "
         "UNION ALL SELECT 'pg_catalog.pg_constraint'::pg_catalog.regclass, k.oid, CASE WHEN "
         "k.conrelid <> 0 THEN 'c' ELSE 't' END, CASE WHEN k.conrelid <> 0 THEN k.conrelid ELSE "
         "k.contypid END FROM pg_catalog.pg_constraint k WHERE k.oid >= 16384 "
         "UNION ALL SELECT 'pg_catalog.pg_trigger'::pg_catalog.regclass, g.oid, 'c', g.tgrelid "
         "FROM pg_catalog.pg_trigger g WHERE g.oid >= 16384 "
         "UNION ALL SELECT 'pg_catalog.pg_policy'::pg_catalog.regclass, p.oid, 'c', p.polrelid "
         "FROM pg_catalog.pg_policy p "
         "UNION ALL SELECT 'pg_catalog.pg_type'::pg_catalog.regclass, t.oid, CASE WHEN "
         "coalesce(nullif(e.typrelid, 0), nullif(t.typrelid, 0)) IS NOT NULL THEN 'c' ELSE 't' "
         "END, coalesce(nullif(e.typrelid, 0), e.oid, nullif(t.typrelid, 0), t.oid) FROM "
         "pg_catalog.pg_type t LEFT JOIN pg_catalog.pg_type e ON e.oid = t.typelem AND "
         "t.typcategory = 'A' WHERE t.oid >= 16384 "
         "UNION ALL SELECT 'pg_catalog.pg_proc'::pg_catalog.regclass, f.oid, 'f', f.oid FROM "
         "pg_catalog.pg_proc f WHERE f.oid >= 16384) "
         "SELECT DISTINCT a.kind AS from_kind, a.owner AS from_oid, b.kind AS to_kind, b.owner AS "
         "to_oid FROM pg_catalog.pg_depend d JOIN obj "
         "a ON a.cls = d.classid AND a.oid = d.objid JOIN obj b ON b.cls = d.refclassid AND "
         "b.oid = d.refobjid WHERE d.deptype = 'n' AND d.objid >= 16384 AND d.refobjid >= 16384 "
         "AND (a.kind, a.owner) <> (b.kind, b.owner) ORDER BY 1, 2, 3, 4";
}

}  // namespace pgcrate::catalog::queries

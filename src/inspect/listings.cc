#include "inspect/listings.h"

#include <nlohmann/json.hpp>

#include "base/strings.h"
#include "sql/user_schemas.h"

namespace pgcrate::inspect {
namespace {

using nlohmann::ordered_json;

const std::string kUserSchemas = sql::UserSchemaCondition("n.nspname");

struct Listing {
  const char* key;                      // JSON array name
  std::vector<std::string> headers;     // text table headers, one per column
  std::vector<std::string> json_names;  // JSON field per column
  std::vector<char> types;              // 's' string, 'b' bool, 'i' int, 'a' JSON array
};

ordered_json Cell(const pg::QueryResult& r, int row, int col, char type) {
  if (r.is_null(row, col)) return nullptr;
  switch (type) {
    case 'b':
      return r.boolean(row, col);
    case 'i':
      return r.int64(row, col);
    case 'a':
      return ordered_json::parse(r.text(row, col), nullptr, false);
    default:
      return r.str(row, col);
  }
}

std::string CellText(const pg::QueryResult& r, int row, int col, char type) {
  if (type == 'b') return r.boolean(row, col) ? "yes" : "";
  if (type != 'a') return r.str(row, col);
  std::vector<std::string> parts;
  for (const auto& v : ordered_json::parse(r.text(row, col), nullptr, false)) {
    parts.push_back(v.get<std::string>());
  }
  return base::Join(parts, ", ");
}

Result<ListingTable> Query(pg::Connection& conn, const std::string& sql, const pg::Params& params,
                           const Listing& l) {
  auto r = conn.Exec(sql, params);
  if (!r.ok()) return r.status();
  ListingTable out{l.key, l.headers, {}, ordered_json::array()};
  for (int i = 0; i < r->rows(); ++i) {
    ordered_json json_row;
    std::vector<std::string> row;
    for (size_t c = 0; c < l.types.size(); ++c) {
      json_row[l.json_names[c]] = Cell(*r, i, static_cast<int>(c), l.types[c]);
      row.push_back(CellText(*r, i, static_cast<int>(c), l.types[c]));
    }
    out.json.push_back(json_row);
    out.rows.push_back(row);
  }
  return out;
}

}  // namespace

Result<ListingTable> ListExtensions(pg::Connection& conn) {
  Listing l{"extensions",
            {"Name", "Version", "Schema", "Default version", "Update available", "Description"},
            {"name", "version", "schema", "default_version", "update_available", "description"},
            {'s', 's', 's', 's', 'b', 's'}};
  return Query(conn,
               "SELECT e.extname, e.extversion, n.nspname, a.default_version, "
               "coalesce(a.default_version <> e.extversion, false), "
               "pg_catalog.obj_description(e.oid, 'pg_extension') FROM pg_catalog.pg_extension e "
               "JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace LEFT JOIN "
               "pg_catalog.pg_available_extensions a ON a.name = e.extname "
               "ORDER BY e.extname COLLATE \"C\"",
               {}, l);
}

Result<ListingTable> ListRoles(pg::Connection& conn, bool all) {
  Listing l{"roles",
            {"Name", "Superuser", "Login", "Create DB", "Create role", "Replication", "Bypass RLS",
             "Inherit", "Connection limit", "Valid until", "Member of"},
            {"name", "superuser", "login", "create_db", "create_role", "replication", "bypass_rls",
             "inherit", "connection_limit", "valid_until", "member_of"},
            {'s', 'b', 'b', 'b', 'b', 'b', 'b', 'b', 'i', 's', 'a'}};
  return Query(conn,
               "SELECT r.rolname, r.rolsuper, r.rolcanlogin, r.rolcreatedb, r.rolcreaterole, "
               "r.rolreplication, r.rolbypassrls, r.rolinherit, r.rolconnlimit, "
               "r.rolvaliduntil::text, coalesce((SELECT json_agg(g.rolname ORDER BY g.rolname "
               "COLLATE \"C\") FROM pg_catalog.pg_auth_members m JOIN pg_catalog.pg_roles g ON "
               "g.oid = m.roleid WHERE m.member = r.oid)::text, '[]') FROM pg_catalog.pg_roles r "
               "WHERE $1::boolean OR r.rolname !~ '^pg_' ORDER BY r.rolname COLLATE \"C\"",
               {all ? "true" : "false"}, l);
}

Result<ListingTable> ListGrants(pg::Connection& conn, const GrantFilter& f) {
  std::string schema = f.schema, table = f.table;
  if (size_t dot = table.find('.'); dot != std::string::npos) {
    schema = table.substr(0, dot);
    table = table.substr(dot + 1);
  }
  Listing l{"grants",
            {"Type", "Schema", "Name", "Grantee", "Privileges", "With grant option"},
            {"object_type", "schema", "name", "grantee", "privileges", "grantable"},
            {'s', 's', 's', 's', 'a', 'a'}};
  std::string sql =
      std::string(
          "WITH objs AS (SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized "
          "view' "
          "WHEN 'S' THEN 'sequence' WHEN 'f' THEN 'foreign table' ELSE 'table' END AS kind, "
          "n.nspname AS schema, c.relname::text AS name, coalesce(c.relacl, "
          "pg_catalog.acldefault((CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END)::\"char\", "
          "c.relowner)) AS acl "
          "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
          "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND ") +
      kUserSchemas +
      " UNION ALL SELECT 'schema', n.nspname, n.nspname::text, coalesce(n.nspacl, "
      "pg_catalog.acldefault('n'::\"char\", n.nspowner)) FROM pg_catalog.pg_namespace n WHERE " +
      kUserSchemas +
      " UNION ALL SELECT CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END, n.nspname, "
      "p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')', "
      "coalesce(p.proacl, pg_catalog.acldefault('f'::\"char\", p.proowner)) FROM "
      "pg_catalog.pg_proc p JOIN "
      "pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE " +
      kUserSchemas +
      "), g AS (SELECT o.kind, o.schema, o.name, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE "
      "pg_catalog.pg_get_userbyid(a.grantee) END AS grantee, a.privilege_type, a.is_grantable "
      "FROM objs o CROSS JOIN LATERAL pg_catalog.aclexplode(o.acl) a) "
      "SELECT kind, schema, name, grantee, json_agg(privilege_type ORDER BY privilege_type)::text, "
      "coalesce(json_agg(privilege_type ORDER BY privilege_type) FILTER (WHERE is_grantable), "
      "'[]')::text FROM g WHERE ($1 = '' OR schema = $1) AND ($2 = '' OR name = $2 OR "
      "left(name, length($2) + 1) = $2 || '(') AND ($3 = '' OR grantee = $3) GROUP BY kind, "
      "schema, name, grantee "
      "ORDER BY schema COLLATE \"C\", name COLLATE \"C\", kind, grantee COLLATE \"C\"";
  return Query(conn, sql, {schema, table, f.role}, l);
}

}  // namespace pgcrate::inspect

#include "code/impact.h"

#include <nlohmann/json.hpp>

#include "sql/analysis.h"
#include "sql/quote.h"

namespace pgcrate::code::internal {
namespace {

bool KindMatches(const std::string& ref_kind, const std::string& touched) {
  if (ref_kind == "relation") {
    return touched == "table" || touched == "view" || touched == "relation" ||
           touched == "materialized view";
  }
  // A type reference may name a table's row type.
  return touched == "type" || touched == "domain" || touched == "table";
}

bool SchemaMatches(const std::string& ref_schema, const std::string& touched_schema,
                   const std::vector<std::string>& path) {
  if (!ref_schema.empty()) return ref_schema == touched_schema;
  for (const auto& s : path)
    if (s == touched_schema) return true;
  return false;
}

// Tables and types the migration alters or drops.
Result<std::vector<sql::ObjectName>> Touched(const migrate::MigrationFile& f,
                                             const std::vector<std::string>& path) {
  auto stmts = sql::ParseScript(f.up_sql, f.path);
  if (!stmts.ok()) return stmts.status();
  std::vector<sql::ObjectName> out;
  for (const auto& a : sql::AnalyzeScript(stmts.value(), sql::SearchPath(path))) {
    out.insert(out.end(), a.altered.begin(), a.altered.end());
    out.insert(out.end(), a.dropped.begin(), a.dropped.end());
  }
  return out;
}

// Existing objects that depend on `touched` in pg_depend: (kind, schema, name, table).
constexpr const char* kDependents = R"SQL(
WITH RECURSIVE t AS (
  SELECT x.schema, x.name FROM jsonb_to_recordset($1::jsonb) AS x(schema text, name text)
), roots(classid, objid) AS (
  SELECT 'pg_class'::regclass, c.oid FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace JOIN t ON t.schema = n.nspname AND t.name = c.relname
  UNION
  SELECT 'pg_type'::regclass, ty.oid FROM pg_type ty
    JOIN pg_namespace n ON n.oid = ty.typnamespace JOIN t ON t.schema = n.nspname AND t.name = ty.typname
), deps(classid, objid) AS (
  SELECT classid, objid FROM roots
  UNION
  SELECT CASE WHEN d.classid = 'pg_rewrite'::regclass THEN 'pg_class'::regclass ELSE d.classid END,
         CASE WHEN d.classid = 'pg_rewrite'::regclass THEN r.ev_class ELSE d.objid END
  FROM deps
  LEFT JOIN pg_class rc ON deps.classid = 'pg_class'::regclass AND rc.oid = deps.objid
  JOIN pg_depend d ON (d.refclassid = deps.classid AND d.refobjid = deps.objid)
                   OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = rc.reltype)
  LEFT JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid
  WHERE d.deptype IN ('n', 'a')
    AND d.classid IN ('pg_rewrite'::regclass, 'pg_proc'::regclass, 'pg_type'::regclass,
                      'pg_trigger'::regclass, 'pg_policy'::regclass)
    AND NOT (d.classid = 'pg_rewrite'::regclass AND r.ev_class = deps.objid)
)
SELECT CASE c.relkind WHEN 'v' THEN 'view' ELSE 'materialized view' END, n.nspname::text,
       c.relname::text, ''
  FROM deps JOIN pg_class c ON deps.classid = 'pg_class'::regclass AND c.oid = deps.objid
  JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('v', 'm')
UNION ALL
SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END,
       n.nspname::text, p.proname::text, ''
  FROM deps JOIN pg_proc p ON deps.classid = 'pg_proc'::regclass AND p.oid = deps.objid
  JOIN pg_namespace n ON n.oid = p.pronamespace
UNION ALL
SELECT CASE ty.typtype WHEN 'd' THEN 'domain' ELSE 'type' END, n.nspname::text, ty.typname::text, ''
  FROM deps JOIN pg_type ty ON deps.classid = 'pg_type'::regclass AND ty.oid = deps.objid
  JOIN pg_namespace n ON n.oid = ty.typnamespace
  WHERE ty.typtype IN ('d', 'e', 'r')
     OR (ty.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = ty.typrelid) = 'c')
UNION ALL
SELECT 'trigger', '', tg.tgname::text, quote_ident(n.nspname) || '.' || quote_ident(c.relname)
  FROM deps JOIN pg_trigger tg ON deps.classid = 'pg_trigger'::regclass AND tg.oid = deps.objid
  JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
UNION ALL
SELECT 'policy', '', pol.polname::text, quote_ident(n.nspname) || '.' || quote_ident(c.relname)
  FROM deps JOIN pg_policy pol ON deps.classid = 'pg_policy'::regclass AND pol.oid = deps.objid
  JOIN pg_class c ON c.oid = pol.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
)SQL";

Status AddDependents(pg::Connection& conn, const CodeSet& code,
                     const std::vector<sql::ObjectName>& touched, Impact& out) {
  nlohmann::json names = nlohmann::json::array();
  for (const auto& t : touched) names.push_back({{"schema", t.schema}, {"name", t.name}});
  auto r = conn.Exec(kDependents, {names.dump()});
  if (!r.ok()) return r.status();
  for (int row = 0; row < r->rows(); ++row) {
    std::string kind = r->str(row, 0), schema = r->str(row, 1), name = r->str(row, 2),
                table = r->str(row, 3);
    for (size_t i = 0; i < code.objects.size(); ++i) {
      const CodeObject& o = code.objects[i];
      if (o.kind != kind || o.name != name) continue;
      if (table.empty() ? o.schema != schema : o.table != table) continue;
      out.emplace(i, "depends on a table or type the migration changes (pg_depend)");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<Impact> MigrationImpact(pg::Connection& conn, const CodeSet& code,
                               const migrate::MigrationFile& migration,
                               const std::vector<std::string>& search_path) {
  Impact out;
  auto touched = Touched(migration, search_path);
  if (!touched.ok()) return touched.status();
  if (touched->empty()) return out;
  for (size_t i = 0; i < code.objects.size(); ++i) {
    for (const auto& ref : code.objects[i].external) {
      for (const auto& t : touched.value()) {
        if (ref.name != t.name || !KindMatches(ref.kind, t.kind)) continue;
        if (!SchemaMatches(ref.schema, t.schema, search_path)) continue;
        out.emplace(i, "reads " + sql::QualifiedName(t.schema, t.name) + ", which the migration " +
                           "alters or drops");
      }
    }
  }
  PGCRATE_RETURN_IF_ERROR(AddDependents(conn, code, touched.value(), out));
  return out;
}

}  // namespace pgcrate::code::internal

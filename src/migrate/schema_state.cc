#include "migrate/schema_state.h"

#include <map>

#include "pg/own_tables.h"
#include "pg/text_array.h"

namespace pgcrate::migrate {
namespace {

constexpr const char* kStateTable = "pgcrate.schema_state";
constexpr const char* kCreateState =
    "CREATE TABLE IF NOT EXISTS pgcrate.schema_state (\n"
    "    module TEXT NOT NULL,\n"
    "    object TEXT NOT NULL,\n"
    "    hash TEXT NOT NULL,\n"
    "    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now(),\n"
    "    PRIMARY KEY (module, object)\n"
    ")";

// Every relation (columns, defaults, constraints, indexes, triggers, view text), function,
// procedure, enum and domain of schema $1 with the md5 of its definition; $2 is the tracking
// table's name when it lives in that schema (left out).
constexpr const char* kObjectsSql = R"SQL(
WITH ns AS (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = $1)
SELECT kind || ' ' || name AS object, md5(coalesce(def, '')) FROM (
  SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'
           WHEN 'S' THEN 'sequence' WHEN 'f' THEN 'foreign table' ELSE 'table' END AS kind,
         pg_catalog.quote_ident(c.relname) AS name,
         concat_ws(E'\n',
           (SELECT string_agg(a.attname || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod)
                              || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
                              || coalesce(' DEFAULT ' || pg_catalog.pg_get_expr(d.adbin, d.adrelid), ''),
                              E'\n' ORDER BY a.attnum)
              FROM pg_catalog.pg_attribute a
              LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
           CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid) END,
           (SELECT string_agg(k.conname || ' ' || pg_catalog.pg_get_constraintdef(k.oid), E'\n'
                              ORDER BY k.conname)
              FROM pg_catalog.pg_constraint k WHERE k.conrelid = c.oid),
           (SELECT string_agg(pg_catalog.pg_get_indexdef(i.indexrelid), E'\n' ORDER BY 1)
              FROM pg_catalog.pg_index i WHERE i.indrelid = c.oid),
           (SELECT string_agg(pg_catalog.pg_get_triggerdef(t.oid), E'\n' ORDER BY t.tgname)
              FROM pg_catalog.pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal)) AS def
    FROM pg_catalog.pg_class c
   WHERE c.relnamespace = (SELECT oid FROM ns) AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
     AND c.relname IS DISTINCT FROM $2
  UNION ALL
  SELECT CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END,
         pg_catalog.quote_ident(p.proname) || '(' ||
           pg_catalog.pg_get_function_identity_arguments(p.oid) || ')',
         pg_catalog.pg_get_functiondef(p.oid)
    FROM pg_catalog.pg_proc p
   WHERE p.pronamespace = (SELECT oid FROM ns) AND p.prokind IN ('f', 'p')
  UNION ALL
  SELECT CASE t.typtype WHEN 'e' THEN 'enum' ELSE 'domain' END,
         pg_catalog.quote_ident(t.typname),
         concat_ws(E'\n', pg_catalog.format_type(t.typbasetype, t.typtypmod),
                   (SELECT string_agg(e.enumlabel, E'\n' ORDER BY e.enumsortorder)
                      FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid),
                   (SELECT string_agg(pg_catalog.pg_get_constraintdef(k.oid), E'\n' ORDER BY 1)
                      FROM pg_catalog.pg_constraint k WHERE k.contypid = t.oid))
    FROM pg_catalog.pg_type t
   WHERE t.typnamespace = (SELECT oid FROM ns) AND t.typtype IN ('e', 'd')
) objects
ORDER BY 1
)SQL";

Result<std::map<std::string, std::string>> LiveObjects(pg::Connection& conn, const Tracking& t,
                                                       const std::string& schema) {
  std::optional<std::string> own_table;
  if (t.schema == schema) own_table = t.table;
  auto r = conn.Exec(kObjectsSql, {schema, own_table});
  if (!r.ok()) return r.status();
  std::map<std::string, std::string> out;
  for (int i = 0; i < r->rows(); ++i) out[r->str(i, 0)] = r->str(i, 1);
  return out;
}

}  // namespace

Result<std::vector<std::string>> SchemaDrift(pg::Connection& conn, const Tracking& t,
                                             const std::string& schema) {
  std::vector<std::string> out;
  auto exists = pg::OwnTableExists(conn, kStateTable);
  if (!exists.ok()) return exists.status();
  if (!exists.value()) return out;
  auto rows =
      conn.Exec("SELECT object, hash FROM pgcrate.schema_state WHERE module = $1", {t.module});
  if (!rows.ok()) return rows.status();
  if (rows->rows() == 0) return out;  // no baseline yet
  std::map<std::string, std::string> recorded;
  for (int i = 0; i < rows->rows(); ++i) recorded[rows->str(i, 0)] = rows->str(i, 1);
  auto live = LiveObjects(conn, t, schema);
  if (!live.ok()) return live.status();
  auto label = [&schema](char mark, const std::string& object) {
    size_t space = object.find(' ');
    return std::string(1, mark) + object.substr(0, space + 1) + schema + "." +
           object.substr(space + 1);
  };
  std::map<std::string, std::string> found;  // by object, for name order
  for (const auto& [object, hash] : live.value()) {
    auto it = recorded.find(object);
    if (it == recorded.end()) {
      found[object] = label('+', object);
    } else if (it->second != hash) {
      found[object] = label('~', object);
    }
  }
  for (const auto& [object, hash] : recorded) {
    if (!live->count(object)) found[object] = label('-', object);
  }
  for (auto& [object, line] : found) out.push_back(std::move(line));
  return out;
}

Status RecordSchemaState(pg::Connection& conn, const Tracking& t, const std::string& schema,
                         bool only_if_missing) {
  PGCRATE_RETURN_IF_ERROR(pg::EnsureOwnTable(conn, kStateTable, kCreateState));
  if (only_if_missing) {
    auto any =
        conn.Exec("SELECT 1 FROM pgcrate.schema_state WHERE module = $1 LIMIT 1", {t.module});
    if (!any.ok()) return any.status();
    if (any->rows() > 0) return Status::Ok();
  }
  auto live = LiveObjects(conn, t, schema);
  if (!live.ok()) return live.status();
  std::vector<std::string> objects, hashes;
  for (const auto& [object, hash] : live.value()) {
    objects.push_back(object);
    hashes.push_back(hash);
  }
  auto tx = pg::Transaction::Begin(conn);
  if (!tx.ok()) return tx.status();
  auto del = conn.Exec("DELETE FROM pgcrate.schema_state WHERE module = $1", {t.module});
  if (!del.ok()) return del.status();
  auto ins = conn.Exec(
      "INSERT INTO pgcrate.schema_state (module, object, hash) "
      "SELECT $1, o, h FROM unnest($2::text[], $3::text[]) AS u(o, h)",
      {t.module, pg::TextArrayParam(objects), pg::TextArrayParam(hashes)});
  if (!ins.ok()) return ins.status();
  return (*tx)->Commit();
}

}  // namespace pgcrate::migrate

#include "code/state.h"

#include <nlohmann/json.hpp>

#include "pg/columns.h"

namespace pgcrate::code {
namespace {

constexpr const char* kCreate =
    "CREATE TABLE IF NOT EXISTS pgcrate.code_objects (\n"
    "  identity text PRIMARY KEY,\n"
    "  kind text NOT NULL,\n"
    "  schema_name text NOT NULL,\n"
    "  object_name text NOT NULL,\n"
    "  args text NOT NULL DEFAULT '',\n"
    "  table_name text NOT NULL DEFAULT '',\n"
    "  file text NOT NULL,\n"
    "  sha256 text NOT NULL,\n"
    "  interface text NOT NULL DEFAULT '',\n"
    "  drop_sql text NOT NULL,\n"
    "  depends_on text[] NOT NULL DEFAULT '{}',\n"
    "  applied_at timestamptz NOT NULL DEFAULT now()\n"
    ")";

Result<bool> TableExists(pg::Connection& conn) {
  auto r = conn.Exec("SELECT to_regclass('pgcrate.code_objects') IS NOT NULL");
  if (!r.ok()) return r.status();
  return r->boolean(0, 0);
}

std::vector<std::string> TextArray(const pg::QueryResult& r, int row, int col) {
  std::vector<std::string> out;
  auto j = nlohmann::json::parse(r.text(row, col), nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& e : j) out.push_back(e.get<std::string>());
  return out;
}

}  // namespace

Status EnsureStateTable(pg::Connection& conn) {
  auto exists = TableExists(conn);
  if (!exists.ok()) return exists.status();
  if (exists.value()) return Status::Ok();
  auto schema = conn.Exec("SELECT 1 FROM pg_namespace WHERE nspname = 'pgcrate'");
  if (!schema.ok()) return schema.status();
  if (schema->rows() == 0) PGCRATE_RETURN_IF_ERROR(conn.Run("CREATE SCHEMA pgcrate"));
  Status st = conn.Run(kCreate);
  // Two runners racing on CREATE ... IF NOT EXISTS: the loser's unique violation is harmless.
  if (!st.ok() && st.sqlstate() == "23505") return conn.Run(kCreate);
  return st;
}

Result<std::map<std::string, StateRow>> ReadState(pg::Connection& conn) {
  std::map<std::string, StateRow> out;
  auto exists = TableExists(conn);
  if (!exists.ok()) return exists.status();
  if (!exists.value()) return out;
  auto r = conn.Exec(
      "SELECT identity, kind, schema_name, object_name, args, table_name, file, sha256, "
      "interface, drop_sql, to_json(depends_on)::text AS deps, "
      "to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS at "
      "FROM pgcrate.code_objects ORDER BY identity");
  if (!r.ok()) return r.status();
  pg::Columns c(*r, "code_objects");
  const int id = c("identity"), kind = c("kind"), schema = c("schema_name"),
            name = c("object_name"), args = c("args"), table = c("table_name"), file = c("file"),
            sha = c("sha256"), iface = c("interface"), drop = c("drop_sql"), deps = c("deps"),
            at = c("at");
  PGCRATE_RETURN_IF_ERROR(c.status());
  for (int i = 0; i < r->rows(); ++i) {
    StateRow row{r->str(i, id),    r->str(i, kind),  r->str(i, schema), r->str(i, name),
                 r->str(i, args),  r->str(i, table), r->str(i, file),   r->str(i, sha),
                 r->str(i, iface), r->str(i, drop),  r->str(i, at),     TextArray(*r, i, deps)};
    out[row.identity] = std::move(row);
  }
  return out;
}

Status RecordObjects(pg::Connection& conn, const CodeSet& set, const std::vector<size_t>& objects) {
  if (objects.empty()) return Status::Ok();
  nlohmann::json rows = nlohmann::json::array();
  for (size_t i : objects) {
    const CodeObject& o = set.objects[i];
    nlohmann::json deps = nlohmann::json::array();
    for (size_t d : o.deps) deps.push_back(set.objects[d].identity);
    rows.push_back({{"identity", o.identity},
                    {"kind", o.kind},
                    {"schema", o.schema},
                    {"name", o.name},
                    {"args", o.args},
                    {"tab", o.table},
                    {"file", o.file},
                    {"sha", o.hash},
                    {"iface", o.interface},
                    {"drop", o.drop_sql},
                    {"deps", deps}});
  }
  return conn
      .Exec(
          "INSERT INTO pgcrate.code_objects AS t (identity, kind, schema_name, object_name, "
          "args, table_name, file, sha256, interface, drop_sql, depends_on, applied_at) "
          "SELECT x.identity, x.kind, x.schema, x.name, x.args, x.tab, x.file, x.sha, x.iface, "
          "x.drop, ARRAY(SELECT jsonb_array_elements_text(x.deps)), now() "
          "FROM jsonb_to_recordset($1::jsonb) AS x(identity text, kind text, schema text, "
          "name text, args text, tab text, file text, sha text, iface text, drop text, "
          "deps jsonb) "
          "ON CONFLICT (identity) DO UPDATE SET kind = EXCLUDED.kind, "
          "schema_name = EXCLUDED.schema_name, object_name = EXCLUDED.object_name, "
          "args = EXCLUDED.args, table_name = EXCLUDED.table_name, file = EXCLUDED.file, "
          "sha256 = EXCLUDED.sha256, interface = EXCLUDED.interface, "
          "drop_sql = EXCLUDED.drop_sql, depends_on = EXCLUDED.depends_on, "
          "applied_at = EXCLUDED.applied_at",
          {rows.dump()})
      .status();
}

Status ForgetObjects(pg::Connection& conn, const std::vector<std::string>& identities) {
  if (identities.empty()) return Status::Ok();
  nlohmann::json ids = identities;
  return conn
      .Exec(
          "DELETE FROM pgcrate.code_objects WHERE identity IN "
          "(SELECT jsonb_array_elements_text($1::jsonb))",
          {ids.dump()})
      .status();
}

ObjectRef RefOf(const CodeObject& o) { return {o.kind, o.schema, o.name, o.args, o.table}; }
ObjectRef RefOf(const StateRow& r) { return {r.kind, r.schema, r.name, r.args, r.table}; }

Result<std::vector<bool>> ExistingObjects(pg::Connection& conn,
                                          const std::vector<ObjectRef>& objects) {
  std::vector<bool> out(objects.size(), false);
  if (objects.empty()) return out;
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& o : objects) {
    std::string args = o.args == "(*)" ? "()" : o.args;
    rows.push_back({{"kind", o.kind},
                    {"schema", o.schema},
                    {"name", o.name},
                    {"args", args},
                    {"tab", o.table}});
  }
  // Names are passed as text and resolved by the server (quote_ident / to_reg*), never spliced.
  auto r = conn.Exec(
      "SELECT x.n - 1 AS i, CASE "
      "WHEN x.kind IN ('view', 'materialized view') THEN "
      "  to_regclass(quote_ident(x.schema) || '.' || quote_ident(x.name)) IS NOT NULL "
      "WHEN x.kind IN ('function', 'procedure', 'aggregate') THEN "
      "  to_regprocedure(quote_ident(x.schema) || '.' || quote_ident(x.name) || x.args) "
      "  IS NOT NULL "
      "WHEN x.kind IN ('type', 'domain') THEN "
      "  to_regtype(quote_ident(x.schema) || '.' || quote_ident(x.name)) IS NOT NULL "
      "WHEN x.kind = 'trigger' THEN EXISTS (SELECT 1 FROM pg_trigger t "
      "  WHERE t.tgrelid = to_regclass(x.tab) AND t.tgname = x.name) "
      "WHEN x.kind = 'policy' THEN EXISTS (SELECT 1 FROM pg_policy p "
      "  WHERE p.polrelid = to_regclass(x.tab) AND p.polname = x.name) "
      "ELSE false END AS present "
      "FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (kind text, schema text, name text, "
      "args text, tab text)) WITH ORDINALITY AS x(kind, schema, name, args, tab, n)",
      {rows.dump()});
  if (!r.ok()) return r.status();
  for (int i = 0; i < r->rows(); ++i) {
    auto idx = static_cast<size_t>(r->int64(i, 0));
    if (idx < out.size()) out[idx] = r->boolean(i, 1);
  }
  return out;
}

}  // namespace pgcrate::code

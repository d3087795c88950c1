#include "code/state.h"

#include <nlohmann/json.hpp>

#include "pg/columns.h"
#include "pg/own_tables.h"

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

// The argument types of an identity's "(int4, \"My, Type\")": split at the ", " pgcrate wrote
// between them, not inside a quoted name.
std::vector<std::string> ArgTypes(const std::string& args) {
  std::vector<std::string> out;
  if (args.size() < 2) return out;
  std::string inner = args.substr(1, args.size() - 2), cur;
  bool quoted = false;
  for (size_t i = 0; i < inner.size(); ++i) {
    char c = inner[i];
    if (c == '"') quoted = !quoted;
    if (!quoted && c == ',' && i + 1 < inner.size() && inner[i + 1] == ' ') {
      out.push_back(cur);
      cur.clear();
      ++i;
      continue;
    }
    cur += c;
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
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
  return pg::EnsureOwnTable(conn, "pgcrate.code_objects", kCreate);
}

Result<std::map<std::string, StateRow>> ReadState(pg::Connection& conn) {
  std::map<std::string, StateRow> out;
  auto exists = pg::OwnTableExists(conn, "pgcrate.code_objects");
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
                    {"types", ArgTypes(args)},
                    {"tab", o.table}});
  }
  // Names are passed as text and resolved by the server (quote_ident / to_reg*), never spliced.
  auto r = conn.Exec(
      "SELECT x.n - 1 AS i, CASE "
      "WHEN x.kind IN ('view', 'materialized view') THEN "
      "  to_regclass(quote_ident(x.schema) || '.' || quote_ident(x.name)) IS NOT NULL "
      // to_regprocedure raises (not NULL) when an argument type is missing: check them first.
      "WHEN x.kind IN ('function', 'procedure', 'aggregate') THEN CASE "
      "  WHEN (SELECT bool_and(to_regtype(t) IS NOT NULL) "
      "        FROM jsonb_array_elements_text(x.types) AS t) IS FALSE THEN false "
      "  ELSE to_regprocedure(quote_ident(x.schema) || '.' || quote_ident(x.name) || x.args) "
      "  IS NOT NULL END "
      "WHEN x.kind IN ('type', 'domain') THEN "
      "  to_regtype(quote_ident(x.schema) || '.' || quote_ident(x.name)) IS NOT NULL "
      "WHEN x.kind = 'trigger' THEN EXISTS (SELECT 1 FROM pg_trigger t "
      "  WHERE t.tgrelid = to_regclass(x.tab) AND t.tgname = x.name) "
      "WHEN x.kind = 'policy' THEN EXISTS (SELECT 1 FROM pg_policy p "
      "  WHERE p.polrelid = to_regclass(x.tab) AND p.polname = x.name) "
      "ELSE false END AS present "
      "FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (kind text, schema text, name text, "
      "args text, types jsonb, tab text)) WITH ORDINALITY AS x(kind, schema, name, args, types, "
      "tab, n)",
      {rows.dump()});
  if (!r.ok()) return r.status();
  for (int i = 0; i < r->rows(); ++i) {
    auto idx = static_cast<size_t>(r->int64(i, 0));
    if (idx < out.size()) out[idx] = r->boolean(i, 1);
  }
  return out;
}

}  // namespace pgcrate::code

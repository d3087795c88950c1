#include "migrate/foreign_tracking.h"

#include "pg/own_tables.h"

namespace pgcrate::migrate {
namespace {

constexpr const char* kStore = "pgcrate.foreign_tracking";
constexpr const char* kCreateStore =
    "CREATE TABLE IF NOT EXISTS pgcrate.foreign_tracking (\n"
    "    schema_name TEXT NOT NULL,\n"
    "    relation TEXT NOT NULL,\n"
    "    tool TEXT NOT NULL,\n"
    "    adopted_at TIMESTAMPTZ NOT NULL DEFAULT now(),\n"
    "    PRIMARY KEY (schema_name, relation)\n"
    ")";

}  // namespace

Status EnsureForeignTrackingStore(pg::Connection& conn) {
  return pg::EnsureOwnTable(conn, kStore, kCreateStore);
}

Status RecordForeignTracking(pg::Connection& conn, const std::string& tool,
                             const std::string& quoted_table, bool whole_schema) {
  auto r = conn.Exec(
      "INSERT INTO pgcrate.foreign_tracking (schema_name, relation, tool) "
      "SELECT n.nspname, CASE WHEN $3 THEN '' ELSE c.relname END, $2 "
      "  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
      " WHERE c.oid = pg_catalog.to_regclass($1) "
      "ON CONFLICT (schema_name, relation) DO UPDATE SET tool = EXCLUDED.tool "
      "RETURNING 1",
      {quoted_table, tool, whole_schema ? "true" : "false"});
  if (!r.ok()) return Status(r.status()).Prefix("recording " + tool + "'s tracking table: ");
  if (r->rows() == 0) {
    return Status(Code::kNotFound, tool + "'s tracking table " + quoted_table + " does not exist.");
  }
  return Status::Ok();
}

Result<ForeignTracking> ReadForeignTracking(pg::Connection& conn) {
  ForeignTracking out;
  auto exists = pg::OwnTableExists(conn, kStore);
  if (!exists.ok()) return exists.status();
  if (!*exists) return out;
  auto r = conn.Exec("SELECT schema_name, relation FROM pgcrate.foreign_tracking");
  if (!r.ok()) return r.status();
  for (int i = 0; i < r->rows(); ++i) {
    if (r->str(i, 1).empty()) {
      out.schemas.insert(r->str(i, 0));
    } else {
      out.relations.insert(r->str(i, 0) + "." + r->str(i, 1));
    }
  }
  return out;
}

}  // namespace pgcrate::migrate

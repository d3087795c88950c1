#include "pg/own_tables.h"

#include <string>

namespace pgcrate::pg {

Result<bool> OwnTableExists(Connection& conn, std::string_view qualified) {
  auto r = conn.Exec("SELECT to_regclass($1) IS NOT NULL", {std::string(qualified)});
  if (!r.ok()) return r.status();
  return r->boolean(0, 0);
}

Status EnsureOwnTable(Connection& conn, std::string_view qualified, std::string_view create_sql) {
  auto exists = OwnTableExists(conn, qualified);
  if (!exists.ok()) return exists.status();
  if (exists.value()) return Status::Ok();
  auto schema = conn.Exec("SELECT 1 FROM pg_namespace WHERE nspname = 'pgcrate'");
  if (!schema.ok()) return schema.status();
  if (schema->rows() == 0) PGCRATE_RETURN_IF_ERROR(conn.Run("CREATE SCHEMA IF NOT EXISTS pgcrate"));
  Status st = conn.Run(create_sql);
  // Two runners racing on CREATE ... IF NOT EXISTS: the loser's unique violation is harmless.
  if (!st.ok() && st.sqlstate() == "23505") return conn.Run(create_sql);
  return st;
}

}  // namespace pgcrate::pg

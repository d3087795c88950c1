#include "migrate/store.h"

#include <map>

#include "base/strings.h"

namespace pgcrate::migrate {

const char* const kCreateTrackingSql =
    "CREATE SCHEMA IF NOT EXISTS pgcrate;\n"
    "CREATE TABLE IF NOT EXISTS pgcrate.schema_migrations (\n"
    "    version TEXT PRIMARY KEY,\n"
    "    applied_at TIMESTAMPTZ DEFAULT now(),\n"
    "    name TEXT,\n"
    "    checksum TEXT,\n"
    "    execution_ms BIGINT,\n"
    "    applied_by TEXT DEFAULT current_user\n"
    ");\n";

namespace {

// Columns added after the original (version, applied_at) table, with their definitions.
const std::vector<std::pair<std::string, std::string>>& NewerColumns() {
  static const std::vector<std::pair<std::string, std::string>> cols = {
      {"applied_at", "TIMESTAMPTZ DEFAULT now()"},
      {"name", "TEXT"},
      {"checksum", "TEXT"},
      {"execution_ms", "BIGINT"},
      {"applied_by", "TEXT DEFAULT current_user"},
  };
  return cols;
}

// The tracking table's column names; empty when the table does not exist.
Result<std::set<std::string>> TrackingColumns(pg::Connection& conn) {
  auto r = conn.Exec(
      "SELECT a.attname FROM pg_catalog.pg_attribute a "
      "WHERE a.attrelid = pg_catalog.to_regclass('pgcrate.schema_migrations') "
      "AND a.attnum > 0 AND NOT a.attisdropped");
  if (!r.ok()) return r.status();
  std::set<std::string> cols;
  for (int i = 0; i < r->rows(); ++i) cols.insert(r->str(i, 0));
  return cols;
}

// A select-list item for `col`: the column when present, else NULL.
std::string ColumnOrNull(const std::set<std::string>& cols, const std::string& col,
                         const std::string& expr) {
  return cols.count(col) ? expr : "NULL";
}

}  // namespace

Result<std::vector<AppliedMigration>> ReadApplied(pg::Connection& conn) {
  auto cols = TrackingColumns(conn);
  if (!cols.ok()) return cols.status();
  std::vector<AppliedMigration> out;
  if (cols->empty()) return out;
  const auto& c = cols.value();
  std::string sql = "SELECT m.version, " + ColumnOrNull(c, "name", "m.name") + ", " +
                    ColumnOrNull(c, "checksum", "m.checksum") + ", " +
                    ColumnOrNull(c, "applied_at",
                                 "to_char(m.applied_at AT TIME ZONE 'UTC', "
                                 "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')") +
                    ", " + ColumnOrNull(c, "execution_ms", "m.execution_ms") + ", " +
                    ColumnOrNull(c, "applied_by", "m.applied_by") +
                    " FROM pgcrate.schema_migrations m ORDER BY m.version";
  auto r = conn.Exec(sql);
  if (!r.ok()) return r.status();
  out.reserve(static_cast<size_t>(r->rows()));
  for (int i = 0; i < r->rows(); ++i) {
    AppliedMigration a{r->str(i, 0), r->str(i, 1), r->str(i, 2),
                       r->str(i, 3), std::nullopt, r->str(i, 5)};
    if (!r->is_null(i, 4)) a.execution_ms = r->int64(i, 4);
    out.push_back(std::move(a));
  }
  return out;
}

Result<std::set<std::string>> ReadAppliedVersions(pg::Connection& conn) {
  auto rows = ReadApplied(conn);
  if (!rows.ok()) return rows.status();
  std::set<std::string> out;
  for (const auto& a : rows.value()) out.insert(a.version);
  return out;
}

Status EnsureTrackingTable(pg::Connection& conn) {
  auto cols = TrackingColumns(conn);
  if (!cols.ok()) return cols.status();
  if (cols->empty()) {
    // Quietly: "schema pgcrate already exists, skipping" is not news.
    std::string sql = std::string("BEGIN; SET LOCAL client_min_messages = warning;\n") +
                      kCreateTrackingSql + "COMMIT;";
    Status st = conn.Run(sql);
    if (!st.ok() && conn.in_transaction()) (void)conn.Run("ROLLBACK");
    // Two runners with --no-lock can race on CREATE SCHEMA IF NOT EXISTS; the loser retries.
    if (!st.ok() && st.sqlstate() == "23505") st = conn.Run(sql);
    return st;
  }
  std::vector<std::string> adds;
  for (const auto& [name, type] : NewerColumns()) {
    if (!cols->count(name)) adds.push_back("ADD COLUMN IF NOT EXISTS " + name + " " + type);
  }
  if (adds.empty()) return Status::Ok();
  return conn.Run("ALTER TABLE pgcrate.schema_migrations " + base::Join(adds, ", "));
}

Status RecordApplied(pg::Connection& conn, const MigrationFile& file,
                     std::optional<int64_t> execution_ms) {
  pg::Params params = {file.version, file.name, file.checksum,
                       execution_ms ? std::optional(std::to_string(*execution_ms)) : std::nullopt};
  auto r = conn.Exec(
      "INSERT INTO pgcrate.schema_migrations (version, name, checksum, execution_ms) "
      "VALUES ($1, $2, $3, $4::bigint)",
      params);
  if (!r.ok() && r.status().sqlstate() == "23505") {
    return Status(Code::kConflict, "migration " + file.version +
                                       " is already recorded as "
                                       "applied.");
  }
  return r.ok() ? Status::Ok() : r.status();
}

Status DeleteApplied(pg::Connection& conn, const std::string& version) {
  auto r = conn.Exec("DELETE FROM pgcrate.schema_migrations WHERE version = $1", {version});
  if (!r.ok()) return r.status();
  if (r->affected_rows() != 1) {
    return Status(Code::kNotFound, "migration " + version + " is not recorded as applied.");
  }
  return Status::Ok();
}

std::string RecordAppliedSqlText(const pg::Connection& conn, const MigrationFile& file) {
  return "INSERT INTO pgcrate.schema_migrations (version, name, checksum, execution_ms) VALUES (" +
         conn.QuoteLiteral(file.version) + ", " + conn.QuoteLiteral(file.name) + ", " +
         conn.QuoteLiteral(file.checksum) +
         ", (EXTRACT(epoch FROM clock_timestamp() - now()) * 1000)::bigint);";
}

std::string DeleteAppliedSqlText(const pg::Connection& conn, const std::string& version) {
  return "DELETE FROM pgcrate.schema_migrations WHERE version = " + conn.QuoteLiteral(version) +
         ";";
}

}  // namespace pgcrate::migrate

#include "migrate/store.h"

#include <algorithm>

#include "base/strings.h"
#include "pg/copy_text.h"
#include "pg/text_array.h"
#include "sql/quote.h"

namespace pgcrate::migrate {

std::string Tracking::QualifiedTable() const { return sql::QualifiedName(schema, table); }

std::string Tracking::Describe() const {
  return module.empty() ? std::string("the project's migrations") : "module " + module;
}

namespace {

// Every column after the original (version, applied_at) table, with its definition; the
// surrogate id is added separately (it replaces the primary key on version).
const std::vector<std::pair<std::string, std::string>>& NewerColumns() {
  static const std::vector<std::pair<std::string, std::string>> cols = {
      {"applied_at", "TIMESTAMPTZ DEFAULT now()"},
      {"name", "TEXT"},
      {"checksum", "TEXT"},
      {"execution_ms", "BIGINT"},
      {"applied_by", "TEXT DEFAULT current_user"},
      {"module", "TEXT NOT NULL DEFAULT ''"},
      {"filename", "TEXT"},
      {"rolled_back_at", "TIMESTAMPTZ"},
  };
  return cols;
}

std::string UniqueIndexSql(const Tracking& t) {
  return "CREATE UNIQUE INDEX IF NOT EXISTS " + sql::QuoteIdent(t.table + "_applied_key") + " ON " +
         t.QualifiedTable() + " (module, version) WHERE rolled_back_at IS NULL;\n";
}

// The tracking table's column names; empty when the table does not exist.
Result<std::set<std::string>> TrackingColumns(pg::Connection& conn, const Tracking& t) {
  auto r = conn.Exec(
      "SELECT a.attname FROM pg_catalog.pg_attribute a "
      "WHERE a.attrelid = pg_catalog.to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped",
      {t.QualifiedTable()});
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

std::string Iso(const std::string& column) {
  return "to_char(m." + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";
}

std::string SelectList(const std::set<std::string>& c, RowDetail detail) {
  bool full = detail == RowDetail::kFull;
  return "m.version, " + ColumnOrNull(c, "name", "m.name") + ", " +
         ColumnOrNull(c, "checksum", "m.checksum") + ", " +
         (full ? ColumnOrNull(c, "applied_at", Iso("applied_at")) : "NULL") + ", " +
         (full ? ColumnOrNull(c, "execution_ms", "m.execution_ms") : "NULL") + ", " +
         (full ? ColumnOrNull(c, "applied_by", "m.applied_by") : "NULL") + ", " +
         ColumnOrNull(c, "module", "m.module") + ", " + ColumnOrNull(c, "filename", "m.filename") +
         ", " + (full ? ColumnOrNull(c, "rolled_back_at", Iso("rolled_back_at")) : "NULL");
}

// Today's layout (CreateTrackingSql): every column, the surrogate id included.
const std::set<std::string>& CurrentColumns() {
  static const std::set<std::string> cols = [] {
    std::set<std::string> c = {"id", "version"};
    for (const auto& [name, type] : NewerColumns()) c.insert(name);
    return c;
  }();
  return cols;
}

// The rows of t.module from a table with columns `c`; `applied_only` leaves out rolled-back
// rows. Those come in any order (ReadApplied sorts them by version; at most one per version),
// the others in the order they were recorded.
Result<std::vector<AppliedMigration>> SelectRows(pg::Connection& conn, const Tracking& t,
                                                 bool applied_only, RowDetail detail,
                                                 const std::set<std::string>& c) {
  std::vector<AppliedMigration> out;
  if (c.empty() || (!c.count("module") && !t.module.empty())) return out;
  std::string sql = "SELECT " + SelectList(c, detail) + " FROM " + t.QualifiedTable() +
                    " m WHERE " + (c.count("module") ? "m.module = $1" : "$1 = ''");
  bool unique = c.count("rolled_back_at") > 0;  // the unique index of today's layout
  if (applied_only && unique) sql += " AND m.rolled_back_at IS NULL";
  if (!applied_only || !unique) sql += c.count("id") ? " ORDER BY m.id" : " ORDER BY m.version";
  auto r = conn.Exec(sql, {t.module});
  if (!r.ok()) return r.status();
  out.reserve(static_cast<size_t>(r->rows()));
  for (int i = 0; i < r->rows(); ++i) {
    AppliedMigration a{r->str(i, 0), r->str(i, 1), r->str(i, 2), r->str(i, 3), std::nullopt,
                       r->str(i, 5), t.module,     r->str(i, 7), r->str(i, 8)};
    if (!r->is_null(i, 4)) a.execution_ms = r->int64(i, 4);
    out.push_back(std::move(a));
  }
  return out;
}

// The applied rows of t.module in brief (version, name, checksum, filename) from a table in
// today's layout, by COPY: a fresh backend plans nothing for it, where a SELECT would open and
// weigh the table's indexes and statistics first (~3 ms on a cold backend for `status`'s one
// query). The other modules' and the rolled-back rows are dropped here.
Result<std::vector<AppliedMigration>> CopyApplied(pg::Connection& conn, const Tracking& t) {
  std::vector<AppliedMigration> out;
  std::vector<std::string_view> f;
  auto text = [&f](size_t i) { return pg::IsCopyNull(f[i]) ? "" : pg::DecodeCopyField(f[i]); };
  auto copied = conn.CopyOut(
      "COPY " + t.QualifiedTable() +
          " (version, name, checksum, module, filename, rolled_back_at) TO STDOUT",
      [&](std::string_view row) {
        if (!row.empty() && row.back() == '\n') row.remove_suffix(1);
        pg::SplitCopyRow(row, f);
        if (f.size() != 6) {
          return Status(Code::kInternal, "COPY of " + t.QualifiedTable() + " sent a row of " +
                                             std::to_string(f.size()) + " fields, not 6.");
        }
        if (!pg::IsCopyNull(f[5]) || text(3) != t.module) return Status::Ok();
        AppliedMigration& a = out.emplace_back();
        a.version = text(0);
        a.name = text(1);
        a.checksum = text(2);
        a.module = t.module;
        a.filename = text(4);
        return Status::Ok();
      });
  if (!copied.ok()) return copied.status();
  return out;
}

// `seen`: ReadApplied's hint, in and out.
Result<std::vector<AppliedMigration>> ReadRows(pg::Connection& conn, const Tracking& t,
                                               bool applied_only,
                                               RowDetail detail = RowDetail::kFull,
                                               bool* seen = nullptr) {
  // Today's layout is the common case: a cheap existence check, then the rows with every column
  // named. The catalog's column list (a slower first query for a new session: ~2 ms of planning
  // on a cold backend) is read only when a column is missing. Not inside a transaction, which
  // that error would abort.
  if (!conn.in_transaction()) {
    bool brief = applied_only && detail == RowDetail::kBrief;
    bool copy_refused = false;
    if (brief && seen != nullptr && *seen) {  // the table was there last time: no check first
      auto copied = CopyApplied(conn, t);
      if (copied.ok()) return copied;
      // undefined_table, invalid_schema_name: gone since. Anything else (row-level security
      // refusing COPY, an older layout's missing column) is sorted out by the path below.
      std::string state = copied.status().sqlstate();
      if (state == "42P01" || state == "3F000") {
        *seen = false;
        return std::vector<AppliedMigration>{};
      }
      copy_refused = true;
    }
    auto exists = conn.Exec("SELECT pg_catalog.to_regclass($1) IS NOT NULL", {t.QualifiedTable()});
    if (!exists.ok()) return exists.status();
    if (seen != nullptr) *seen = exists->str(0, 0) == "t";
    if (exists->str(0, 0) != "t") return std::vector<AppliedMigration>{};
    if (brief && !copy_refused) {
      // A COPY that fails (row-level security refuses COPY of a table) is read by SELECT.
      auto copied = CopyApplied(conn, t);
      if (copied.ok()) return copied;
    }
    auto rows = SelectRows(conn, t, applied_only, detail, CurrentColumns());
    if (rows.ok() || rows.status().sqlstate() != "42703") return rows;  // undefined_column
  }
  auto cols = TrackingColumns(conn, t);
  if (!cols.ok()) return cols.status();
  if (seen != nullptr) *seen = !cols->empty();
  return SelectRows(conn, t, applied_only, detail, cols.value());
}

// The name of the primary-key constraint on `version` alone, "" when there is none.
Result<std::string> VersionPrimaryKey(pg::Connection& conn, const Tracking& t) {
  auto r = conn.Exec(
      "SELECT c.conname FROM pg_catalog.pg_constraint c "
      "JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attname = 'version' "
      "WHERE c.conrelid = pg_catalog.to_regclass($1) AND c.contype = 'p' "
      "AND c.conkey = ARRAY[a.attnum]",
      {t.QualifiedTable()});
  if (!r.ok()) return r.status();
  return r->rows() ? r->str(0, 0) : std::string();
}

Status Upgrade(pg::Connection& conn, const Tracking& t, const std::set<std::string>& cols) {
  auto tx = pg::Transaction::Begin(conn);
  if (!tx.ok()) return tx.status();
  std::string table = t.QualifiedTable();
  PGCRATE_RETURN_IF_ERROR(conn.Run("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE"));
  std::vector<std::string> adds;
  for (const auto& [name, type] : NewerColumns()) {
    if (!cols.count(name)) adds.push_back("ADD COLUMN IF NOT EXISTS " + name + " " + type);
  }
  if (!adds.empty()) {
    PGCRATE_RETURN_IF_ERROR(conn.Run("ALTER TABLE " + table + " " + base::Join(adds, ", ")));
  }
  if (!cols.count("id")) {
    auto pk = VersionPrimaryKey(conn, t);
    if (!pk.ok()) return pk.status();
    std::string sql = "ALTER TABLE " + table + " ";
    if (!pk->empty()) sql += "DROP CONSTRAINT " + sql::QuoteIdent(pk.value()) + ", ";
    sql += "ADD COLUMN id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
    PGCRATE_RETURN_IF_ERROR(conn.Run(sql));
  }
  if (!cols.count("filename")) {
    PGCRATE_RETURN_IF_ERROR(conn.Run("UPDATE " + table +
                                     " SET filename = version || '_' || name || '.sql' "
                                     "WHERE filename IS NULL AND module = '' AND name <> ''"));
  }
  PGCRATE_RETURN_IF_ERROR(conn.Run(UniqueIndexSql(t)));
  return (*tx)->Commit();
}

bool UpToDate(const std::set<std::string>& cols) {
  if (!cols.count("id")) return false;
  return std::all_of(NewerColumns().begin(), NewerColumns().end(),
                     [&](const auto& c) { return cols.count(c.first) > 0; });
}

}  // namespace

std::string CreateTrackingSql(const Tracking& t) {
  return "CREATE SCHEMA IF NOT EXISTS " + sql::QuoteIdent(t.schema) +
         ";\nCREATE TABLE IF NOT EXISTS " + t.QualifiedTable() +
         " (\n"
         "    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n"
         "    module TEXT NOT NULL DEFAULT '',\n"
         "    version TEXT NOT NULL,\n"
         "    filename TEXT,\n"
         "    name TEXT,\n"
         "    checksum TEXT,\n"
         "    applied_at TIMESTAMPTZ DEFAULT now(),\n"
         "    execution_ms BIGINT,\n"
         "    applied_by TEXT DEFAULT current_user,\n"
         "    rolled_back_at TIMESTAMPTZ\n"
         ");\n" +
         UniqueIndexSql(t);
}

std::string UpgradeTrackingSqlText(const Tracking& t) {
  std::vector<std::string> adds;
  for (const auto& [name, type] : NewerColumns()) {
    adds.push_back("ADD COLUMN IF NOT EXISTS " + name + " " + type);
  }
  return "ALTER TABLE " + t.QualifiedTable() + " " + base::Join(adds, ", ") + ";\n" +
         UniqueIndexSql(t);
}

Result<std::vector<AppliedMigration>> ReadApplied(pg::Connection& conn, const Tracking& t,
                                                  RowDetail detail, bool* seen) {
  auto rows = ReadRows(conn, t, true, detail, seen);
  if (!rows.ok()) return rows;
  auto by_version = [](const AppliedMigration& a, const AppliedMigration& b) {
    return VersionLess(a.version, b.version);
  };
  // Rows come in the order they were applied, which is usually version order already: checking
  // is one comparison per row, sorting 10,000 rows moved their strings 15% of `status`'s time.
  if (!std::is_sorted(rows->begin(), rows->end(), by_version)) {
    std::stable_sort(rows->begin(), rows->end(), by_version);
  }
  return rows;
}

Result<std::vector<AppliedMigration>> ReadHistory(pg::Connection& conn, const Tracking& t) {
  return ReadRows(conn, t, false);
}

Result<std::set<std::string>> ReadAppliedVersions(pg::Connection& conn, const Tracking& t) {
  auto rows = ReadRows(conn, t, true);
  if (!rows.ok()) return rows.status();
  std::set<std::string> out;
  for (const auto& a : rows.value()) out.insert(a.version);
  return out;
}

Status EnsureTrackingTable(pg::Connection& conn, const Tracking& t) {
  auto cols = TrackingColumns(conn, t);
  if (!cols.ok()) return cols.status();
  if (!cols->empty()) return UpToDate(cols.value()) ? Status::Ok() : Upgrade(conn, t, *cols);
  // Quietly: "schema pgcrate already exists, skipping" is not news.
  std::string sql =
      "BEGIN; SET LOCAL client_min_messages = warning;\n" + CreateTrackingSql(t) + "COMMIT;";
  Status st = conn.Run(sql);
  if (!st.ok() && conn.in_transaction()) (void)conn.Run("ROLLBACK");
  // Two runners with --no-lock can race on CREATE SCHEMA IF NOT EXISTS; the loser retries.
  if (!st.ok() && st.sqlstate() == "23505") st = conn.Run(sql);
  return st;
}

Status RecordApplied(pg::Connection& conn, const MigrationFile& file,
                     std::optional<int64_t> execution_ms, const Tracking& t) {
  pg::Params params = {
      t.module,       file.version,
      file.file_name, file.name,
      file.checksum,  execution_ms ? std::optional(std::to_string(*execution_ms)) : std::nullopt};
  auto r = conn.Exec("INSERT INTO " + t.QualifiedTable() +
                         " (module, version, filename, name, checksum, execution_ms) "
                         "VALUES ($1, $2, $3, $4, $5, $6::bigint)",
                     params);
  if (!r.ok() && r.status().sqlstate() == "23505") {
    return Status(Code::kConflict, "migration " + file.version + " of " + t.Describe() +
                                       " is already recorded as applied.");
  }
  return r.ok() ? Status::Ok() : r.status();
}

Status RecordAppliedAll(pg::Connection& conn, const std::vector<const MigrationFile*>& files,
                        const Tracking& t) {
  if (files.empty()) return Status::Ok();
  std::vector<std::string> versions, filenames, names, checksums;
  for (const MigrationFile* f : files) {
    versions.push_back(f->version);
    filenames.push_back(f->file_name);
    names.push_back(f->name);
    checksums.push_back(f->checksum);
  }
  auto r = conn.Exec("INSERT INTO " + t.QualifiedTable() +
                         " (module, version, filename, name, checksum) "
                         "SELECT $1, v, f, n, c FROM unnest($2::text[], $3::text[], $4::text[], "
                         "$5::text[]) AS u(v, f, n, c)",
                     {t.module, pg::TextArrayParam(versions), pg::TextArrayParam(filenames),
                      pg::TextArrayParam(names), pg::TextArrayParam(checksums)});
  if (!r.ok() && r.status().sqlstate() == "23505") {
    return Status(Code::kConflict, "one of the " + std::to_string(files.size()) +
                                       " migrations of " + t.Describe() +
                                       " is already recorded as applied.")
        .WithDetails(r.status().details());
  }
  return r.ok() ? Status::Ok() : r.status();
}

Status MarkRolledBack(pg::Connection& conn, const std::string& version, const Tracking& t) {
  auto r = conn.Exec("UPDATE " + t.QualifiedTable() +
                         " SET rolled_back_at = now() WHERE module = $1 AND version = $2 "
                         "AND rolled_back_at IS NULL",
                     {t.module, version});
  if (!r.ok()) return r.status();
  if (r->affected_rows() != 1) {
    return Status(Code::kNotFound,
                  "migration " + version + " of " + t.Describe() + " is not recorded as applied.");
  }
  return Status::Ok();
}

std::string RecordAppliedSqlText(const MigrationFile& file, const Tracking& t) {
  return "INSERT INTO " + t.QualifiedTable() +
         " (module, version, filename, name, checksum, execution_ms) VALUES (" +
         sql::QuoteLiteral(t.module) + ", " + sql::QuoteLiteral(file.version) + ", " +
         sql::QuoteLiteral(file.file_name) + ", " + sql::QuoteLiteral(file.name) + ", " +
         sql::QuoteLiteral(file.checksum) +
         ", (EXTRACT(epoch FROM clock_timestamp() - now()) * 1000)::bigint);";
}

std::string MarkRolledBackSqlText(const std::string& version, const Tracking& t) {
  return "UPDATE " + t.QualifiedTable() +
         " SET rolled_back_at = now() WHERE module = " + sql::QuoteLiteral(t.module) +
         " AND version = " + sql::QuoteLiteral(version) + " AND rolled_back_at IS NULL;";
}

}  // namespace pgcrate::migrate

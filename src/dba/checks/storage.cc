// storage: where the disk goes — database sizes, the largest tables split into heap, TOAST
// and indexes, tablespaces, and the WAL directory against max_wal_size. A WAL directory far
// above max_wal_size means WAL is held back (failing archive_command, an inactive slot) and
// the disk will fill. Listing WAL needs pg_monitor; without it that part says so and the
// rest still runs. Table sizes are the real file sizes (pg_relation_size,
// pg_total_relation_size, pg_indexes_size); a table locked ACCESS EXCLUSIVE by another session
// is shown with its relpages estimate instead, so it cannot make the check wait or fail.
// Four queries.
#include "dba/checks/checks.h"
#include "sql/user_schemas.h"

namespace pgcrate::dba::checks {
namespace storage_check {
namespace {

constexpr const char* kDatabasesSql = R"sql(
SELECT datname::text, pg_database_size(oid)::float8 FROM pg_database
WHERE datallowconn AND has_database_privilege(oid, 'CONNECT') ORDER BY 2 DESC
)sql";

// Real sizes from the files (pg_relation_size and friends), which take an ACCESS SHARE lock
// on each relation. So that a table held under ACCESS EXCLUSIVE (granted or awaited, e.g. by
// a migration) cannot make the check wait, such a table — or one whose TOAST table or an
// index is so locked — falls back to its pg_class.relpages estimate and is marked estimated.
// The session's lock_timeout covers the race in between (see Run).
const std::string kTablesSql = R"sql(
WITH locked AS (
  SELECT relation FROM pg_locks
  WHERE locktype = 'relation' AND mode = 'AccessExclusiveLock'
    AND database = (SELECT oid FROM pg_database WHERE datname = current_database())),
tbl AS (
  SELECT c.oid, c.reltoastrelid, c.relpages,
         quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS name,
         EXISTS (SELECT 1 FROM locked l
                 WHERE l.relation IN (c.oid, c.reltoastrelid)
                    OR l.relation IN (SELECT indexrelid FROM pg_index
                                       WHERE indrelid IN (c.oid, c.reltoastrelid))) AS busy
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'm', 'p') AND )sql" +
                               sql::UserSchemaCondition("n.nspname") + R"sql()
SELECT name, heap + toast + idx, heap, toast, idx, busy FROM (
  SELECT name, busy,
         CASE WHEN busy THEN relpages * bs
              ELSE coalesce(pg_relation_size(oid, 'main') + pg_relation_size(oid, 'fsm') +
                            pg_relation_size(oid, 'vm'), 0) END::float8 AS heap,
         CASE WHEN reltoastrelid = 0 THEN 0
              WHEN busy THEN coalesce((SELECT sum(r.relpages) FROM pg_class r
                    WHERE r.oid = reltoastrelid
                       OR r.oid IN (SELECT indexrelid FROM pg_index
                                     WHERE indrelid = reltoastrelid)), 0) * bs
              ELSE coalesce(pg_total_relation_size(reltoastrelid), 0) END::float8 AS toast,
         CASE WHEN busy THEN coalesce((SELECT sum(r.relpages) FROM pg_index i
                    JOIN pg_class r ON r.oid = i.indexrelid WHERE i.indrelid = tbl.oid), 0) * bs
              ELSE coalesce(pg_indexes_size(oid), 0) END::float8 AS idx
  FROM tbl, (SELECT current_setting('block_size')::float8 AS bs) b) t
ORDER BY 2 DESC, 1 LIMIT $1
)sql";

constexpr const char* kWalSql = R"sql(
SELECT coalesce(sum(size), 0)::float8, count(*),
       pg_size_bytes(current_setting('max_wal_size'))::float8
FROM pg_ls_waldir()
)sql";

void Tables(CheckContext& ctx, CheckReport& report, const pg::QueryResult& q) {
  report.data["tables"] = nlohmann::ordered_json::array();
  for (int r = 0; r < q.rows(); ++r) {
    std::string t = q.str(r, 0);
    double total = q.float64(r, 1), heap = q.float64(r, 2), toast = q.float64(r, 3),
           idx = q.float64(r, 4);
    Severity sev = Grade(total, ctx.thresholds.Get("table_warning_bytes"),
                         ctx.thresholds.Get("table_critical_bytes"));
    if (sev != Severity::kOk) {
      report.Add({"large_table",
                  sev,
                  t,
                  "takes " + HumanBytes(total) + " (heap " + HumanBytes(heap) + ", TOAST " +
                      HumanBytes(toast) + ", indexes " + HumanBytes(idx) + ")",
                  "check retention (partition and drop old data), bloat (dba bloat) and "
                  "unused indexes (dba indexes)",
                  std::nullopt,
                  {{"total_bytes", total},
                   {"heap_bytes", heap},
                   {"toast_bytes", toast},
                   {"index_bytes", idx},
                   {"estimated", q.boolean(r, 5)}}});
    }
    report.rows.push_back(
        {t, HumanBytes(total), HumanBytes(heap), HumanBytes(toast), HumanBytes(idx)});
    report.data["tables"].push_back({{"table", t},
                                     {"total_bytes", total},
                                     {"heap_bytes", heap},
                                     {"toast_bytes", toast},
                                     {"index_bytes", idx},
                                     {"estimated", q.boolean(r, 5)}});
  }
}

Status Wal(CheckContext& ctx, CheckReport& report) {
  auto w = ctx.conn.Exec(kWalSql);
  if (!w.ok()) {
    if (w.status().sqlstate() != "42501") return w.status();
    report.data["wal"] = nullptr;
    report.data["wal_note"] = "needs pg_monitor (or superuser) to list pg_wal";
    return Status::Ok();
  }
  double bytes = w->float64(0, 0), max_wal = w->float64(0, 2);
  report.data["wal"] = {
      {"bytes", bytes}, {"segments", w->int64(0, 1)}, {"max_wal_size_bytes", max_wal}};
  double factor = max_wal > 0 ? bytes / max_wal : 0;
  Severity sev = Grade(factor, ctx.thresholds.Get("wal_warning_factor"),
                       ctx.thresholds.Get("wal_critical_factor"));
  if (sev == Severity::kOk) return Status::Ok();
  report.Add({"wal_retained",
              sev,
              "pg_wal",
              "pg_wal holds " + HumanBytes(bytes) + ", " + Fixed(factor) + " x max_wal_size",
              "look for an inactive replication slot (dba replication) or a failing "
              "archive_command (pg_stat_archiver)",
              std::nullopt,
              {{"bytes", bytes}, {"max_wal_size_bytes", max_wal}}});
  return Status::Ok();
}

Status Run(CheckContext& ctx, CheckReport& report) {
  auto dbs = ctx.conn.Exec(kDatabasesSql);
  if (!dbs.ok()) return dbs.status();
  auto tables = ctx.conn.Exec(kTablesSql, {std::to_string(ctx.options.limit)});
  // 55P03: a lock taken between the pg_locks snapshot and the size functions; once more.
  if (!tables.ok() && tables.status().sqlstate() == "55P03") {
    tables = ctx.conn.Exec(kTablesSql, {std::to_string(ctx.options.limit)});
  }
  if (!tables.ok()) return tables.status();
  auto spaces = ctx.conn.Exec(
      "SELECT spcname::text, pg_tablespace_size(oid)::float8 "
      "FROM pg_tablespace ORDER BY 1");
  if (!spaces.ok()) return spaces.status();
  report.columns = {"table", "total", "heap", "toast", "indexes"};
  report.data["databases"] = nlohmann::ordered_json::array();
  double current = 0;
  for (int r = 0; r < dbs->rows(); ++r) {
    if (dbs->str(r, 0) == ctx.conn.database()) current = dbs->float64(r, 1);
    report.data["databases"].push_back(
        {{"database", dbs->str(r, 0)}, {"bytes", dbs->float64(r, 1)}});
  }
  report.data["tablespaces"] = nlohmann::ordered_json::array();
  for (int r = 0; r < spaces->rows(); ++r) {
    report.data["tablespaces"].push_back(
        {{"tablespace", spaces->str(r, 0)}, {"bytes", spaces->float64(r, 1)}});
  }
  Tables(ctx, report, tables.value());
  PGCRATE_RETURN_IF_ERROR(Wal(ctx, report));
  report.summary = "database " + ctx.conn.database() + " takes " + HumanBytes(current) +
                   "; largest tables below";
  return Status::Ok();
}

}  // namespace
}  // namespace storage_check

const CheckDescriptor kStorage = {
    "storage",
    "Disk usage: databases, largest tables (heap/TOAST/indexes), tablespaces, WAL",
    {{"table_warning_bytes", 107374182400, "a table this large (total) is a warning (100 GB)"},
     {"table_critical_bytes", 1099511627776, "... this large is critical (1 TB)"},
     {"wal_warning_factor", 2, "pg_wal larger than this many times max_wal_size: warning"},
     {"wal_critical_factor", 4, "... this many times: critical"}},
    storage_check::Run,
};

}  // namespace pgcrate::dba::checks

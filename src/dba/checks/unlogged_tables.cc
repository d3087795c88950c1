// unlogged-tables: UNLOGGED tables that hold data. They skip the WAL, so after a crash (or an
// immediate shutdown) PostgreSQL empties them, and standbys and backups taken from standbys
// never see their rows. Fine for caches and staging; a surprise for anything else. "Holds
// data" = rows or pages in the statistics (reltuples, relpages, n_live_tup); no table is
// locked or read. One query.
#include "dba/checks/checks.h"
#include "sql/user_schemas.h"

namespace pgcrate::dba::checks {
namespace unlogged_tables_check {
namespace {

const std::string kSql = R"sql(
SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname),
       greatest(c.reltuples, coalesce(st.n_live_tup, 0), 0)::float8,
       c.relpages::float8 * current_setting('block_size')::float8
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_stat_user_tables st ON st.relid = c.oid
WHERE c.relpersistence = 'u' AND c.relkind IN ('r', 'p')
  AND )sql" + sql::UserSchemaCondition("n.nspname") +
                         R"sql(
ORDER BY 2 DESC, 1
)sql";

Status Run(CheckContext& ctx, CheckReport& report) {
  auto q = ctx.conn.Exec(kSql);
  if (!q.ok()) return q.status();
  report.columns = {"table", "rows", "size"};
  report.data["tables"] = nlohmann::ordered_json::array();
  for (int r = 0; r < q->rows(); ++r) {
    std::string table = q->str(r, 0);
    double rows = q->float64(r, 1), bytes = q->float64(r, 2);
    if (rows > 0 || bytes > 0) {
      report.Add({"unlogged_table_with_data",
                  Severity::kWarning,
                  table,
                  "is UNLOGGED and holds about " + Fixed(rows, 0) + " rows (" + HumanBytes(bytes) +
                      "): they are lost on a crash and absent on standbys",
                  "if the data matters: ALTER TABLE " + table +
                      " SET LOGGED (rewrites it and writes it all to WAL)",
                  std::nullopt,
                  {{"table", table}, {"rows", rows}, {"bytes", bytes}}});
    }
    report.rows.push_back({table, Fixed(rows, 0), HumanBytes(bytes)});
    report.data["tables"].push_back({{"table", table}, {"rows", rows}, {"bytes", bytes}});
  }
  report.summary = std::to_string(q->rows()) + " unlogged tables, " +
                   std::to_string(report.findings.size()) + " holding data";
  return Status::Ok();
}

}  // namespace
}  // namespace unlogged_tables_check

const CheckDescriptor kUnloggedTables = {
    "unlogged-tables",
    "UNLOGGED tables holding data (lost on a crash, missing on standbys)",
    {},
    unlogged_tables_check::Run,
};

}  // namespace pgcrate::dba::checks

// primary-keys: large tables without a primary key. Rows cannot be addressed reliably (tools,
// ORMs and manual fixes need a key), duplicates creep in, and logical replication cannot
// replicate UPDATE or DELETE on them unless REPLICA IDENTITY is set (FULL makes every change
// a sequential scan on the subscriber). Small tables are ignored (min_rows, counted as the
// larger of reltuples and the live-row statistic). One query; no table is locked.
#include "dba/checks/checks.h"
#include "sql/user_schemas.h"

namespace pgcrate::dba::checks {
namespace primary_keys_check {
namespace {

const std::string kSql = R"sql(
SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname),
       greatest(c.reltuples, coalesce(st.n_live_tup, 0), 0)::float8,
       c.relreplident::text,
       EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisunique
                 AND i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL)
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_stat_user_tables st ON st.relid = c.oid
WHERE c.relkind = 'r' AND NOT c.relispartition
  AND )sql" + sql::UserSchemaCondition("n.nspname") +
                         R"sql(
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p')
ORDER BY 2 DESC, 1
)sql";

void Report(CheckReport& report, const std::string& table, double rows, bool unique) {
  Finding f;
  f.kind = "table_without_primary_key";
  f.severity = Severity::kWarning;
  f.object = table;
  f.message = "about " + Fixed(rows, 0) + " rows and no primary key" +
              (unique ? " (it has a unique index that could become one)" : "");
  f.action = unique ? "ALTER TABLE " + table +
                          " ADD PRIMARY KEY USING INDEX <the unique index> "
                          "(its columns must be NOT NULL)"
                    : "add a key column (bigint GENERATED ALWAYS AS IDENTITY) or declare the "
                      "natural key: ALTER TABLE " +
                          table + " ADD PRIMARY KEY (...)";
  f.details = {{"table", table}, {"rows", rows}, {"has_unique_index", unique}};
  report.Add(std::move(f));
}

Status Run(CheckContext& ctx, CheckReport& report) {
  auto q = ctx.conn.Exec(kSql);
  if (!q.ok()) return q.status();
  double min_rows = ctx.thresholds.Get("min_rows");
  report.columns = {"table", "rows", "replica identity", "unique index"};
  report.data["tables"] = nlohmann::ordered_json::array();
  for (int r = 0; r < q->rows(); ++r) {
    std::string table = q->str(r, 0);
    double rows = q->float64(r, 1);
    bool unique = q->boolean(r, 3);
    if (!ctx.options.object.empty() && table != ctx.options.object) continue;
    if (rows >= min_rows) Report(report, table, rows, unique);
    report.rows.push_back({table, Fixed(rows, 0), q->str(r, 2), unique ? "yes" : "no"});
    report.data["tables"].push_back({{"table", table},
                                     {"rows", rows},
                                     {"replica_identity", q->str(r, 2)},
                                     {"has_unique_index", unique}});
  }
  report.summary = std::to_string(q->rows()) + " tables without a primary key, " +
                   std::to_string(report.findings.size()) + " with at least " + Fixed(min_rows, 0) +
                   " rows";
  return Status::Ok();
}

}  // namespace
}  // namespace primary_keys_check

const CheckDescriptor kPrimaryKeys = {
    "primary-keys",
    "Large tables without a primary key",
    {{"min_rows", 10000, "tables with fewer rows are listed but not reported"}},
    primary_keys_check::Run,
};

}  // namespace pgcrate::dba::checks

// queries: the statements that cost the server most, from pg_stat_statements — by total
// time, with calls, mean time, rows and cache hit ratio. A slow statement run often is where
// tuning pays off first. Skipped ("needs pg_stat_statements") when the extension is not
// installed in this database or not in shared_preload_libraries. Two queries.
#include "dba/checks/checks.h"
#include "sql/quote.h"

namespace pgcrate::dba::checks {
namespace queries_check {
namespace {

constexpr const char* kSchemaSql = R"sql(
SELECT n.nspname::text FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname = 'pg_stat_statements'
)sql";

// %s is the extension's schema, quoted.
constexpr const char* kTopSql = R"sql(
SELECT coalesce(queryid::text, ''), calls, total_exec_time, mean_exec_time, rows,
       CASE WHEN shared_blks_hit + shared_blks_read = 0 THEN 100
            ELSE 100.0 * shared_blks_hit / (shared_blks_hit + shared_blks_read) END::float8,
       left(regexp_replace(query, '\s+', ' ', 'g'), 200)
FROM %s.pg_stat_statements
WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND calls >= $2
ORDER BY total_exec_time DESC LIMIT $1
)sql";

void Judge(CheckContext& ctx, CheckReport& report, const pg::QueryResult& q, int r) {
  double mean = q.float64(r, 3);
  Severity sev =
      Grade(mean, ctx.thresholds.Get("mean_warning_ms"), ctx.thresholds.Get("mean_critical_ms"));
  if (sev == Severity::kOk) return;
  std::string id = q.str(r, 0);
  report.Add({"slow_query",
              sev,
              "queryid " + id,
              "averages " + Fixed(mean) + " ms over " + q.str(r, 1) + " calls (" +
                  Fixed(q.float64(r, 2) / 1000, 1) + " s in total): " + q.str(r, 6),
              "run `pgcrate dba explain --analyze` on it with real parameters and index what "
              "its plan scans",
              std::nullopt,
              {{"queryid", id},
               {"calls", q.int64(r, 1)},
               {"mean_ms", mean},
               {"total_ms", q.float64(r, 2)},
               {"query", q.str(r, 6)}}});
}

Status Run(CheckContext& ctx, CheckReport& report) {
  auto schema = ctx.conn.Exec(kSchemaSql);
  if (!schema.ok()) return schema.status();
  if (schema->rows() == 0) {
    report.Skip(
        "needs the pg_stat_statements extension (shared_preload_libraries = "
        "'pg_stat_statements', then CREATE EXTENSION pg_stat_statements)");
    return Status::Ok();
  }
  std::string sql = kTopSql;
  sql.replace(sql.find("%s"), 2, sql::QuoteIdent(schema->str(0, 0)));
  auto q = ctx.conn.Exec(
      sql, {std::to_string(ctx.options.limit), Fixed(ctx.thresholds.Get("min_calls"), 0)});
  if (!q.ok()) {
    // 55000: the extension exists but the library is not preloaded.
    if (q.status().sqlstate() != "55000") return q.status();
    report.Skip("needs pg_stat_statements in shared_preload_libraries (" + q.status().message() +
                ")");
    return Status::Ok();
  }
  report.columns = {"queryid", "calls", "total ms", "mean ms", "rows", "hit %", "query"};
  report.data["queries"] = nlohmann::ordered_json::array();
  for (int r = 0; r < q->rows(); ++r) {
    Judge(ctx, report, q.value(), r);
    report.rows.push_back({q->str(r, 0), q->str(r, 1), Fixed(q->float64(r, 2)),
                           Fixed(q->float64(r, 3), 2), q->str(r, 4), Fixed(q->float64(r, 5)),
                           q->str(r, 6).substr(0, 60)});
    report.data["queries"].push_back({{"queryid", q->str(r, 0)},
                                      {"calls", q->int64(r, 1)},
                                      {"total_ms", q->float64(r, 2)},
                                      {"mean_ms", q->float64(r, 3)},
                                      {"rows", q->int64(r, 4)},
                                      {"cache_hit_pct", q->float64(r, 5)},
                                      {"query", q->str(r, 6)}});
  }
  report.summary = "top " + std::to_string(q->rows()) + " statements by total time, " +
                   std::to_string(report.findings.size()) + " slow on average";
  return Status::Ok();
}

}  // namespace
}  // namespace queries_check

const CheckDescriptor kQueries = {
    "queries",
    "Top statements by total time (pg_stat_statements)",
    {{"mean_warning_ms", 1000, "a statement averaging this many ms is a warning"},
     {"mean_critical_ms", 10000, "... this many ms is critical"},
     {"min_calls", 1, "statements called fewer times are ignored"}},
    queries_check::Run,
};

}  // namespace pgcrate::dba::checks

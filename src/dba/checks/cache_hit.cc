// cache-hit: the buffer cache hit ratio of each database (blks_hit against blks_read in
// pg_stat_database since the statistics were reset). A low ratio means most reads go to the
// OS or the disk: shared_buffers too small for the working set, or queries scanning far more
// than they need. Databases with fewer than min_blocks block accesses are not judged (right
// after a restart or a reset every read is a miss). One query.
#include "dba/checks/checks.h"

namespace pgcrate::dba::checks {
namespace cache_hit_check {
namespace {

constexpr const char* kSql = R"sql(
SELECT datname::text, blks_hit::float8, blks_read::float8, coalesce(stats_reset::text, '')
FROM pg_stat_database WHERE datname IS NOT NULL ORDER BY 1
)sql";

void Judge(CheckContext& ctx, CheckReport& report, const std::string& db, double hit, double read,
           double pct) {
  const Thresholds& t = ctx.thresholds;
  if (hit + read < t.Get("min_blocks")) return;
  // Lower is worse: grade how far below 100% the ratio is.
  Severity sev = Grade(100 - pct, 100 - t.Get("warning_pct"), 100 - t.Get("critical_pct"));
  if (sev == Severity::kOk) return;
  report.Add({"low_cache_hit_ratio",
              sev,
              db,
              Fixed(pct, 2) + "% of block reads found in shared buffers (" + Fixed(read, 0) +
                  " of " + Fixed(hit + read, 0) + " read from outside)",
              "find the queries reading the most blocks (dba queries: shared_blks_read) and "
              "index them; consider a larger shared_buffers if the working set does not fit",
              std::nullopt,
              {{"database", db}, {"blks_hit", hit}, {"blks_read", read}, {"hit_pct", pct}}});
}

Status Run(CheckContext& ctx, CheckReport& report) {
  auto q = ctx.conn.Exec(kSql);
  if (!q.ok()) return q.status();
  report.columns = {"database", "hit %", "blocks read", "blocks hit"};
  report.data["databases"] = nlohmann::ordered_json::array();
  for (int r = 0; r < q->rows(); ++r) {
    std::string db = q->str(r, 0);
    double hit = q->float64(r, 1), read = q->float64(r, 2);
    double pct = hit + read > 0 ? 100.0 * hit / (hit + read) : 100.0;
    Judge(ctx, report, db, hit, read, pct);
    report.rows.push_back({db, Fixed(pct, 2), Fixed(read, 0), Fixed(hit, 0)});
    report.data["databases"].push_back({{"database", db},
                                        {"hit_pct", pct},
                                        {"blks_read", read},
                                        {"blks_hit", hit},
                                        {"stats_reset", q->str(r, 3)}});
  }
  report.summary = std::to_string(q->rows()) + " databases, " +
                   std::to_string(report.findings.size()) + " with a low cache hit ratio";
  return Status::Ok();
}

}  // namespace
}  // namespace cache_hit_check

const CheckDescriptor kCacheHit = {
    "cache-hit",
    "Buffer cache hit ratio per database",
    {{"warning_pct", 90, "a hit ratio below this percentage is a warning"},
     {"critical_pct", 80, "... below this is critical"},
     {"min_blocks", 100000, "databases with fewer block accesses are not judged"}},
    cache_hit_check::Run,
};

}  // namespace pgcrate::dba::checks

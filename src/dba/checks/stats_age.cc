// stats-age: tables whose planner statistics are missing or stale. Without ANALYZE the
// planner guesses row counts and value distributions, and picks nested loops over huge sets
// or sequential scans where an index would do. Reports tables with rows that were never
// analyzed, and tables last analyzed long ago that have changed a lot since. One query.
#include <algorithm>

#include "dba/checks/checks.h"

namespace pgcrate::dba::checks {
namespace stats_age_check {
namespace {

constexpr const char* kSql = R"sql(
SELECT quote_ident(schemaname) || '.' || quote_ident(relname), n_live_tup, n_mod_since_analyze,
       coalesce(extract(epoch FROM now() - greatest(last_analyze, last_autoanalyze)), -1)::float8,
       analyze_count + autoanalyze_count
FROM pg_stat_user_tables
ORDER BY 4 DESC, 1
)sql";

struct Table {
  std::string name;
  int64_t live = 0, modified = 0, analyzes = 0;
  double age = -1;  // seconds since the last analyze, -1 = never
};

void Judge(CheckContext& ctx, CheckReport& report, const Table& t) {
  const Thresholds& th = ctx.thresholds;
  int64_t rows = std::max(t.live, t.modified);
  if (static_cast<double>(rows) < th.Get("min_rows")) return;
  double changed_pct =
      t.live > 0 ? 100.0 * static_cast<double>(t.modified) / static_cast<double>(t.live) : 100.0;
  Severity sev = Severity::kOk;
  std::string msg;
  if (t.age < 0) {
    sev = Severity::kWarning;
    msg = "has never been analyzed (" + std::to_string(rows) + " rows); the planner is guessing";
  } else if (changed_pct >= th.Get("changed_pct")) {
    sev = Grade(t.age / 86400, th.Get("warning_days"), th.Get("critical_days"));
    msg = "last analyzed " + HumanSeconds(t.age) + " ago and " + Fixed(changed_pct) +
          "% of its rows changed since";
  }
  if (sev == Severity::kOk) return;
  Finding f;
  f.kind = t.age < 0 ? "never_analyzed" : "stale_statistics";
  f.severity = sev;
  f.object = t.name;
  f.message = msg;
  f.action = "ANALYZE " + t.name +
             "; check why autovacuum did not (autovacuum_enabled, "
             "autovacuum_analyze_scale_factor)";
  f.fix =
      Fix{FixCommand({"vacuum", t.name, "--analyze"}), "VACUUM (ANALYZE) " + t.name + ";", "low"};
  f.details = {{"table", t.name},
               {"live_tuples", t.live},
               {"modified_since_analyze", t.modified},
               {"seconds_since_analyze", t.age},
               {"changed_pct", changed_pct}};
  report.Add(std::move(f));
}

Status Run(CheckContext& ctx, CheckReport& report) {
  auto q = ctx.conn.Exec(kSql);
  if (!q.ok()) return q.status();
  report.columns = {"table", "live rows", "changed since", "last analyze"};
  report.data["tables"] = nlohmann::ordered_json::array();
  for (int r = 0; r < q->rows(); ++r) {
    Table t{q->str(r, 0), q->int64(r, 1), q->int64(r, 2), q->int64(r, 4), q->float64(r, 3)};
    if (!ctx.options.object.empty() && t.name != ctx.options.object) continue;
    Judge(ctx, report, t);
    std::string last = t.age < 0 ? "never" : HumanSeconds(t.age) + " ago";
    report.rows.push_back({t.name, std::to_string(t.live), std::to_string(t.modified), last});
    report.data["tables"].push_back({{"table", t.name},
                                     {"live_tuples", t.live},
                                     {"modified_since_analyze", t.modified},
                                     {"seconds_since_analyze", t.age},
                                     {"analyze_count", t.analyzes}});
  }
  report.summary = std::to_string(report.data["tables"].size()) + " tables, " +
                   std::to_string(report.findings.size()) + " with missing or stale statistics";
  return Status::Ok();
}

}  // namespace
}  // namespace stats_age_check

const CheckDescriptor kStatsAge = {
    "stats-age",
    "Tables never analyzed, or analyzed long ago and changed a lot since",
    {{"min_rows", 1, "tables with fewer rows (live or changed) are ignored"},
     {"changed_pct", 10, "percent of rows changed since the last analyze that makes it stale"},
     {"warning_days", 7, "stale statistics older than this: warning"},
     {"critical_days", 30, "... older than this: critical"}},
    stats_age_check::Run,
};

}  // namespace pgcrate::dba::checks

// autovacuum-progress: VACUUMs running right now (autovacuum workers and manual ones), with
// phase, progress through the heap and how long they have run. A vacuum running for hours is
// often stuck behind a lock or a pinned buffer, or is an anti-wraparound run that cannot be
// cancelled; when every autovacuum worker is busy, other tables wait their turn. One query.
#include "dba/checks/checks.h"

namespace pgcrate::dba::checks {
namespace autovacuum_progress_check {
namespace {

constexpr const char* kSql = R"sql(
SELECT p.pid, p.datname::text,
       CASE WHEN p.datname = current_database() THEN p.relid::regclass::text
            ELSE p.relid::text END,
       p.phase, p.heap_blks_total::float8, p.heap_blks_scanned::float8,
       p.index_vacuum_count, coalesce(extract(epoch FROM now() - a.xact_start), 0)::float8,
       coalesce(a.backend_type = 'autovacuum worker', false),
       coalesce(a.query LIKE '%to prevent wraparound%', false),
       coalesce(a.wait_event_type || ':' || a.wait_event, ''),
       current_setting('autovacuum_max_workers')::int
FROM pg_stat_progress_vacuum p LEFT JOIN pg_stat_activity a ON a.pid = p.pid
ORDER BY 8 DESC
)sql";

void Judge(CheckContext& ctx, CheckReport& report, const pg::QueryResult& q, int r) {
  double secs = q.float64(r, 7);
  bool wrap = q.boolean(r, 9);
  Severity sev =
      Grade(secs, ctx.thresholds.Get("warning_seconds"), ctx.thresholds.Get("critical_seconds"));
  if (wrap) sev = std::max(sev, Severity::kWarning);
  if (sev == Severity::kOk) return;
  std::string who = q.boolean(r, 8) ? "autovacuum" : "manual VACUUM";
  std::string wait = q.str(r, 10);
  report.Add({"long_vacuum",
              sev,
              q.str(r, 2),
              who + (wrap ? " (to prevent wraparound)" : "") + " running " + HumanSeconds(secs) +
                  " in phase '" + q.str(r, 3) + "'" + (wait.empty() ? "" : ", waiting on " + wait),
              wrap ? "let it finish (it cannot be skipped); make sure nothing blocks it"
                   : "check what it waits for (dba locks; a cursor or long transaction pinning "
                     "pages); raise maintenance_work_mem to cut index passes",
              std::nullopt,
              {{"pid", q.int64(r, 0)},
               {"seconds", secs},
               {"phase", q.str(r, 3)},
               {"wraparound", wrap},
               {"wait", wait}}});
}

Status Run(CheckContext& ctx, CheckReport& report) {
  auto q = ctx.conn.Exec(kSql);
  if (!q.ok()) return q.status();
  report.columns = {"pid", "database", "relation", "phase", "heap %", "index passes", "running"};
  report.data["vacuums"] = nlohmann::ordered_json::array();
  int workers = 0, max_workers = 0;
  for (int r = 0; r < q->rows(); ++r) {
    Judge(ctx, report, q.value(), r);
    workers += q->boolean(r, 8) ? 1 : 0;
    max_workers = static_cast<int>(q->int64(r, 11));
    double total = q->float64(r, 4), pct = total > 0 ? 100 * q->float64(r, 5) / total : 0;
    report.rows.push_back({q->str(r, 0), q->str(r, 1), q->str(r, 2), q->str(r, 3), Fixed(pct),
                           q->str(r, 6), HumanSeconds(q->float64(r, 7))});
    report.data["vacuums"].push_back({{"pid", q->int64(r, 0)},
                                      {"database", q->str(r, 1)},
                                      {"relation", q->str(r, 2)},
                                      {"phase", q->str(r, 3)},
                                      {"heap_scanned_pct", pct},
                                      {"index_passes", q->int64(r, 6)},
                                      {"seconds", q->float64(r, 7)},
                                      {"autovacuum", q->boolean(r, 8)},
                                      {"wraparound", q->boolean(r, 9)}});
  }
  if (max_workers > 0 && workers >= max_workers) {
    report.Add({"autovacuum_workers_busy",
                Severity::kWarning,
                "",
                "all " + std::to_string(max_workers) + " autovacuum workers are busy",
                "other tables wait; consider more autovacuum_max_workers or cheaper vacuums "
                "(autovacuum_vacuum_cost_limit)",
                std::nullopt,
                {{"workers", workers}}});
  }
  report.summary = std::to_string(q->rows()) + " vacuums running (" + std::to_string(workers) +
                   " autovacuum workers)";
  return Status::Ok();
}

}  // namespace
}  // namespace autovacuum_progress_check

const CheckDescriptor kAutovacuumProgress = {
    "autovacuum-progress",
    "VACUUMs running now: phase, progress, duration, anti-wraparound runs",
    {{"warning_seconds", 3600, "a vacuum running this long is a warning"},
     {"critical_seconds", 21600, "... this long is critical"}},
    autovacuum_progress_check::Run,
};

}  // namespace pgcrate::dba::checks

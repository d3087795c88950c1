// checkpoints: how often checkpoints are forced instead of timed. A requested checkpoint
// (WAL reached max_wal_size, or an explicit CHECKPOINT) flushes everything at once: I/O
// spikes, and after each one full-page writes inflate WAL. Mostly-requested checkpoints mean
// max_wal_size is too small for the write load. PostgreSQL 17 moved these counters from
// pg_stat_bgwriter to pg_stat_checkpointer; both are read. Backends doing their own fsyncs
// (before 17) are reported too. One query.
#include "dba/checks/checks.h"

namespace pgcrate::dba::checks {
namespace checkpoints_check {
namespace {

constexpr const char* kSql17 = R"sql(
SELECT num_timed::float8, num_requested::float8, write_time::float8, sync_time::float8,
       buffers_written::float8, 0::float8,
       coalesce(extract(epoch FROM now() - stats_reset), 0)::float8,
       current_setting('checkpoint_timeout'), current_setting('max_wal_size'),
       current_setting('checkpoint_completion_target')
FROM pg_stat_checkpointer
)sql";

constexpr const char* kSql = R"sql(
SELECT checkpoints_timed::float8, checkpoints_req::float8, checkpoint_write_time::float8,
       checkpoint_sync_time::float8, buffers_checkpoint::float8, buffers_backend_fsync::float8,
       coalesce(extract(epoch FROM now() - stats_reset), 0)::float8,
       current_setting('checkpoint_timeout'), current_setting('max_wal_size'),
       current_setting('checkpoint_completion_target')
FROM pg_stat_bgwriter
)sql";

Status Run(CheckContext& ctx, CheckReport& report) {
  auto q = ctx.conn.Exec(ctx.server_version >= 170000 ? kSql17 : kSql);
  if (!q.ok()) return q.status();
  double timed = q->float64(0, 0), req = q->float64(0, 1), total = timed + req;
  double pct = total > 0 ? 100 * req / total : 0;
  double since = q->float64(0, 6), fsyncs = q->float64(0, 5);
  const Thresholds& t = ctx.thresholds;
  if (total >= t.Get("min_checkpoints")) {
    Severity sev = Grade(pct, t.Get("requested_warning_pct"), t.Get("requested_critical_pct"));
    if (sev != Severity::kOk) {
      report.Add({"requested_checkpoints",
                  sev,
                  "",
                  Fixed(pct) + "% of " + Fixed(total, 0) +
                      " checkpoints were requested, not "
                      "timed (max_wal_size " +
                      q->str(0, 8) + ")",
                  "raise max_wal_size so checkpoints happen on checkpoint_timeout (" +
                      q->str(0, 7) + "); check for scripts issuing CHECKPOINT",
                  std::nullopt,
                  {{"requested", req}, {"timed", timed}, {"requested_pct", pct}}});
    }
  }
  if (fsyncs > 0) {
    report.Add({"backend_fsync",
                Severity::kWarning,
                "",
                Fixed(fsyncs, 0) + " backend fsyncs: the checkpointer's fsync queue overflowed",
                "check storage latency; raise shared_buffers or spread checkpoints",
                std::nullopt,
                {{"buffers_backend_fsync", fsyncs}}});
  }
  report.columns = {"timed", "requested", "requested %", "write s", "sync s", "buffers"};
  report.rows.push_back({Fixed(timed, 0), Fixed(req, 0), Fixed(pct), Fixed(q->float64(0, 2) / 1000),
                         Fixed(q->float64(0, 3) / 1000), Fixed(q->float64(0, 4), 0)});
  report.data = {
      {"source", ctx.server_version >= 170000 ? "pg_stat_checkpointer" : "pg_stat_bgwriter"},
      {"timed", timed},
      {"requested", req},
      {"requested_pct", pct},
      {"write_time_ms", q->float64(0, 2)},
      {"sync_time_ms", q->float64(0, 3)},
      {"buffers_written", q->float64(0, 4)},
      {"seconds_since_reset", since},
      {"checkpoint_timeout", q->str(0, 7)},
      {"max_wal_size", q->str(0, 8)},
      {"checkpoint_completion_target", q->str(0, 9)}};
  report.summary = Fixed(total, 0) + " checkpoints since stats reset " + HumanSeconds(since) +
                   " ago, " + Fixed(pct) + "% requested";
  return Status::Ok();
}

}  // namespace
}  // namespace checkpoints_check

const CheckDescriptor kCheckpoints = {
    "checkpoints",
    "Checkpoint frequency: requested vs timed (pg_stat_checkpointer on 17+)",
    {{"requested_warning_pct", 20, "percent of checkpoints requested that is a warning"},
     {"requested_critical_pct", 50, "... that is critical"},
     {"min_checkpoints", 10, "fewer checkpoints than this since reset are not judged"}},
    checkpoints_check::Run,
};

}  // namespace pgcrate::dba::checks

// connections: client connections against max_connections. When the non-reserved slots run
// out, new connections fail with "sorry, too many clients already" — for the application an
// outage. Percentages are of the slots ordinary roles can use (max_connections minus
// superuser_reserved_connections). Also counts idle-in-transaction sessions and shows who
// holds the connections. Two queries.
#include "dba/checks/checks.h"

namespace pgcrate::dba::checks {
namespace connections_check {
namespace {

constexpr const char* kTotalsSql = R"sql(
SELECT current_setting('max_connections')::int,
       current_setting('superuser_reserved_connections')::int,
       count(*) FILTER (WHERE backend_type = 'client backend'),
       count(*) FILTER (WHERE backend_type = 'client backend' AND state = 'active'),
       count(*) FILTER (WHERE backend_type = 'client backend' AND state = 'idle'),
       count(*) FILTER (WHERE backend_type = 'client backend'
                          AND state LIKE 'idle in transaction%')
FROM pg_stat_activity
)sql";

constexpr const char* kByUserSql = R"sql(
SELECT coalesce(datname::text, ''), coalesce(usename::text, ''),
       coalesce(application_name, ''), count(*)
FROM pg_stat_activity WHERE backend_type = 'client backend'
GROUP BY 1, 2, 3 ORDER BY 4 DESC, 1, 2, 3 LIMIT 20
)sql";

void Judge(CheckContext& ctx, CheckReport& report, int64_t used, int64_t available, int64_t max,
           int64_t idle_tx) {
  double pct =
      available > 0 ? 100.0 * static_cast<double>(used) / static_cast<double>(available) : 100.0;
  Severity sev = Grade(pct, ctx.thresholds.Get("warning_pct"), ctx.thresholds.Get("critical_pct"));
  if (sev != Severity::kOk) {
    Finding f;
    f.kind = "connection_saturation";
    f.severity = sev;
    f.message = std::to_string(used) + " client connections use " + Fixed(pct) + "% of the " +
                std::to_string(available) + " available (max_connections " + std::to_string(max) +
                ")";
    f.action =
        "put a pooler (PgBouncer) in front, lower application pool sizes, and end idle "
        "sessions; raising max_connections costs memory per slot";
    f.details = {{"connections", used},
                 {"available", available},
                 {"max_connections", max},
                 {"percent", pct}};
    report.Add(std::move(f));
  }
  if (static_cast<double>(idle_tx) >= ctx.thresholds.Get("idle_in_transaction_count")) {
    Finding f;
    f.kind = "idle_in_transaction_sessions";
    f.severity = Severity::kWarning;
    f.message = std::to_string(idle_tx) + " sessions are idle in a transaction";
    f.action = "see `pgcrate dba locks`; set idle_in_transaction_session_timeout";
    f.details = {{"idle_in_transaction", idle_tx}};
    report.Add(std::move(f));
  }
}

Status Run(CheckContext& ctx, CheckReport& report) {
  auto totals = ctx.conn.Exec(kTotalsSql);
  if (!totals.ok()) return totals.status();
  auto by = ctx.conn.Exec(kByUserSql);
  if (!by.ok()) return by.status();
  const pg::QueryResult& t = totals.value();
  int64_t max = t.int64(0, 0), reserved = t.int64(0, 1), used = t.int64(0, 2);
  int64_t available = max - reserved;
  Judge(ctx, report, used, available, max, t.int64(0, 5));
  report.data["max_connections"] = max;
  report.data["superuser_reserved_connections"] = reserved;
  report.data["connections"] = used;
  report.data["percent"] =
      available > 0 ? 100.0 * static_cast<double>(used) / static_cast<double>(available) : 100.0;
  report.data["states"] = {
      {"active", t.int64(0, 3)}, {"idle", t.int64(0, 4)}, {"idle_in_transaction", t.int64(0, 5)}};
  report.data["by_client"] = nlohmann::ordered_json::array();
  report.columns = {"database", "user", "application", "connections"};
  for (int r = 0; r < by->rows(); ++r) {
    report.rows.push_back({by->str(r, 0), by->str(r, 1), by->str(r, 2), by->str(r, 3)});
    report.data["by_client"].push_back({{"database", by->str(r, 0)},
                                        {"user", by->str(r, 1)},
                                        {"application", by->str(r, 2)},
                                        {"connections", by->int64(r, 3)}});
  }
  report.summary = std::to_string(used) + " of " + std::to_string(available) +
                   " available connections in use (" + Fixed(report.data["percent"].get<double>()) +
                   "%; " + std::to_string(t.int64(0, 3)) + " active, " +
                   std::to_string(t.int64(0, 5)) + " idle in transaction)";
  return Status::Ok();
}

}  // namespace
}  // namespace connections_check

const CheckDescriptor kConnections = {
    "connections",
    "Client connections against max_connections, and who holds them",
    {{"warning_pct", 75, "percent of the available connections in use that is a warning"},
     {"critical_pct", 90, "... that is critical"},
     {"idle_in_transaction_count", 5, "this many idle-in-transaction sessions: warning"}},
    connections_check::Run,
};

}  // namespace pgcrate::dba::checks

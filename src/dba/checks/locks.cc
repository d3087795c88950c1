// locks: sessions blocked by another session's lock (with the whole blocking chain and how
// long each has waited), long-running transactions and sessions idle in a transaction. A
// blocker holds its locks until it ends, so every query behind it queues; an old or idle
// transaction also holds back the xmin horizon, so VACUUM cannot remove dead rows.
// Scope: the sessions of the connected database. One query.
#include <functional>
#include <map>
#include <set>

#include "base/strings.h"
#include "dba/checks/checks.h"

namespace pgcrate::dba::checks {
namespace locks_check {
namespace {

constexpr const char* kSql = R"sql(
SELECT a.pid, coalesce(a.usename::text, ''), coalesce(a.application_name, ''),
       coalesce(a.state, 'unknown'), coalesce(a.wait_event_type, ''),
       coalesce(extract(epoch FROM now() - a.xact_start), -1)::float8,
       coalesce(extract(epoch FROM now() - a.state_change), -1)::float8,
       coalesce(extract(epoch FROM now() - a.query_start), -1)::float8,
       array_to_string(pg_blocking_pids(a.pid), ','),
       left(regexp_replace(coalesce(a.query, ''), '\s+', ' ', 'g'), 120)
FROM pg_stat_activity a
WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()
  AND a.backend_type = 'client backend'
ORDER BY a.xact_start NULLS LAST, a.pid
)sql";

struct Session {
  int64_t pid = 0;
  std::string user, app, state, wait_type, query;
  double xact_s = -1, state_s = -1, query_s = -1;
  std::vector<int64_t> blocked_by;
};

std::vector<Session> Load(const pg::QueryResult& q) {
  std::vector<Session> out;
  for (int r = 0; r < q.rows(); ++r) {
    Session s{q.int64(r, 0), q.str(r, 1),     q.str(r, 2),     q.str(r, 3),     q.str(r, 4),
              q.str(r, 9),   q.float64(r, 5), q.float64(r, 6), q.float64(r, 7), {}};
    for (const auto& p : base::Split(q.text(r, 8), ',')) {
      if (!p.empty()) s.blocked_by.push_back(std::stoll(p));
    }
    out.push_back(std::move(s));
  }
  return out;
}

// "4711 <- 4700 <- 4690": the blocked pid first, then each blocker up to the root.
std::vector<int64_t> Chain(const std::map<int64_t, const Session*>& by_pid, int64_t pid) {
  std::vector<int64_t> chain = {pid};
  std::set<int64_t> seen = {pid};
  for (;;) {
    auto it = by_pid.find(chain.back());
    if (it == by_pid.end() || it->second->blocked_by.empty()) break;
    int64_t next = it->second->blocked_by.front();
    if (!seen.insert(next).second) break;  // a deadlock cycle; the server will break it
    chain.push_back(next);
  }
  return chain;
}

std::string ChainText(const std::vector<int64_t>& chain) {
  std::vector<std::string> parts;
  for (int64_t p : chain) parts.push_back(std::to_string(p));
  return base::Join(parts, " <- ");
}

void AddBlocked(CheckContext& ctx, CheckReport& report, const std::vector<Session>& sessions) {
  std::map<int64_t, const Session*> by_pid;
  for (const auto& s : sessions) by_pid[s.pid] = &s;
  std::map<int64_t, double> root_worst;  // root blocker -> longest wait behind it
  for (const auto& s : sessions) {
    if (s.blocked_by.empty()) continue;
    double wait = s.query_s < 0 ? 0 : s.query_s;
    Severity sev = Grade(wait, ctx.thresholds.Get("blocked_warning_seconds"),
                         ctx.thresholds.Get("blocked_critical_seconds"));
    std::vector<int64_t> chain = Chain(by_pid, s.pid);
    root_worst[chain.back()] = std::max(root_worst[chain.back()], wait);
    Finding f{"blocked_session",
              sev == Severity::kOk ? Severity::kInfo : sev,
              "pid " + std::to_string(s.pid),
              "waiting " + HumanSeconds(wait) + " for a lock; blocking chain " + ChainText(chain),
              "end the root blocker (pid " + std::to_string(chain.back()) +
                  ") with SELECT pg_cancel_backend(" + std::to_string(chain.back()) +
                  ") or pg_terminate_backend, or wait for it to finish",
              std::nullopt,
              {}};
    f.details = {{"pid", s.pid},
                 {"wait_seconds", wait},
                 {"blocked_by", s.blocked_by},
                 {"chain", chain},
                 {"query", s.query}};
    report.Add(std::move(f));
  }
  for (const auto& [root, wait] : root_worst) {
    auto it = by_pid.find(root);
    const Session* b = it == by_pid.end() ? nullptr : it->second;
    Severity sev = Grade(wait, ctx.thresholds.Get("blocked_warning_seconds"),
                         ctx.thresholds.Get("blocked_critical_seconds"));
    std::string what = b ? b->state + " for " + HumanSeconds(b->state_s) + ", transaction open " +
                               HumanSeconds(b->xact_s)
                         : "in another database or invisible to this role";
    Finding f{"blocking_session",
              sev == Severity::kOk ? Severity::kInfo : sev,
              "pid " + std::to_string(root),
              "blocks other sessions (longest wait " + HumanSeconds(wait) + "); it is " + what,
              "SELECT pg_terminate_backend(" + std::to_string(root) +
                  ") if it is stuck; find the application holding it" +
                  (b ? " (" + b->app + ", user " + b->user + ")" : std::string()),
              std::nullopt,
              {}};
    f.details = {{"pid", root},
                 {"longest_wait_seconds", wait},
                 {"state", b ? b->state : ""},
                 {"xact_seconds", b ? b->xact_s : -1},
                 {"query", b ? b->query : ""}};
    report.Add(std::move(f));
  }
}

void AddLongTransactions(CheckContext& ctx, CheckReport& report,
                         const std::vector<Session>& sessions) {
  const Thresholds& t = ctx.thresholds;
  for (const auto& s : sessions) {
    bool idle_tx = base::StartsWith(s.state, "idle in transaction");
    Severity sev = idle_tx ? Grade(s.state_s, t.Get("idle_in_transaction_warning_seconds"),
                                   t.Get("idle_in_transaction_critical_seconds"))
                           : Grade(s.xact_s, t.Get("long_transaction_warning_seconds"),
                                   t.Get("long_transaction_critical_seconds"));
    if (sev == Severity::kOk || s.xact_s < 0) continue;
    Finding f;
    f.kind = idle_tx ? "idle_in_transaction" : "long_transaction";
    f.severity = sev;
    f.object = "pid " + std::to_string(s.pid);
    f.message = idle_tx ? "idle in transaction for " + HumanSeconds(s.state_s) +
                              " (transaction open " + HumanSeconds(s.xact_s) + ")"
                        : "transaction open for " + HumanSeconds(s.xact_s) + " (" + s.state + ")";
    f.action = idle_tx ? "fix the application that leaves transactions open; set "
                         "idle_in_transaction_session_timeout; SELECT pg_terminate_backend(" +
                             std::to_string(s.pid) + ")"
                       : "check what the transaction does; it holds back VACUUM while open";
    f.details = {{"pid", s.pid},     {"user", s.user},           {"application", s.app},
                 {"state", s.state}, {"xact_seconds", s.xact_s}, {"state_seconds", s.state_s},
                 {"query", s.query}};
    report.Add(std::move(f));
  }
}

void Table(CheckReport& report, const std::vector<Session>& sessions) {
  report.columns = {"pid", "user", "state", "xact age", "blocked by", "query"};
  report.data["sessions"] = nlohmann::ordered_json::array();
  for (const auto& s : sessions) {
    std::vector<std::string> by;
    for (int64_t p : s.blocked_by) by.push_back(std::to_string(p));
    bool interesting = !s.blocked_by.empty() || s.xact_s >= 0;
    if (!interesting) continue;
    report.rows.push_back({std::to_string(s.pid), s.user, s.state,
                           s.xact_s < 0 ? "" : HumanSeconds(s.xact_s), base::Join(by, ","),
                           s.query});
    report.data["sessions"].push_back({{"pid", s.pid},
                                       {"user", s.user},
                                       {"application", s.app},
                                       {"state", s.state},
                                       {"wait_event_type", s.wait_type},
                                       {"xact_seconds", s.xact_s},
                                       {"state_seconds", s.state_s},
                                       {"query_seconds", s.query_s},
                                       {"blocked_by", s.blocked_by},
                                       {"query", s.query}});
  }
}

Status Run(CheckContext& ctx, CheckReport& report) {
  auto q = ctx.conn.Exec(kSql);
  if (!q.ok()) return q.status();
  std::vector<Session> sessions = Load(q.value());
  AddBlocked(ctx, report, sessions);
  AddLongTransactions(ctx, report, sessions);
  Table(report, sessions);
  size_t blocked = 0;
  for (const auto& s : sessions) blocked += s.blocked_by.empty() ? 0 : 1;
  report.summary = std::to_string(sessions.size()) + " other sessions, " + std::to_string(blocked) +
                   " blocked, " + std::to_string(report.findings.size()) + " findings";
  return Status::Ok();
}

}  // namespace
}  // namespace locks_check

const CheckDescriptor kLocks = {
    "locks",
    "Blocking locks (with the blocking chain), long and idle-in-transaction sessions",
    {{"blocked_warning_seconds", 0, "a session waiting on a lock this long is a warning"},
     {"blocked_critical_seconds", 60, "... and this long is critical"},
     {"long_transaction_warning_seconds", 300, "a transaction open this long is a warning"},
     {"long_transaction_critical_seconds", 1800, "... and this long is critical"},
     {"idle_in_transaction_warning_seconds", 60, "idle in transaction this long: warning"},
     {"idle_in_transaction_critical_seconds", 600, "... and this long is critical"}},
    locks_check::Run,
};

}  // namespace pgcrate::dba::checks

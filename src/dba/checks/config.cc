// config: a review of server settings against what a production PostgreSQL needs. Settings
// that risk data (fsync, full_page_writes off) or blind maintenance (autovacuum, track_counts
// off) are critical; settings waiting for a restart are warnings; defaults that are rarely
// right for production (shared_buffers 128MB, random_page_cost 4 on SSDs, no
// idle_in_transaction_session_timeout...) are suggestions (info). One query.
#include <functional>

#include "dba/checks/checks.h"

namespace pgcrate::dba::checks {
namespace config_check {
namespace {

constexpr const char* kSql = R"sql(
SELECT name, setting, coalesce(unit, ''), source, pending_restart,
       current_setting(name)
FROM pg_settings
WHERE name = ANY ('{fsync,full_page_writes,autovacuum,track_counts,shared_buffers,work_mem,
  maintenance_work_mem,random_page_cost,checkpoint_completion_target,
  idle_in_transaction_session_timeout,log_min_duration_statement,max_connections,
  synchronous_commit,wal_level,effective_cache_size}'::text[]) OR pending_restart
ORDER BY name
)sql";

struct Rule {
  const char* name;
  Severity severity;
  std::function<bool(const std::string& setting)> bad;
  const char* why;
  const char* suggestion;
};

const std::vector<Rule>& Rules() {
  static const std::vector<Rule> rules = {
      {"fsync", Severity::kCritical, [](const std::string& s) { return s == "off"; },
       "a crash can corrupt the cluster", "fsync = on"},
      {"full_page_writes", Severity::kCritical, [](const std::string& s) { return s == "off"; },
       "torn pages after a crash cannot be repaired", "full_page_writes = on"},
      {"autovacuum", Severity::kCritical, [](const std::string& s) { return s == "off"; },
       "dead tuples pile up and XID wraparound is not prevented", "autovacuum = on"},
      {"track_counts", Severity::kCritical, [](const std::string& s) { return s == "off"; },
       "autovacuum and the vacuum/index/stats checks have no statistics", "track_counts = on"},
      {"shared_buffers", Severity::kInfo, [](const std::string& s) { return s == "16384"; },
       "still the 128MB default", "about 25% of RAM"},
      {"work_mem", Severity::kInfo, [](const std::string& s) { return s == "4096"; },
       "still the 4MB default; sorts and hashes spill to disk", "16-64MB, sized to connections"},
      {"maintenance_work_mem", Severity::kInfo, [](const std::string& s) { return s == "65536"; },
       "still the 64MB default; VACUUM and CREATE INDEX are slower", "512MB-1GB"},
      {"random_page_cost", Severity::kInfo, [](const std::string& s) { return s == "4"; },
       "4 assumes spinning disks", "1.1 on SSD storage"},
      {"checkpoint_completion_target", Severity::kInfo,
       [](const std::string& s) { return std::stod(s) < 0.9; }, "checkpoint I/O is not spread out",
       "0.9"},
      {"idle_in_transaction_session_timeout", Severity::kInfo,
       [](const std::string& s) { return s == "0"; },
       "a forgotten open transaction can hold locks and block VACUUM forever", "e.g. 10min"},
      {"log_min_duration_statement", Severity::kInfo,
       [](const std::string& s) { return s == "-1"; }, "slow statements are not logged",
       "e.g. 1000 (ms)"},
      {"max_connections", Severity::kWarning,
       [](const std::string& s) { return std::stod(s) > 500; },
       "each connection costs memory and contention", "a pooler and a few hundred at most"},
      {"synchronous_commit", Severity::kInfo, [](const std::string& s) { return s == "off"; },
       "the last transactions can be lost on a crash (no corruption)", "on, unless intended"},
      {"wal_level", Severity::kInfo, [](const std::string& s) { return s == "minimal"; },
       "no replication or point-in-time recovery possible", "replica"},
  };
  return rules;
}

void Apply(CheckReport& report, const std::string& name, const std::string& setting,
           const std::string& shown) {
  for (const Rule& r : Rules()) {
    if (name != r.name || !r.bad(setting)) continue;
    report.Add({"setting",
                r.severity,
                name,
                name + " = " + shown + ": " + r.why,
                std::string("set ") + r.suggestion + " (ALTER SYSTEM SET ... then reload)",
                std::nullopt,
                {{"setting", name}, {"value", shown}, {"suggested", r.suggestion}}});
  }
}

Status Run(CheckContext& ctx, CheckReport& report) {
  auto q = ctx.conn.Exec(kSql);
  if (!q.ok()) return q.status();
  report.columns = {"setting", "value", "source", "pending restart"};
  report.data["settings"] = nlohmann::ordered_json::array();
  for (int r = 0; r < q->rows(); ++r) {
    std::string name = q->str(r, 0), shown = q->str(r, 5);
    Apply(report, name, q->str(r, 1), shown);
    if (q->boolean(r, 4)) {
      report.Add({"pending_restart",
                  Severity::kWarning,
                  name,
                  name + " was changed but needs a server restart to take effect",
                  "restart PostgreSQL in a maintenance window",
                  std::nullopt,
                  {{"setting", name}}});
    }
    report.rows.push_back({name, shown, q->str(r, 3), q->boolean(r, 4) ? "YES" : ""});
    report.data["settings"].push_back({{"name", name},
                                       {"value", shown},
                                       {"source", q->str(r, 3)},
                                       {"pending_restart", q->boolean(r, 4)}});
  }
  int suggestions = 0;
  for (const Finding& f : report.findings) suggestions += f.severity == Severity::kInfo ? 1 : 0;
  report.summary = std::to_string(report.findings.size() - static_cast<size_t>(suggestions)) +
                   " problems, " + std::to_string(suggestions) + " suggestions";
  return Status::Ok();
}

}  // namespace
}  // namespace config_check

const CheckDescriptor kConfig = {
    "config",
    "Server settings review: dangerous settings, pending restarts, suggestions",
    {},
    config_check::Run,
};

}  // namespace pgcrate::dba::checks

// vacuum: dead tuples VACUUM has not yet removed, per table. Dead rows make scans read more
// pages, bloat the table and its indexes, and on tables where autovacuum is disabled (or
// cannot keep up) they only grow. Also reports tables with autovacuum switched off and
// tables whose last vacuum is old while they carry dead rows. One query.
#include "dba/checks/checks.h"

namespace pgcrate::dba::checks {
namespace vacuum_check {
namespace {

constexpr const char* kSql = R"sql(
SELECT quote_ident(s.schemaname) || '.' || quote_ident(s.relname), s.n_live_tup, s.n_dead_tup,
       coalesce(extract(epoch FROM now() - greatest(s.last_vacuum, s.last_autovacuum)), -1)::float8,
       s.vacuum_count + s.autovacuum_count,
       coalesce((SELECT option_value FROM pg_options_to_table(c.reloptions)
                 WHERE option_name = 'autovacuum_enabled'), 'on'),
       c.relpages::bigint * current_setting('block_size')::bigint, current_setting('autovacuum')
FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
ORDER BY s.n_dead_tup DESC, 1
)sql";

struct Table {
  std::string name;
  int64_t live = 0, dead = 0, vacuums = 0, bytes = 0;
  double since_vacuum = -1, dead_pct = 0;
  bool autovacuum = true;
};

Table Load(const pg::QueryResult& q, int r) {
  Table t;
  t.name = q.str(r, 0);
  t.live = q.int64(r, 1);
  t.dead = q.int64(r, 2);
  t.since_vacuum = q.float64(r, 3);
  t.vacuums = q.int64(r, 4);
  std::string av = q.str(r, 5);
  t.autovacuum = !(av == "false" || av == "off" || av == "0" || av == "no") && q.str(r, 7) == "on";
  t.bytes = q.int64(r, 6);
  int64_t total = t.live + t.dead;
  t.dead_pct = total > 0 ? 100.0 * static_cast<double>(t.dead) / static_cast<double>(total) : 0;
  return t;
}

Fix VacuumFix(const std::string& table) {
  return Fix{FixCommand({"vacuum", table, "--analyze"}), "VACUUM (ANALYZE) " + table + ";", "low"};
}

void Judge(CheckContext& ctx, CheckReport& report, const Table& t) {
  const Thresholds& th = ctx.thresholds;
  if (static_cast<double>(t.dead) < th.Get("min_dead_tuples")) return;
  Severity sev = Grade(t.dead_pct, th.Get("dead_pct_warning"), th.Get("dead_pct_critical"));
  double stale_s = th.Get("stale_vacuum_days") * 86400;
  bool stale = t.since_vacuum < 0 || t.since_vacuum >= stale_s;
  if (sev == Severity::kOk && !(stale && t.since_vacuum >= 0)) return;
  Finding f;
  f.kind = sev != Severity::kOk ? "dead_tuples" : "stale_vacuum";
  f.severity = sev != Severity::kOk ? sev : Severity::kWarning;
  f.object = t.name;
  f.message = std::to_string(t.dead) + " dead tuples (" + Fixed(t.dead_pct) + "% of rows), " +
              (t.since_vacuum < 0 ? "never vacuumed"
                                  : "last vacuumed " + HumanSeconds(t.since_vacuum) + " ago") +
              (t.autovacuum ? "" : ", autovacuum is DISABLED for it");
  f.action = t.autovacuum ? "VACUUM it now; if this recurs, lower its "
                            "autovacuum_vacuum_scale_factor"
                          : "VACUUM it now and re-enable autovacuum: ALTER TABLE " + t.name +
                                " RESET (autovacuum_enabled)";
  f.fix = VacuumFix(t.name);
  f.details = {{"table", t.name},
               {"live_tuples", t.live},
               {"dead_tuples", t.dead},
               {"dead_pct", t.dead_pct},
               {"seconds_since_vacuum", t.since_vacuum},
               {"autovacuum_enabled", t.autovacuum}};
  report.Add(std::move(f));
}

Status Run(CheckContext& ctx, CheckReport& report) {
  auto q = ctx.conn.Exec(kSql);
  if (!q.ok()) return q.status();
  report.columns = {"table", "live", "dead", "dead %", "last vacuum", "autovacuum"};
  report.data["tables"] = nlohmann::ordered_json::array();
  int disabled = 0;
  for (int r = 0; r < q->rows(); ++r) {
    Table t = Load(q.value(), r);
    if (!ctx.options.object.empty() && t.name != ctx.options.object) continue;
    Judge(ctx, report, t);
    disabled += t.autovacuum ? 0 : 1;
    std::string last = t.since_vacuum < 0 ? "never" : HumanSeconds(t.since_vacuum) + " ago";
    if (report.rows.size() < static_cast<size_t>(ctx.options.limit) || t.dead > 0) {
      report.rows.push_back({t.name, std::to_string(t.live), std::to_string(t.dead),
                             Fixed(t.dead_pct), last, t.autovacuum ? "on" : "OFF"});
    }
    report.data["tables"].push_back({{"table", t.name},
                                     {"live_tuples", t.live},
                                     {"dead_tuples", t.dead},
                                     {"dead_pct", t.dead_pct},
                                     {"seconds_since_vacuum", t.since_vacuum},
                                     {"vacuum_count", t.vacuums},
                                     {"autovacuum_enabled", t.autovacuum},
                                     {"bytes", t.bytes}});
  }
  report.summary = std::to_string(report.data["tables"].size()) + " tables, " +
                   std::to_string(report.findings.size()) + " need a vacuum" +
                   (disabled ? ", " + std::to_string(disabled) + " with autovacuum off" : "");
  return Status::Ok();
}

}  // namespace
}  // namespace vacuum_check

const CheckDescriptor kVacuum = {
    "vacuum",
    "Dead tuples per table, tables with autovacuum off, stale vacuums",
    {{"dead_pct_warning", 10, "dead tuples as a percent of all tuples that is a warning"},
     {"dead_pct_critical", 30, "... that is critical"},
     {"min_dead_tuples", 1000, "tables with fewer dead tuples are never reported"},
     {"stale_vacuum_days", 7, "a table with dead tuples not vacuumed for this long: warning"}},
    vacuum_check::Run,
};

}  // namespace pgcrate::dba::checks

// replication: streaming replication health. On a primary: each standby's replay lag (bytes
// and time) and replication slots — an inactive slot keeps every WAL segment since its
// restart_lsn (the disk fills up) and its xmin holds back VACUUM everywhere. On a standby:
// how far replay is behind what was received. Healthy when nothing is configured. Four
// queries (privileges, standbys, slots, this server's recovery state). Without pg_monitor
// (pg_read_all_stats) the server hides the state and lag of other roles' WAL senders and of
// the WAL receiver (the columns read NULL), which would look like a broken standby: the
// check is then skipped ("needs pg_monitor"), never guessed.
#include "dba/checks/checks.h"

namespace pgcrate::dba::checks {
namespace replication_check {
namespace {

constexpr const char* kPrivilegeSql = R"sql(
SELECT coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = current_user), false)
       OR pg_has_role(current_user, 'pg_read_all_stats', 'USAGE')
)sql";

constexpr const char* kStandbysSql = R"sql(
SELECT coalesce(application_name, ''), coalesce(client_addr::text, 'local'),
       coalesce(state, ''), coalesce(sync_state, ''),
       CASE WHEN pg_is_in_recovery() THEN NULL
            ELSE pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) END::float8,
       extract(epoch FROM replay_lag)::float8
FROM pg_stat_replication ORDER BY 1
)sql";

constexpr const char* kSlotsSql = R"sql(
SELECT slot_name::text, slot_type, active, coalesce(wal_status, ''),
       CASE WHEN pg_is_in_recovery() THEN NULL
            ELSE pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn) END::float8,
       greatest(age(xmin), age(catalog_xmin))::float8, coalesce(database::text, '')
FROM pg_replication_slots ORDER BY 1
)sql";

constexpr const char* kRecoverySql = R"sql(
SELECT pg_is_in_recovery(),
       pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())::float8,
       extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8,
       (SELECT status FROM pg_stat_wal_receiver LIMIT 1)
)sql";

void Standbys(CheckContext& ctx, CheckReport& report, const pg::QueryResult& q) {
  const Thresholds& t = ctx.thresholds;
  report.data["standbys"] = nlohmann::ordered_json::array();
  for (int r = 0; r < q.rows(); ++r) {
    std::string name = q.str(r, 0) + "@" + q.str(r, 1);
    double bytes = q.float64(r, 4, 0), secs = q.float64(r, 5, 0);
    Severity sev =
        std::max(Grade(bytes, t.Get("lag_warning_bytes"), t.Get("lag_critical_bytes")),
                 Grade(secs, t.Get("lag_warning_seconds"), t.Get("lag_critical_seconds")));
    if (q.str(r, 2) != "streaming") sev = std::max(sev, Severity::kWarning);
    if (sev != Severity::kOk) {
      report.Add({"replication_lag",
                  sev,
                  name,
                  "standby is " + q.str(r, 2) + ", replay " + HumanBytes(bytes) + " / " +
                      HumanSeconds(secs) + " behind",
                  "check the standby's disk and network; long queries on it with "
                  "hot_standby_feedback also delay replay",
                  std::nullopt,
                  {{"replay_lag_bytes", bytes}, {"replay_lag_seconds", secs}}});
    }
    report.rows.push_back({"standby", name, q.str(r, 2) + "/" + q.str(r, 3), HumanBytes(bytes)});
    report.data["standbys"].push_back({{"name", name},
                                       {"state", q.str(r, 2)},
                                       {"sync_state", q.str(r, 3)},
                                       {"replay_lag_bytes", bytes},
                                       {"replay_lag_seconds", secs}});
  }
}

void Slots(CheckContext& ctx, CheckReport& report, const pg::QueryResult& q) {
  const Thresholds& t = ctx.thresholds;
  report.data["slots"] = nlohmann::ordered_json::array();
  for (int r = 0; r < q.rows(); ++r) {
    std::string name = q.str(r, 0), status = q.str(r, 3);
    bool active = q.boolean(r, 2);
    double retained = q.float64(r, 4, 0);
    Severity sev = Grade(retained, t.Get("slot_warning_bytes"), t.Get("slot_critical_bytes"));
    if (!active) sev = std::max(sev, Severity::kWarning);
    if (status == "lost" || status == "unreserved") sev = Severity::kCritical;
    if (sev != Severity::kOk) {
      report.Add({"replication_slot",
                  sev,
                  name,
                  std::string(active ? "active" : "INACTIVE") + " " + q.str(r, 1) +
                      " slot retains " + HumanBytes(retained) + " of WAL" +
                      (status.empty() ? "" : " (wal_status " + status + ")"),
                  "if its consumer is gone: SELECT pg_drop_replication_slot('" + name +
                      "'); otherwise bring the consumer back",
                  std::nullopt,
                  {{"active", active},
                   {"retained_bytes", retained},
                   {"wal_status", status},
                   {"xmin_age", q.float64(r, 5, 0)}}});
    }
    report.rows.push_back({"slot", name, active ? "active" : "inactive", HumanBytes(retained)});
    report.data["slots"].push_back({{"slot", name},
                                    {"type", q.str(r, 1)},
                                    {"active", active},
                                    {"wal_status", status},
                                    {"retained_bytes", retained},
                                    {"database", q.str(r, 6)}});
  }
}

void Recovery(CheckContext& ctx, CheckReport& report, const pg::QueryResult& q) {
  bool standby = q.boolean(0, 0);
  report.data["in_recovery"] = standby;
  if (!standby) return;
  double behind = q.float64(0, 1, 0), since = q.float64(0, 2, 0);
  report.data["replay_behind_bytes"] = behind;
  report.data["receiver_status"] = q.str(0, 3);
  const Thresholds& t = ctx.thresholds;
  Severity sev = Grade(behind, t.Get("lag_warning_bytes"), t.Get("lag_critical_bytes"));
  if (behind > 0) {
    sev = std::max(sev, Grade(since, t.Get("lag_warning_seconds"), t.Get("lag_critical_seconds")));
  }
  if (q.str(0, 3) != "streaming") sev = std::max(sev, Severity::kWarning);
  if (sev == Severity::kOk) return;
  report.Add({"standby_replay_lag",
              sev,
              "",
              "this standby's WAL receiver is '" + q.str(0, 3) + "' and replay is " +
                  HumanBytes(behind) + " behind what it received",
              "check the primary connection (primary_conninfo) and conflicting queries here",
              std::nullopt,
              {{"replay_behind_bytes", behind}, {"seconds_since_replay", since}}});
}

Status Run(CheckContext& ctx, CheckReport& report) {
  auto priv = ctx.conn.Exec(kPrivilegeSql);
  if (!priv.ok()) return priv.status();
  if (!priv->boolean(0, 0)) {
    report.Skip(
        "needs pg_monitor (or pg_read_all_stats): without it the server hides the "
        "replication state and lag of WAL senders and receivers");
    return Status::Ok();
  }
  auto standbys = ctx.conn.Exec(kStandbysSql);
  if (!standbys.ok()) return standbys.status();
  auto slots = ctx.conn.Exec(kSlotsSql);
  if (!slots.ok()) return slots.status();
  auto rec = ctx.conn.Exec(kRecoverySql);
  if (!rec.ok()) return rec.status();
  report.columns = {"kind", "name", "state", "lag / retained"};
  Standbys(ctx, report, standbys.value());
  Slots(ctx, report, slots.value());
  Recovery(ctx, report, rec.value());
  report.summary = std::string(rec->boolean(0, 0) ? "standby" : "primary") + " with " +
                   std::to_string(standbys->rows()) + " standbys and " +
                   std::to_string(slots->rows()) + " replication slots";
  return Status::Ok();
}

}  // namespace
}  // namespace replication_check

const CheckDescriptor kReplication = {
    "replication",
    "Streaming replication: standby lag, replication slots, replay on a standby",
    {{"lag_warning_bytes", 104857600, "replay lag in bytes that is a warning (100 MB)"},
     {"lag_critical_bytes", 1073741824, "... that is critical (1 GB)"},
     {"lag_warning_seconds", 60, "replay lag in seconds that is a warning"},
     {"lag_critical_seconds", 300, "... that is critical"},
     {"slot_warning_bytes", 1073741824, "WAL retained by a slot that is a warning (1 GB)"},
     {"slot_critical_bytes", 10737418240, "... that is critical (10 GB)"}},
    replication_check::Run,
};

}  // namespace pgcrate::dba::checks

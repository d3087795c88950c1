// xid: transaction-ID (and multixact) wraparound. PostgreSQL's 32-bit XIDs wrap after about
// 2^31 transactions; before that, every table must be frozen by VACUUM. When the oldest
// unfrozen XID of a database gets within 3 million of the limit the server refuses new
// transactions — a full outage that only a long single-user VACUUM ends. Databases are
// cluster-wide (pg_database); tables are those of the connected database. Two queries.
#include <algorithm>

#include "dba/checks/checks.h"

namespace pgcrate::dba::checks {
namespace xid_check {
namespace {

constexpr double kWrapLimit = 2147483648.0;  // 2^31

constexpr const char* kDatabasesSql = R"sql(
SELECT datname::text, age(datfrozenxid)::float8, mxid_age(datminmxid)::float8,
       current_setting('autovacuum_freeze_max_age')::float8
FROM pg_database WHERE datallowconn ORDER BY 2 DESC
)sql";

constexpr const char* kTablesSql = R"sql(
SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), age(c.relfrozenxid)::float8,
       mxid_age(c.relminmxid)::float8, c.relpages::bigint * current_setting('block_size')::bigint
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'm') AND c.relpersistence <> 't'
ORDER BY greatest(age(c.relfrozenxid), mxid_age(c.relminmxid)) DESC
LIMIT $1
)sql";

double Pct(double age) { return age / kWrapLimit * 100.0; }

Severity GradePct(CheckContext& ctx, double pct) {
  return Grade(pct, ctx.thresholds.Get("warning_pct"), ctx.thresholds.Get("critical_pct"));
}

void AddDatabase(CheckContext& ctx, CheckReport& report, const std::string& db, double xid,
                 double mxid) {
  double pct = std::max(Pct(xid), Pct(mxid));
  Severity sev = GradePct(ctx, pct);
  if (sev == Severity::kOk) return;
  Finding f;
  f.kind = "xid_wraparound";
  f.severity = sev;
  f.object = "database " + db;
  f.message = "oldest unfrozen transaction ID is " + Fixed(xid, 0) + " transactions old (" +
              Fixed(Pct(xid)) + "% of the wraparound limit), multixact age " + Fixed(mxid, 0);
  f.action = "VACUUM (FREEZE) the oldest tables of " + db +
             " (see the table list); check that nothing (long transaction, prepared "
             "transaction, replication slot) holds back the xmin horizon";
  f.details = {{"database", db}, {"xid_age", xid}, {"mxid_age", mxid}, {"percent", pct}};
  report.Add(std::move(f));
}

void AddTable(CheckContext& ctx, CheckReport& report, const std::string& table, double xid,
              double mxid) {
  double pct = std::max(Pct(xid), Pct(mxid));
  Severity sev = GradePct(ctx, pct);
  if (sev == Severity::kOk) return;
  Finding f;
  f.kind = "table_xid_age";
  f.severity = sev;
  f.object = table;
  f.message = "relfrozenxid is " + Fixed(xid, 0) + " transactions old (" + Fixed(Pct(xid)) +
              "% of the wraparound limit)";
  f.action = "freeze it now, before autovacuum's anti-wraparound run does it at a worse time";
  f.fix = Fix{FixCommand({"vacuum", table, "--freeze"}), "VACUUM (FREEZE) " + table + ";", "low"};
  f.details = {{"table", table}, {"xid_age", xid}, {"mxid_age", mxid}, {"percent", pct}};
  report.Add(std::move(f));
}

Status Run(CheckContext& ctx, CheckReport& report) {
  auto dbs = ctx.conn.Exec(kDatabasesSql);
  if (!dbs.ok()) return dbs.status();
  auto tables = ctx.conn.Exec(kTablesSql, {std::to_string(ctx.options.limit)});
  if (!tables.ok()) return tables.status();
  report.columns = {"object", "xid age", "% of limit", "mxid age"};
  report.data["databases"] = nlohmann::ordered_json::array();
  report.data["tables"] = nlohmann::ordered_json::array();
  double worst = 0;
  for (int r = 0; r < dbs->rows(); ++r) {
    std::string db = dbs->str(r, 0);
    double xid = dbs->float64(r, 1), mxid = dbs->float64(r, 2);
    worst = std::max(worst, Pct(xid));
    AddDatabase(ctx, report, db, xid, mxid);
    report.rows.push_back({"database " + db, Fixed(xid, 0), Fixed(Pct(xid), 2), Fixed(mxid, 0)});
    report.data["databases"].push_back(
        {{"database", db}, {"xid_age", xid}, {"percent", Pct(xid)}, {"mxid_age", mxid}});
  }
  for (int r = 0; r < tables->rows(); ++r) {
    std::string t = tables->str(r, 0);
    double xid = tables->float64(r, 1), mxid = tables->float64(r, 2);
    AddTable(ctx, report, t, xid, mxid);
    report.rows.push_back({t, Fixed(xid, 0), Fixed(Pct(xid), 2), Fixed(mxid, 0)});
    report.data["tables"].push_back({{"table", t},
                                     {"xid_age", xid},
                                     {"percent", Pct(xid)},
                                     {"mxid_age", mxid},
                                     {"bytes", tables->int64(r, 3)}});
  }
  double freeze_max = dbs->rows() > 0 ? dbs->float64(0, 3) : 0;
  report.data["autovacuum_freeze_max_age"] = freeze_max;
  report.summary = "oldest database is at " + Fixed(worst, 2) +
                   "% of the wraparound limit (autovacuum_freeze_max_age " + Fixed(freeze_max, 0) +
                   ")";
  return Status::Ok();
}

}  // namespace
}  // namespace xid_check

const CheckDescriptor kXid = {
    "xid",
    "Transaction ID and multixact wraparound, per database and per table",
    {{"warning_pct", 50, "percent of the 2^31 wraparound limit that is a warning"},
     {"critical_pct", 75, "percent of the limit that is critical"}},
    xid_check::Run,
};

}  // namespace pgcrate::dba::checks

// prepared-xacts: transactions left in the prepared state (PREPARE TRANSACTION, two-phase
// commit) that nobody committed or rolled back. A prepared transaction keeps its locks and its
// xmin — VACUUM cannot clean up behind it anywhere in the cluster, so bloat grows and XID
// wraparound approaches — and it survives restarts until its transaction manager (or a DBA)
// finishes it. Cluster-wide (pg_prepared_xacts lists every database). One query.
#include "dba/checks/checks.h"

namespace pgcrate::dba::checks {
namespace prepared_xacts_check {
namespace {

constexpr const char* kSql = R"sql(
SELECT gid, owner::text, database::text,
       extract(epoch FROM now() - prepared)::float8, age(transaction)::float8, prepared::text
FROM pg_prepared_xacts ORDER BY prepared
)sql";

std::string Literal(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

void Judge(CheckContext& ctx, CheckReport& report, const pg::QueryResult& q, int r) {
  double secs = q.float64(r, 3);
  Severity sev =
      Grade(secs, ctx.thresholds.Get("warning_seconds"), ctx.thresholds.Get("critical_seconds"));
  if (sev == Severity::kOk) return;
  std::string gid = q.str(r, 0);
  report.Add(
      {"prepared_transaction_open",
       sev,
       gid,
       "prepared " + HumanSeconds(secs) + " ago by " + q.str(r, 1) + " in database " + q.str(r, 2) +
           " and still open; it holds its locks and keeps VACUUM from "
           "removing rows newer than XID age " +
           Fixed(q.float64(r, 4), 0),
       "ask its transaction manager; if it is gone, connect to " + q.str(r, 2) +
           " and run COMMIT PREPARED " + Literal(gid) + " or ROLLBACK PREPARED " + Literal(gid),
       std::nullopt,
       {{"gid", gid},
        {"owner", q.str(r, 1)},
        {"database", q.str(r, 2)},
        {"seconds_open", secs},
        {"xid_age", q.float64(r, 4)}}});
}

Status Run(CheckContext& ctx, CheckReport& report) {
  auto q = ctx.conn.Exec(kSql);
  if (!q.ok()) return q.status();
  report.columns = {"gid", "database", "owner", "open for"};
  report.data["prepared"] = nlohmann::ordered_json::array();
  for (int r = 0; r < q->rows(); ++r) {
    Judge(ctx, report, q.value(), r);
    report.rows.push_back(
        {q->str(r, 0), q->str(r, 2), q->str(r, 1), HumanSeconds(q->float64(r, 3))});
    report.data["prepared"].push_back({{"gid", q->str(r, 0)},
                                       {"database", q->str(r, 2)},
                                       {"owner", q->str(r, 1)},
                                       {"prepared_at", q->str(r, 5)},
                                       {"seconds_open", q->float64(r, 3)}});
  }
  report.summary = std::to_string(q->rows()) + " prepared transactions, " +
                   std::to_string(report.findings.size()) + " open too long";
  return Status::Ok();
}

}  // namespace
}  // namespace prepared_xacts_check

const CheckDescriptor kPreparedXacts = {
    "prepared-xacts",
    "Prepared (two-phase) transactions left open: they hold locks and block VACUUM",
    {{"warning_seconds", 60, "a prepared transaction open this long is a warning"},
     {"critical_seconds", 3600, "... this long is critical"}},
    prepared_xacts_check::Run,
};

}  // namespace pgcrate::dba::checks

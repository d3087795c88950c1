// disabled-triggers: triggers switched off with ALTER TABLE ... DISABLE TRIGGER (tgenabled
// 'D') on user tables, usually left behind by a bulk load or a manual repair. A disabled user
// trigger silently skips its audit, denormalisation or validation; a disabled internal
// trigger (DISABLE TRIGGER ALL) means a foreign key is no longer enforced, so orphan rows get
// in. Triggers in ENABLE REPLICA/ALWAYS mode are not disabled. One query.
#include "dba/checks/checks.h"
#include "sql/quote.h"
#include "sql/user_schemas.h"

namespace pgcrate::dba::checks {
namespace disabled_triggers_check {
namespace {

const std::string kSql = R"sql(
SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), t.tgname::text, t.tgisinternal,
       coalesce(con.conname::text, ''), coalesce(con.contype::text, '')
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_constraint con ON con.oid = t.tgconstraint
WHERE t.tgenabled = 'D' AND )sql" +
                         sql::UserSchemaCondition("n.nspname") + R"sql(
ORDER BY 1, 2
)sql";

void Report(CheckReport& report, const pg::QueryResult& q, int r) {
  std::string table = q.str(r, 0), trigger = q.str(r, 1), constraint = q.str(r, 3);
  bool internal = q.boolean(r, 2);
  bool fk = internal && q.str(r, 4) == "f";
  Finding f;
  f.kind = "disabled_trigger";
  f.severity = Severity::kWarning;
  f.object = table;
  f.message = internal
                  ? "internal trigger " + trigger + " of constraint " + constraint +
                        " is disabled" + (fk ? ": the foreign key is not enforced on writes" : "")
                  : "trigger " + trigger + " is disabled: it does not fire";
  f.action = internal ? "ALTER TABLE " + table +
                            " ENABLE TRIGGER ALL, then look for rows "
                            "that slipped in meanwhile (the constraint is not re-checked)"
                      : "ALTER TABLE " + table + " ENABLE TRIGGER " + sql::QuoteIdent(trigger) +
                            " if it was disabled for a one-off job";
  f.details = {
      {"table", table}, {"trigger", trigger}, {"internal", internal}, {"constraint", constraint}};
  report.Add(std::move(f));
}

Status Run(CheckContext& ctx, CheckReport& report) {
  auto q = ctx.conn.Exec(kSql);
  if (!q.ok()) return q.status();
  report.columns = {"table", "trigger", "internal"};
  report.data["disabled"] = nlohmann::ordered_json::array();
  for (int r = 0; r < q->rows(); ++r) {
    Report(report, q.value(), r);
    report.rows.push_back({q->str(r, 0), q->str(r, 1), q->boolean(r, 2) ? "yes" : "no"});
    report.data["disabled"].push_back(
        {{"table", q->str(r, 0)}, {"trigger", q->str(r, 1)}, {"internal", q->boolean(r, 2)}});
  }
  report.summary = std::to_string(q->rows()) + " disabled triggers";
  return Status::Ok();
}

}  // namespace
}  // namespace disabled_triggers_check

const CheckDescriptor kDisabledTriggers = {
    "disabled-triggers",
    "Triggers left disabled on user tables (incl. foreign-key triggers: FK not enforced)",
    {},
    disabled_triggers_check::Run,
};

}  // namespace pgcrate::dba::checks

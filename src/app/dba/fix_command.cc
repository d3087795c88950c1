#include "app/dba/fix_command.h"

#include "app/dba/render.h"

namespace pgcrate::dba {
namespace {

using nlohmann::ordered_json;

std::string PlanText(const FixPlan& p, bool dry_run) {
  std::string out = "fix " + p.kind + " " + p.object + " (risk: " + p.risk + ")\n";
  for (const auto& q : p.sql) out += "  " + q + "\n";
  for (const auto& n : p.notes) out += "  note: " + n + "\n";
  if (dry_run) out += "dry run: nothing was changed.\n";
  return out;
}

ordered_json PlanJson(const FixPlan& p, bool dry_run) {
  return {{"fix", p.kind},    {"object", p.object}, {"risk", p.risk},   {"sql", p.sql},
          {"notes", p.notes}, {"dry_run", dry_run}, {"executed", false}};
}

// The verify check's findings about this object only.
Result<CheckReport> Verify(app::Session& s, pg::Connection& conn, const FixPlan& p) {
  CheckOptions o;
  o.object = p.object;
  auto r = RunConfiguredCheck(s, conn, p.verify_check, o);
  if (!r.ok()) return r.status();
  return VerifyReport(r.value(), p);
}

void Print(app::Session& s, const ordered_json& doc, const std::string& text) {
  if (s.out().json())
    s.out().Json(doc);
  else
    s.out().Data(text);
}

}  // namespace

Result<Outcome> RunFix(app::Session& session, const std::string& kind, FixOptions o) {
  o.read_write = session.options().read_write;
  o.primary = session.options().primary;
  auto conn = session.Connect();
  if (!conn.ok()) return conn.status();
  pg::Connection& c = *conn.value();
  auto plan = PlanFix(c, kind, o);
  if (!plan.ok()) return plan.status();
  const FixPlan& p = plan.value();
  ordered_json doc = PlanJson(p, o.dry_run);
  if (o.dry_run) {
    Print(session, doc, PlanText(p, true));
    return Outcome{};
  }
  PGCRATE_RETURN_IF_ERROR(CheckFixGates(c, p, o));
  PGCRATE_RETURN_IF_ERROR(session.CheckProductionGate(true, o.yes, FixAction(p)));
  auto run = ExecuteFix(c, p);
  if (!run.ok()) return run.status();
  doc["executed"] = true;
  doc["duration_ms"] = run->duration_ms;
  doc["before"] = run->before;
  doc["after"] = run->after;
  Outcome outcome;
  std::string text = PlanText(p, false) + "done in " + Fixed(run->duration_ms, 0) +
                     " ms\n  before: " + run->before.dump() + "\n  after:  " + run->after.dump() +
                     "\n";
  if (o.verify) {
    auto v = Verify(session, c, p);
    if (!v.ok()) return v.status();
    outcome.severity = v->status;
    doc["verify"] = ReportJson(v.value(), false);
    text += "verify: " + ReportText(v.value(), false);
  }
  Print(session, doc, text);
  return outcome;
}

}  // namespace pgcrate::dba

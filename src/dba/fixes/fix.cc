// The common path of every fix: resolve and plan, print the plan (--dry-run stops there),
// check the gates, run the statements one by one outside a transaction (VACUUM and
// CONCURRENTLY need that), snapshot the object before and after, and --verify.
#include "dba/fixes/fix.h"

#include <chrono>

#include "base/strings.h"
#include "dba/fixes/plan.h"
#include "dba/render.h"

namespace pgcrate::dba {
namespace fixes {

Result<Relation> Resolve(pg::Connection& conn, const std::string& name, std::string_view kinds,
                         const std::string& what) {
  auto r = conn.Exec(
      "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), "
      "c.relkind::text, c.oid FROM pg_class c "
      "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass($1)",
      {name});
  if (!r.ok()) return r.status();
  if (r->rows() == 0) {
    return Status(Code::kNotFound, "no relation named " + name + " exists.").WithObject(name);
  }
  Relation rel{r->str(0, 0), r->text(0, 1).empty() ? '\0' : r->text(0, 1)[0], r->int64(0, 2)};
  if (kinds.find(rel.kind) == std::string_view::npos) {
    return Status(Code::kUsage, rel.name + " is not " + what + ".").WithObject(name);
  }
  return rel;
}

}  // namespace fixes

namespace {

using nlohmann::ordered_json;

Result<fixes::FixPlan> Plan(pg::Connection& conn, const std::string& kind, const FixOptions& o) {
  if (kind == "sequence") return fixes::PlanSequence(conn, o);
  if (kind == "index") return fixes::PlanIndex(conn, o);
  if (kind == "vacuum") return fixes::PlanVacuum(conn, o);
  if (kind == "bloat") return fixes::PlanBloat(conn, o);
  return Status(Code::kUsage, "unknown fix '" + kind + "'.");
}

Status Refuse(const std::string& msg) { return Status(Code::kRefused, msg); }

Status CheckGates(app::Session& s, pg::Connection& conn, const fixes::FixPlan& p,
                  const FixOptions& o) {
  std::string what = base::ShellCommand({"dba", "fix", p.kind, p.object});
  if (!s.options().read_write) {
    return Refuse(what + " changes the database; pass --read-write (and --primary) to allow it.");
  }
  if (!s.options().primary) {
    return Refuse(what + " needs --primary to confirm the target is the primary server.");
  }
  if (p.risk != "low" && !o.yes) {
    return Refuse(what + " is " + p.risk + " risk (" + p.sql.front() +
                  "); pass --yes to "
                  "confirm.");
  }
  auto r = conn.Exec("SELECT pg_is_in_recovery(), current_setting('transaction_read_only')");
  if (!r.ok()) return r.status();
  if (r->boolean(0, 0))
    return Refuse("the server is a standby (in recovery); run fixes on the primary.");
  if (r->str(0, 1) == "on") {
    return Refuse(
        "the session is read-only (default_transaction_read_only is on); refusing to fix.");
  }
  return s.CheckProductionGate(true, o.yes, what);
}

Result<ordered_json> State(pg::Connection& conn, const fixes::FixPlan& p) {
  auto r = conn.Exec(p.state_sql, {p.object});
  if (!r.ok()) return r.status();
  ordered_json j = ordered_json::object();
  for (int c = 0; c < r->columns(); ++c) {
    j[r->column_name(c)] =
        r->rows() == 0 || r->is_null(0, c) ? ordered_json() : ordered_json(r->str(0, c));
  }
  return j;
}

// The verify check's findings about this object only.
Result<CheckReport> Verify(app::Session& s, pg::Connection& conn, const fixes::FixPlan& p) {
  CheckOptions o;
  o.object = p.object;
  auto r = RunConfiguredCheck(s, conn, p.verify_check, o);
  if (!r.ok()) return r.status();
  CheckReport out = r.value();
  out.findings.clear();
  out.status = Severity::kOk;
  for (const Finding& f : r->findings) {
    if (f.object == p.object) out.Add(f);
  }
  out.summary = out.findings.empty()
                    ? "no findings left for " + p.object
                    : std::to_string(out.findings.size()) + " findings remain for " + p.object;
  out.columns.clear();
  out.rows.clear();
  return out;
}

std::string PlanText(const fixes::FixPlan& p, bool dry_run) {
  std::string out = "fix " + p.kind + " " + p.object + " (risk: " + p.risk + ")\n";
  for (const auto& q : p.sql) out += "  " + q + "\n";
  for (const auto& n : p.notes) out += "  note: " + n + "\n";
  if (dry_run) out += "dry run: nothing was changed.\n";
  return out;
}

ordered_json PlanJson(const fixes::FixPlan& p, bool dry_run) {
  return {{"fix", p.kind},    {"object", p.object}, {"risk", p.risk},   {"sql", p.sql},
          {"notes", p.notes}, {"dry_run", dry_run}, {"executed", false}};
}

Status Execute(pg::Connection& conn, const fixes::FixPlan& p) {
  for (const auto& q : p.sql) PGCRATE_RETURN_IF_ERROR(conn.Run(q));
  return Status::Ok();
}

}  // namespace

Result<Outcome> RunFix(app::Session& session, const std::string& kind, const FixOptions& o) {
  auto conn = session.Connect();
  if (!conn.ok()) return conn.status();
  pg::Connection& c = *conn.value();
  auto plan = Plan(c, kind, o);
  if (!plan.ok()) return plan.status();
  const fixes::FixPlan& p = plan.value();
  ordered_json doc = PlanJson(p, o.dry_run);
  if (o.dry_run) {
    if (session.out().json())
      session.out().Json(doc);
    else
      session.out().Data(PlanText(p, true));
    return Outcome{};
  }
  PGCRATE_RETURN_IF_ERROR(CheckGates(session, c, p, o));
  auto before = State(c, p);
  if (!before.ok()) return before.status();
  auto start = std::chrono::steady_clock::now();
  PGCRATE_RETURN_IF_ERROR(Execute(c, p));
  double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  auto after = State(c, p);
  if (!after.ok()) return after.status();
  doc["executed"] = true;
  doc["duration_ms"] = ms;
  doc["before"] = before.value();
  doc["after"] = after.value();
  Outcome outcome;
  std::string text = PlanText(p, false) + "done in " + Fixed(ms, 0) +
                     " ms\n  before: " + before->dump() + "\n  after:  " + after->dump() + "\n";
  if (o.verify) {
    auto v = Verify(session, c, p);
    if (!v.ok()) return v.status();
    outcome.severity = v->status;
    doc["verify"] = ReportJson(v.value(), false);
    text += "verify: " + ReportText(v.value(), false);
  }
  if (session.out().json())
    session.out().Json(doc);
  else
    session.out().Data(text);
  return outcome;
}

}  // namespace pgcrate::dba

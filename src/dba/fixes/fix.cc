// The common path of every fix: resolve and plan, check the engine's gates, run the
// statements one by one outside a transaction (VACUUM and CONCURRENTLY need that) and
// snapshot the object before and after; --verify narrows the re-run check to the object.
#include "dba/fixes/fix.h"

#include <chrono>
#include <thread>

#include "base/strings.h"
#include "dba/fixes/plan.h"

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

Status Refuse(const std::string& msg) { return Status(Code::kRefused, msg); }

Result<ordered_json> State(pg::Connection& conn, const FixPlan& p) {
  auto r = conn.Exec(p.state_sql, {p.object});
  if (!r.ok()) return r.status();
  ordered_json j = ordered_json::object();
  for (int c = 0; c < r->columns(); ++c) {
    j[r->column_name(c)] =
        r->rows() == 0 || r->is_null(0, c) ? ordered_json() : ordered_json(r->str(0, c));
  }
  return j;
}

}  // namespace

Result<FixPlan> PlanFix(pg::Connection& conn, const std::string& kind, const FixOptions& o) {
  if (kind == "sequence") return fixes::PlanSequence(conn, o);
  if (kind == "index") return fixes::PlanIndex(conn, o);
  if (kind == "vacuum") return fixes::PlanVacuum(conn, o);
  if (kind == "bloat") return fixes::PlanBloat(conn, o);
  return Status(Code::kUsage, "unknown fix '" + kind + "'.");
}

std::string FixAction(const FixPlan& p) {
  return base::ShellCommand({"dba", "fix", p.kind, p.object});
}

Status CheckFixGates(pg::Connection& conn, const FixPlan& p, const FixOptions& o) {
  std::string what = FixAction(p);
  if (!o.read_write) {
    return Refuse(what + " changes the database; pass --read-write (and --primary) to allow it.");
  }
  if (!o.primary) {
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
  return Status::Ok();
}

Result<FixRun> ExecuteFix(pg::Connection& conn, const FixPlan& p) {
  FixRun run;
  auto before = State(conn, p);
  if (!before.ok()) return before.status();
  auto start = std::chrono::steady_clock::now();
  for (const auto& q : p.sql) PGCRATE_RETURN_IF_ERROR(conn.Run(q));
  run.duration_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  auto after = State(conn, p);
  // Before PostgreSQL 15 the statistics views are fed by the stats collector process, which
  // hears of the fix a little later (it writes its file at most every 500 ms): wait, up to 3 s,
  // until the fix's statistics column changes. From 15 on the statistics are in shared memory
  // and current at once.
  const std::string& key = p.stats_column;
  for (int i = 0;
       i < 30 && after.ok() && !key.empty() && conn.server_version() < 150000 &&
       after.value().value(key, ordered_json()) == before.value().value(key, ordered_json());
       ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    after = State(conn, p);
  }
  if (!after.ok()) return after.status();
  run.before = std::move(before).value();
  run.after = std::move(after).value();
  return run;
}

CheckReport VerifyReport(const CheckReport& report, const FixPlan& p) {
  CheckReport out = report;
  out.findings.clear();
  out.status = Severity::kOk;
  for (const Finding& f : report.findings) {
    if (f.object == p.object) out.Add(f);
  }
  out.summary = out.findings.empty()
                    ? "no findings left for " + p.object
                    : std::to_string(out.findings.size()) + " findings remain for " + p.object;
  out.columns.clear();
  out.rows.clear();
  return out;
}

}  // namespace pgcrate::dba

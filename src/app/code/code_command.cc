// pgcrate plan / apply.
#include "app/code/code_command.h"

#include <nlohmann/json.hpp>

#include "app/code/code_common.h"
#include "app/lint/lint_command.h"
#include "app/migrate/commands_internal.h"
#include "code/apply.h"

namespace pgcrate::app {
namespace {

using code_internal::Project;
using nlohmann::ordered_json;

// The SQL apply would send, as one script (what --dry-run prints).
std::string DryRunSql(const code::Plan& plan, const code::CodeSet& code) {
  std::string out = "-- pgcrate apply --dry-run: nothing was changed\n";
  out += plan.single_transaction ? "BEGIN;\n" : "-- split: each part commits on its own\n";
  for (const auto& s : plan.steps) {
    if (s.kind == code::Step::Kind::kMigrate) {
      out += "-- migration " + s.migration->file_name + "\n" + s.migration->up_sql + "\n;\n";
      continue;
    }
    out += s.sql + ";\n";
    if (s.object < 0) continue;
    for (size_t a : code.objects[static_cast<size_t>(s.object)].attachments) {
      out += code.attachments[a].sql + ";\n";
    }
  }
  out += "-- then pgcrate.code_objects is updated\n";
  if (plan.single_transaction) out += "COMMIT;\n";
  return out;
}

void ReportApply(const Session& session, const code::ApplyResult& r, const code::CodeSet& code,
                 bool dry_run) {
  const auto& out = session.out();
  if (out.json()) {
    ordered_json doc = code_internal::PlanJson(r.plan, code);
    doc["dry_run"] = dry_run;
    ordered_json applied = ordered_json::array();
    for (const auto& m : r.migrations) {
      applied.push_back(
          {{"version", m.file->version}, {"name", m.file->name}, {"duration_ms", m.duration_ms}});
    }
    doc["applied_migrations"] = applied;
    if (dry_run) doc["sql"] = DryRunSql(r.plan, code);
    return out.Json(doc);
  }
  if (dry_run) return out.Data(DryRunSql(r.plan, code));
  if (out.mode().quiet) return;
  if (r.plan.Empty() && r.plan.migrations.empty()) {
    return out.Data("Nothing to do: the database matches the code folder (" +
                    std::to_string(code.objects.size()) + " objects).");
  }
  std::string text = "Executing changes:";
  for (const auto& s : r.plan.steps) text += "\n  " + code_internal::StepLine(s);
  text += "\nAll changes applied (" + std::to_string(r.migrations.size()) + " migrations, " +
          std::to_string(r.plan.record.size()) + " objects recorded, " +
          std::to_string(r.plan.forget.size()) + " removed).";
  out.Data(text);
}

}  // namespace

Status RunPlan(Session& session, const PlanCommandOptions&, bool& pending_work) {
  auto project = code_internal::OpenProject(session);
  if (!project.ok()) return project.status();
  auto code = code_internal::LoadCode(project.value());
  if (!code.ok()) return code.status();
  auto pending = code::PendingMigrations(*project->conn, project->migrations);
  if (!pending.ok()) return pending.status();
  auto plan = code::MakePlan(*project->conn, code.value(), pending.value(), {});
  if (!plan.ok()) return plan.status();
  pending_work = !plan->Empty() || !plan->migrations.empty();
  if (session.out().json()) {
    session.out().Json(code_internal::PlanJson(plan.value(), code.value()));
  } else {
    session.out().Data(code_internal::PlanText(plan.value(), code.value()));
  }
  return Status::Ok();
}

Status RunApply(Session& session, const ApplyCommandOptions& o) {
  PGCRATE_RETURN_IF_ERROR(session.LoadConfig());
  if (!o.dry_run) PGCRATE_RETURN_IF_ERROR(session.CheckProductionGate(true, o.yes, "apply"));
  auto project = code_internal::OpenProject(session);
  if (!project.ok()) return project.status();
  auto code = code_internal::LoadCode(project.value());
  if (!code.ok()) return code.status();
  code::ApplyOptions options;
  options.dry_run = o.dry_run;
  options.up.allow_changed = o.allow_changed;
  options.up.allow_out_of_order = o.allow_out_of_order;
  options.up.lock = migrate::internal::MakeLockOptions(session, o.lock);
  options.up.apply = migrate::internal::MakeApplyOptions(session, -1);
  options.up.pre_run_check = lint::GateFor(session, *project->conn);
  code::ApplyResult result;
  Status st = code::Apply(*project->conn, code.value(), project->migrations, options, &result);
  if (!st.ok()) return st;
  ReportApply(session, result, code.value(), o.dry_run);
  return Status::Ok();
}

}  // namespace pgcrate::app

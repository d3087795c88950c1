// Registers `pgcrate plan | apply | watch` (the code folder of views, functions and types with
// the pending migrations). Flags become options structs; the work is in app/code.
#include <CLI/CLI.hpp>
#include <memory>

#include "app/code/code_command.h"
#include "cli/cli.h"
#include "output/exit_codes.h"

namespace pgcrate::cli {
namespace code_cmd {
namespace {

void RegisterCode(CLI::App& app, CliContext& ctx) {
  auto plan = std::make_shared<app::PlanCommandOptions>();
  CLI::App* p = app.add_subcommand(
      "plan", "Show pending migrations, code-object changes and the execution order (read-only)");
  p->add_flag("--exit-code", plan->exit_code, "Exit 1 when there is something to apply");
  p->callback([&ctx, plan] {
    ctx.action = [plan](app::Session& s) {
      bool pending = false;
      Status st = app::RunPlan(s, *plan, pending);
      if (!st.ok()) return Finish(s.out(), st);
      return pending && plan->exit_code ? output::kExitFailure : output::kExitOk;
    };
  });

  auto apply = std::make_shared<app::ApplyCommandOptions>();
  CLI::App* a = app.add_subcommand(
      "apply",
      "Drop affected code objects, run pending migrations, recreate code objects "
      "(one transaction)");
  a->add_flag("--dry-run", apply->dry_run, "Print the SQL; change nothing");
  a->add_flag("--allow-changed", apply->allow_changed, "Run even if an applied migration changed");
  a->add_flag("--allow-out-of-order", apply->allow_out_of_order,
              "Apply pending migrations older than the latest applied one");
  a->add_flag("-y,--yes", apply->yes, "Confirm on a production database");
  a->add_flag("--no-lock", apply->lock.no_lock, "Do not take the migration advisory lock");
  WholeNumber(a->add_option("--lock-wait", apply->lock.lock_wait_s,
                            "Seconds to wait for another runner's lock ([migrate] lock_wait)"),
              0);
  a->callback([&ctx, apply] {
    ctx.action = [apply](app::Session& s) { return Finish(s.out(), app::RunApply(s, *apply)); };
  });

  auto watch = std::make_shared<app::WatchCommandOptions>();
  CLI::App* w = app.add_subcommand(
      "watch", "Apply code-folder changes as files change (development; never production)");
  WholeNumber(w->add_option("--debounce-ms", watch->debounce_ms,
                            "Quiet time before applying a burst of changes (200)"),
              0);
  w->callback([&ctx, watch] {
    ctx.interrupt_ends_normally = true;
    ctx.action = [watch](app::Session& s) { return Finish(s.out(), app::RunWatch(s, *watch)); };
  });
}

const Registrar kRegistrar(35, {"plan", "apply", "watch"}, RegisterCode);

}  // namespace
}  // namespace code_cmd
}  // namespace pgcrate::cli

// Registers `pgcrate seed list | run | validate | diff`. Flags become options structs; the
// work is in app/seed/seed_command.h.
#include <CLI/CLI.hpp>
#include <memory>

#include "app/seed/seed_command.h"
#include "cli/cli.h"
#include "output/exit_codes.h"

namespace pgcrate::cli {
namespace seed_cmd {
namespace {

void RegisterSeed(CLI::App& app, CliContext& ctx) {
  CLI::App* ns = Namespace(app, "seed", "Seed data: load CSV, JSON and SQL files into tables");
  ns->add_subcommand("list", "List seeds with their targets and current row counts")
      ->callback([&ctx] {
        ctx.action = [](app::Session& s) { return Finish(s.out(), app::RunSeedList(s)); };
      });

  auto run = std::make_shared<app::SeedRunOptions>();
  CLI::App* cmd = ns->add_subcommand(
      "run", "Truncate and load seeds in one transaction (all, or the ones named)");
  cmd->add_option("names", run->names, "Seeds to load, e.g. public.task_statuses")
      ->type_name("SEED");
  cmd->add_flag("--dry-run", run->dry_run, "Show what would be truncated and loaded");
  cmd->add_flag("-y,--yes", run->yes, "Confirm on a production database");
  cmd->callback([&ctx, run] {
    ctx.action = [run](app::Session& s) { return Finish(s.out(), app::RunSeedRun(s, *run)); };
  });

  auto val = std::make_shared<app::SeedValidateOptions>();
  CLI::App* v = ns->add_subcommand(
      "validate",
      "Check seed files (shape, UTF-8, types, keys) without loading (exit 1 on errors)");
  v->add_option("names", val->names, "Seeds to check (default: all)")->type_name("SEED");
  v->add_flag("--offline", val->offline, "Do not compare with the database's tables");
  v->callback([&ctx, val] {
    ctx.action = [val](app::Session& s) {
      bool valid = false;
      Status st = app::RunSeedValidate(s, *val, valid);
      if (!st.ok()) return Finish(s.out(), st);
      return valid ? output::kExitOk : output::kExitFailure;
    };
  });

  auto diff = std::make_shared<app::SeedDiffOptions>();
  CLI::App* d = ns->add_subcommand(
      "diff", "Compare seeds with their tables by primary key (exit 1 when they differ)");
  d->add_option("names", diff->names, "Seeds to compare (default: all)")->type_name("SEED");
  d->callback([&ctx, diff] {
    ctx.action = [diff](app::Session& s) {
      bool identical = false;
      Status st = app::RunSeedDiff(s, *diff, identical);
      if (!st.ok()) return Finish(s.out(), st);
      return identical ? output::kExitOk : output::kExitFailure;
    };
  });
}

const Registrar kRegistrar(40, {"seed"}, RegisterSeed);

}  // namespace
}  // namespace seed_cmd
}  // namespace pgcrate::cli

// Registers `pgcrate migrate up|down|status|new|baseline|stamp|history|verify|sql|squash|import`
// and the top-level alias `pgcrate status`. Flags become options structs; the work is in
// app/migrate/commands.h.
#include <CLI/CLI.hpp>
#include <memory>

#include "app/drift/drift_command.h"
#include "app/migrate/commands.h"
#include "app/migrate/import_command.h"
#include "app/migrate/squash.h"
#include "cli/cli.h"

namespace pgcrate::cli {
namespace migrate_cmd {
namespace {

void AddLockFlags(CLI::App* cmd, migrate::LockFlags& f) {
  cmd->add_flag("--no-lock", f.no_lock, "Do not take the migration advisory lock");
  WholeNumber(cmd->add_option("--lock-wait", f.lock_wait_s,
                              "Seconds to wait for another runner's lock ([migrate] lock_wait, "
                              "60)"),
              0);
}

void AddModuleFlag(CLI::App* cmd, std::string& module) {
  cmd->add_option("--module", module,
                  "Only this [modules.NAME] (default: the project's migrations, then every "
                  "module in config order)");
}

void RegisterUp(CLI::App* ns, CliContext& ctx) {
  auto o = std::make_shared<migrate::UpCommandOptions>();
  CLI::App* up = ns->add_subcommand("up", "Apply pending migrations");
  up->add_flag("--dry-run", o->dry_run, "Show what would be applied");
  up->add_option("--to", o->to_version, "Apply up to and including VERSION")->type_name("VERSION");
  up->add_flag("--allow-changed", o->allow_changed, "Run even if an applied file changed");
  up->add_flag("--allow-out-of-order", o->allow_out_of_order,
               "Apply pending files older than the latest applied one");
  WholeNumber(up->add_option("--lock-retries", o->lock_retries,
                             "Retries after a lock timeout ([migrate] lock_retries, 3)"),
              0);
  up->add_flag("-y,--yes", o->yes, "Confirm on a production database");
  AddLockFlags(up, o->lock);
  AddModuleFlag(up, o->module);
  up->callback([&ctx, o] {
    ctx.action = [o](app::Session& s) { return Finish(s.out(), migrate::RunUp(s, *o)); };
  });
}

void RegisterDown(CLI::App* ns, CliContext& ctx) {
  auto o = std::make_shared<migrate::DownCommandOptions>();
  CLI::App* down = ns->add_subcommand("down", "Roll back the most recent migrations");
  WholeNumber(down->add_option("--steps", o->steps, "How many migrations to roll back"), 1);
  down->add_option("--to", o->to_version,
                   "Roll back every migration newer than VERSION (VERSION stays applied)")
      ->type_name("VERSION");
  AddModuleFlag(down, o->module);
  down->add_flag("-y,--yes", o->yes, "Confirm (required unless --dry-run)");
  down->add_flag("--dry-run", o->dry_run, "Show what would be rolled back");
  WholeNumber(down->add_option("--lock-retries", o->lock_retries, "Retries after a lock timeout"),
              0);
  AddLockFlags(down, o->lock);
  down->callback([&ctx, o] {
    ctx.action = [o](app::Session& s) { return Finish(s.out(), migrate::RunDown(s, *o)); };
  });
}

void RegisterNew(CLI::App* ns, CliContext& ctx) {
  auto o = std::make_shared<migrate::NewCommandOptions>();
  CLI::App* cmd = ns->add_subcommand("new", "Create a new migration file");
  cmd->add_option("name", o->name, "What the migration does, e.g. create_users")->required();
  cmd->add_flag("--with-down", o->with_down, "Add a -- down section");
  cmd->add_flag("-y,--yes", o->yes, "Accepted for scripting consistency (no effect)");
  cmd->add_option("--module", o->module, "Create it in this module's directory (NNN_name.sql)");
  cmd->callback([&ctx, o] {
    ctx.action = [o](app::Session& s) { return Finish(s.out(), migrate::RunNew(s, *o)); };
  });
}

void RegisterMark(CLI::App* ns, CliContext& ctx) {
  auto b = std::make_shared<migrate::MarkCommandOptions>();
  CLI::App* base = ns->add_subcommand("baseline", "Mark migrations as applied (brownfield)");
  base->add_option("--to", b->version, "Only up to and including VERSION")->type_name("VERSION");
  base->add_flag("-y,--yes", b->yes, "Confirm (required)");
  base->add_option("--module", b->module, "This module's migrations (default: the project's)");
  AddLockFlags(base, b->lock);
  base->callback([&ctx, b] {
    ctx.action = [b](app::Session& s) { return Finish(s.out(), migrate::RunBaseline(s, *b)); };
  });
  auto st = std::make_shared<migrate::MarkCommandOptions>();
  CLI::App* stamp = ns->add_subcommand("stamp", "Mark one migration as applied without running");
  stamp->add_option("version", st->version, "The migration's version")
      ->required()
      ->type_name("VERSION");
  stamp->add_flag("-y,--yes", st->yes, "Confirm (required)");
  stamp->add_option("--module", st->module, "This module's migrations (default: the project's)");
  AddLockFlags(stamp, st->lock);
  stamp->callback([&ctx, st] {
    ctx.action = [st](app::Session& s) { return Finish(s.out(), migrate::RunStamp(s, *st)); };
  });
}

// status, current, history and verify share --module; status adds --check-drift.
void RegisterInfo(CLI::App* cmd, CliContext& ctx,
                  Status (*run)(app::Session&, const migrate::InfoCommandOptions&),
                  bool drift_flag = false) {
  auto o = std::make_shared<migrate::InfoCommandOptions>();
  auto check_drift = std::make_shared<bool>(false);
  AddModuleFlag(cmd, o->module);
  if (drift_flag) {
    cmd->add_flag("--check-drift", *check_drift,
                  "Also compare the database with what the migrations produce (shadow database)");
  }
  cmd->callback([&ctx, o, run, check_drift] {
    if (*check_drift) o->drift = shadow::DriftSummaryForStatus;
    ctx.action = [o, run](app::Session& s) { return Finish(s.out(), run(s, *o)); };
  });
}

void RegisterReadOnly(CLI::App& app, CLI::App* ns, CliContext& ctx) {
  RegisterInfo(ns->add_subcommand("status", "Show applied and pending migrations"), ctx,
               migrate::RunStatus, true);
  RegisterInfo(app.add_subcommand("status", "Migration status (alias for migrate status)"), ctx,
               migrate::RunStatus, true);
  RegisterInfo(ns->add_subcommand("current", "The current (latest applied) version"), ctx,
               migrate::RunCurrent);
  RegisterInfo(ns->add_subcommand("history", "Every migration run, rolled back ones included"), ctx,
               migrate::RunHistory);
  RegisterInfo(ns->add_subcommand("verify", "Check applied files are unchanged (exit 1 if not)"),
               ctx, migrate::RunVerify);
  auto o = std::make_shared<migrate::UpCommandOptions>();
  CLI::App* sql = ns->add_subcommand("sql", "Print the exact SQL `migrate up` would send");
  sql->add_option("--to", o->to_version, "Up to and including VERSION")->type_name("VERSION");
  sql->add_flag("--allow-changed", o->allow_changed, "Even if an applied file changed");
  sql->add_flag("--allow-out-of-order", o->allow_out_of_order, "Include out-of-order files");
  sql->add_flag("--offline", o->offline,
                "No connection: the SQL of every file (or from --from VERSION on)");
  sql->add_option("--from", o->from_version, "With --offline: start at VERSION (inclusive)")
      ->type_name("VERSION");
  AddModuleFlag(sql, o->module);
  sql->callback([&ctx, o] {
    ctx.action = [o](app::Session& s) { return Finish(s.out(), migrate::RunSql(s, *o)); };
  });
}

void RegisterSquash(CLI::App* ns, CliContext& ctx) {
  auto o = std::make_shared<migrate::SquashCommandOptions>();
  CLI::App* cmd = ns->add_subcommand(
      "squash", "Replace a range of applied migrations by one file generated from their schema");
  cmd->add_option("name", o->name, "What the new file holds, e.g. initial_schema")->required();
  cmd->add_option("--from", o->from, "First version of the range (default: the first file)")
      ->type_name("VERSION");
  cmd->add_option("--to", o->to, "Last version of the range (default: the last file)")
      ->type_name("VERSION");
  cmd->add_flag("--dry-run", o->dry_run, "Build and verify the file, print it, write nothing");
  AddModuleFlag(cmd, o->module);
  cmd->callback([&ctx, o] {
    ctx.action = [o](app::Session& s) { return Finish(s.out(), migrate::RunSquash(s, *o)); };
  });
}

void RegisterImport(CLI::App* ns, CliContext& ctx) {
  auto o = std::make_shared<migrate::ImportCommandOptions>();
  CLI::App* cmd =
      ns->add_subcommand("import", "Convert another tool's migrations (and adopt its state)");
  cmd->add_option("--from", o->from, "dbmate|golang-migrate|flyway|sqitch|pairs|numbered")
      ->required();
  cmd->add_option("dir", o->dir, "The other tool's migrations directory")
      ->required()
      ->type_name("DIR");
  cmd->add_flag("--adopt", o->adopt, "Record what the tool applied as applied (runs nothing)");
  cmd->add_flag("--dry-run", o->dry_run, "Show the mapping; write and record nothing");
  cmd->add_option("--table", o->table, "The tool's tracking table when not its default");
  cmd->add_flag("-y,--yes", o->yes, "Confirm --adopt on a production database");
  AddLockFlags(cmd, o->lock);
  cmd->callback([&ctx, o] {
    ctx.action = [o](app::Session& s) { return Finish(s.out(), migrate::RunImport(s, *o)); };
  });
}

void RegisterMigrate(CLI::App& app, CliContext& ctx) {
  CLI::App* ns = Namespace(app, "migrate", "Migrations: up, down, status, new, verify...");
  RegisterUp(ns, ctx);
  RegisterDown(ns, ctx);
  RegisterNew(ns, ctx);
  RegisterMark(ns, ctx);
  RegisterReadOnly(app, ns, ctx);
  RegisterSquash(ns, ctx);
  RegisterImport(ns, ctx);
}

const Registrar kRegistrar(30, {"migrate", "status"}, RegisterMigrate);

}  // namespace
}  // namespace migrate_cmd
}  // namespace pgcrate::cli

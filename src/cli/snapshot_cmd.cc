// Registers `pgcrate snapshot save | restore | list | info | delete`. Flags become options
// structs; the work is in app/snapshot/snapshot_command.h.
#include <CLI/CLI.hpp>
#include <memory>

#include "app/snapshot/snapshot_command.h"
#include "cli/cli.h"

namespace pgcrate::cli {
namespace snapshot_cmd {
namespace {

void AddWaitFlags(CLI::App* cmd, int& wait_seconds, bool& terminate, const char* whose) {
  WholeNumber(cmd->add_option("--wait", wait_seconds,
                              std::string("Seconds to wait for other sessions on ") + whose +
                                  " to end (default 30)"),
              0);
  cmd->add_flag("--terminate", terminate,
                std::string("End the other sessions on ") + whose + " instead of waiting");
}

void RegisterSave(CLI::App* ns, CliContext& ctx) {
  auto o = std::make_shared<app::SnapshotSaveOptions>();
  CLI::App* cmd = ns->add_subcommand(
      "save", "Save a snapshot (pg_dump directory format + pgcrate-snapshot.json) [name]");
  cmd->add_option("name", o->name, "Snapshot name (default: a UTC timestamp)");
  cmd->add_flag("--schema-only", o->schema_only, "Schema without data");
  cmd->add_option("--schema", o->schemas, "Only this schema (pg_dump pattern; repeatable)");
  cmd->add_option("--exclude-schema", o->exclude_schemas, "Leave out this schema (repeatable)");
  cmd->add_option("--table", o->tables, "Only this table (pg_dump pattern; repeatable)");
  cmd->add_option("--exclude-table-data", o->exclude_table_data,
                  "Keep this table's definition, not its rows (repeatable)");
  WholeNumber(
      cmd->add_option("-j,--jobs", o->jobs, "Parallel pg_dump jobs (default min(4, cores))"), 1);
  cmd->add_flag("--template", o->template_db,
                "Copy the database on the same server (CREATE DATABASE ... TEMPLATE): fast");
  cmd->add_flag("--anonymize", o->anonymize,
                "Apply the [anonymize] rules to the data (through a temporary copy)");
  cmd->add_flag("--allow-random-salt", o->allow_random_salt,
                "With --anonymize and no PGCRATE_ANON_SALT: a random salt for this run");
  AddWaitFlags(cmd, o->wait_seconds, o->terminate, "the source (--template)");
  cmd->callback([&ctx, o] {
    ctx.action = [o](app::Session& s) { return Finish(s.out(), app::RunSnapshotSave(s, *o)); };
  });
}

void RegisterRestore(CLI::App* ns, CliContext& ctx) {
  auto o = std::make_shared<app::SnapshotRestoreOptions>();
  CLI::App* cmd = ns->add_subcommand(
      "restore", "Restore a snapshot into a new database (or --replace --yes an existing one)");
  cmd->add_option("name", o->name, "Snapshot name")->required()->type_name("SNAPSHOT");
  cmd->add_option("--to", o->to,
                  "Target database URL (default: <source db>_<name> on the current server)");
  WholeNumber(cmd->add_option("-j,--jobs", o->jobs, "Parallel pg_restore jobs"), 1);
  cmd->add_flag("--replace", o->replace, "Replace the target database when it exists (atomic)");
  cmd->add_flag("-y,--yes", o->yes, "Confirm --replace (and a production server)");
  cmd->add_flag("--no-owner", o->no_owner,
                "Do not restore ownership and privileges (roles missing on the target)");
  AddWaitFlags(cmd, o->wait_seconds, o->terminate, "the replaced database");
  cmd->callback([&ctx, o] {
    ctx.action = [o](app::Session& s) { return Finish(s.out(), app::RunSnapshotRestore(s, *o)); };
  });
}

void RegisterSnapshot(CLI::App& app, CliContext& ctx) {
  CLI::App* ns = Namespace(app, "snapshot", "Database snapshots: save, restore, list, delete");
  RegisterSave(ns, ctx);
  RegisterRestore(ns, ctx);
  ns->add_subcommand("list", "List the snapshots in [snapshot] dir")->callback([&ctx] {
    ctx.action = [](app::Session& s) { return Finish(s.out(), app::RunSnapshotList(s)); };
  });
  auto info = std::make_shared<app::SnapshotInfoOptions>();
  CLI::App* i = ns->add_subcommand("info", "Show a snapshot's details");
  i->add_option("name", info->name, "Snapshot name")->required()->type_name("SNAPSHOT");
  i->add_flag("--verify", info->verify, "Check every file against its SHA-256");
  i->callback([&ctx, info] {
    ctx.action = [info](app::Session& s) {
      return Finish(s.out(), app::RunSnapshotInfo(s, *info));
    };
  });
  auto del = std::make_shared<app::SnapshotDeleteOptions>();
  CLI::App* d =
      ns->add_subcommand("delete", "Delete a snapshot (a template one drops its database)");
  d->add_option("name", del->name, "Snapshot name")->required()->type_name("SNAPSHOT");
  d->add_flag("-y,--yes", del->yes, "Confirm dropping a template snapshot's database");
  d->callback([&ctx, del] {
    ctx.action = [del](app::Session& s) {
      return Finish(s.out(), app::RunSnapshotDelete(s, *del));
    };
  });
}

const Registrar kRegistrar(42, {"snapshot"}, RegisterSnapshot);

}  // namespace
}  // namespace snapshot_cmd
}  // namespace pgcrate::cli

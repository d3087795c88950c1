// Registers the top-level commands: sql (alias query), context, capabilities, init.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "app/context_command.h"
#include "app/init_command.h"
#include "app/sql_command.h"
#include "base/files.h"
#include "base/process.h"
#include "cli/cli.h"

namespace pgcrate::cli {
namespace core_cmd {
namespace {

struct SqlFlags {
  std::string command, file;
  bool allow_write = false, yes = false;
};

Status ReadSqlInput(const SqlFlags& f, app::SqlOptions& o) {
  if (!f.command.empty()) {
    o.sql = f.command;
    o.source_name = "-c";
  } else if (!f.file.empty()) {
    auto text = base::ReadFile(f.file);
    if (!text.ok()) return text.status();
    o.sql = text.value();
    o.source_name = f.file;
  } else if (base::IsTty(STDIN_FILENO)) {
    return Status(Code::kUsage,
                  "no SQL given: pass -c \"SELECT ...\", -f FILE, or pipe SQL on "
                  "stdin.");
  } else {
    o.sql = base::ReadAllStdin();
    o.source_name = "<stdin>";
  }
  return Status::Ok();
}

void RegisterSql(CLI::App& app, CliContext& ctx) {
  auto flags = std::make_shared<SqlFlags>();
  CLI::App* sql = app.add_subcommand("sql", "Run SQL (read-only unless --allow-write)");
  sql->alias("query");
  CLI::Option* command =
      sql->add_option("-c,--command", flags->command, "SQL to run (else -f FILE, else stdin)");
  CLI::Option* file =
      sql->add_option("-f,--file", flags->file, "Read the SQL from a file")->type_name("FILE");
  command->excludes(file);  // both given is a usage error, not -f silently ignored
  sql->add_flag("--allow-write", flags->allow_write, "Allow INSERT/UPDATE/DELETE/DDL");
  sql->add_flag("-y,--yes", flags->yes, "Confirm a write on a production database");
  sql->callback([&ctx, flags] {
    ctx.action = [flags](app::Session& s) {
      app::SqlOptions o;
      o.allow_write = flags->allow_write;
      o.yes = flags->yes;
      Status st = ReadSqlInput(*flags, o);
      if (st.ok()) st = app::RunSql(s, o);
      return Finish(s.out(), st);
    };
  });
}

std::string AskOnTerminal(const std::string& question, const std::string& default_answer) {
  std::cerr << question << " [" << default_answer << "]: " << std::flush;
  std::string line;
  if (!std::getline(std::cin, line)) return "";
  return line;
}

void RegisterInit(CLI::App& app, CliContext& ctx) {
  auto o = std::make_shared<app::InitOptions>();
  CLI::App* init = app.add_subcommand("init", "Create pgcrate.toml and project directories");
  init->add_flag("-y,--yes", o->yes, "Non-interactive: defaults plus flags");
  init->add_flag("--dry-run", o->dry_run, "Show what would be created");
  init->add_flag("--force", o->force, "Overwrite an existing pgcrate.toml");
  init->add_option("--migrations-dir", o->migrations_dir, "Migrations directory")
      ->capture_default_str();
  init->add_flag("--models", o->models, "Enable models");
  init->add_option("--models-dir", o->models_dir, "Models directory")->capture_default_str();
  init->add_flag("--seeds", o->seeds, "Enable seeds");
  init->add_option("--seeds-dir", o->seeds_dir, "Seeds directory")->capture_default_str();
  init->callback([&ctx, o] {
    ctx.action = [o](app::Session& s) {
      app::InitOptions opts = *o;
      // Without a terminal there is nobody to answer: behave as -y.
      if (!base::IsTty(STDIN_FILENO) || s.out().json()) opts.yes = true;
      return Finish(s.out(), app::RunInit(opts, s.out(), AskOnTerminal));
    };
  });
}

void RegisterCore(CLI::App& app, CliContext& ctx) {
  RegisterSql(app, ctx);
  app.add_subcommand("context", "Connection, server version and privileges")->callback([&ctx] {
    ctx.action = [](app::Session& s) { return Finish(s.out(), app::RunContext(s)); };
  });
  app.add_subcommand("capabilities", "What this connection can do")->callback([&ctx] {
    ctx.action = [](app::Session& s) { return Finish(s.out(), app::RunCapabilities(s)); };
  });
  RegisterInit(app, ctx);
}

const Registrar kRegistrar(10, {"sql", "query", "context", "capabilities", "init"}, RegisterCore);

}  // namespace
}  // namespace core_cmd

}  // namespace pgcrate::cli

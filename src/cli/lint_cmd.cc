// Registers `pgcrate migrate lint` and installs the linter as the `[migrate] lint` gate that
// `migrate up` runs before applying anything.
#include <CLI/CLI.hpp>
#include <memory>

#include "cli/cli.h"
#include "lint/lint_command.h"
#include "migrate/commands.h"
#include "output/exit_codes.h"

namespace pgcrate::cli {
namespace {

void RegisterLint(CLI::App& app, CliContext& ctx) {
  auto o = std::make_shared<lint::LintCommandOptions>();
  CLI::App* ns = Namespace(app, "migrate", "Migration management");
  CLI::App* cmd = ns->add_subcommand("lint", "Check migrations for locking and safety problems");
  cmd->add_option("files", o->files, "Files or directories to lint (default: pending migrations)");
  cmd->add_option("--format", o->format, "Output: text, json, github or sarif")
      ->capture_default_str();
  cmd->add_flag("--offline", o->offline, "Do not connect; lint without the live catalog");
  cmd->callback([&ctx, o] {
    ctx.action = [o](app::Session& s) {
      auto report = lint::RunLint(s, *o);
      if (!report.ok()) return Finish(s.out(), report.status());
      return report->errors > 0 ? output::kExitFailure : output::kExitOk;
    };
  });
  migrate::SetPreRunCheckFactory([](app::Session& s) -> migrate::PendingCheck {
    if (!s.LoadConfig().ok() || s.config().migrate.lint == "off") return {};
    return [&s](const std::vector<migrate::MigrationFile>& pending) {
      return lint::LintPending(s, pending, s.config().migrate.lint);
    };
  });
}

const Registrar kRegistrar(31, RegisterLint);

}  // namespace
}  // namespace pgcrate::cli

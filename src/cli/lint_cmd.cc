// Registers `pgcrate migrate lint` (the `[migrate] lint` gate of `migrate up` is installed by
// app/migrate through app/lint/lint_command.h).
#include <CLI/CLI.hpp>
#include <memory>

#include "app/lint/lint_command.h"
#include "cli/cli.h"
#include "output/exit_codes.h"

namespace pgcrate::cli {
namespace lint_cmd {
namespace {

void RegisterLint(CLI::App& app, CliContext& ctx) {
  auto o = std::make_shared<lint::LintCommandOptions>();
  CLI::App* ns = Namespace(app, "migrate", "Migration management");
  CLI::App* cmd = ns->add_subcommand("lint", "Check migrations for locking and safety problems");
  cmd->add_option("files", o->files, "Files or directories to lint (default: pending migrations)")
      ->type_name("FILE");
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
}

const Registrar kRegistrar(31, {"migrate"}, RegisterLint);

}  // namespace
}  // namespace lint_cmd
}  // namespace pgcrate::cli

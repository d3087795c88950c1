// Registers `pgcrate anonymize --to URL` and `pgcrate anonymize check`. Flags become options
// structs; the work is in app/anonymize/anonymize_command.h.
#include <CLI/CLI.hpp>
#include <memory>

#include "app/anonymize/anonymize_command.h"
#include "cli/cli.h"
#include "output/exit_codes.h"

namespace pgcrate::cli {
namespace anonymize_cmd {
namespace {

void RegisterAnonymize(CLI::App& app, CliContext& ctx) {
  auto opts = std::make_shared<app::AnonymizeOptions>();
  CLI::App* cmd = app.add_subcommand(
      "anonymize",
      "Copy the database into an empty one with the [anonymize] rules applied (--to URL)");
  cmd->require_subcommand(0, 1);
  cmd->add_option("--to", opts->to, "The target database URL (an existing, empty database)");
  cmd->add_flag("--allow-random-salt", opts->allow_random_salt,
                "Without PGCRATE_ANON_SALT, use a random salt for this run only");
  CLI::App* check = cmd->add_subcommand(
      "check",
      "List personal-data columns without an [anonymize] rule and rules naming nothing (exit 1)");
  check->callback([&ctx] {
    ctx.action = [](app::Session& s) {
      bool covered = false;
      Status st = app::RunAnonymizeCheck(s, covered);
      if (!st.ok()) return Finish(s.out(), st);
      return covered ? output::kExitOk : output::kExitFailure;
    };
  });
  cmd->callback([&ctx, opts, check] {
    if (check->parsed()) return;
    ctx.action = [opts](app::Session& s) { return Finish(s.out(), app::RunAnonymize(s, *opts)); };
  });
}

const Registrar kRegistrar(75, {"anonymize"}, RegisterAnonymize);

}  // namespace
}  // namespace anonymize_cmd
}  // namespace pgcrate::cli

// Adds `pgcrate migrate check` (exit 1 when the database drifted from its migrations) and
// `pgcrate migrate autogenerate NAME` (a new migration from the desired-schema files) to the
// migrate namespace.
#include <CLI/CLI.hpp>
#include <memory>

#include "app/drift/drift_command.h"
#include "cli/cli.h"
#include "output/exit_codes.h"

namespace pgcrate::cli {
namespace drift_cmd {
namespace {

void RegisterDrift(CLI::App& app, CliContext& ctx) {
  CLI::App* ns = Namespace(app, "migrate", "Migration management");
  ns->add_subcommand("check",
                     "Apply all migrations to a shadow database and compare with the "
                     "database (exit 1 on drift)")
      ->callback([&ctx] {
        ctx.action = [](app::Session& s) {
          bool drifted = false;
          Status st = shadow::RunMigrateCheck(s, drifted);
          if (!st.ok()) return Finish(s.out(), st);
          return drifted ? output::kExitFailure : output::kExitOk;
        };
      });
  auto name = std::make_shared<std::string>();
  CLI::App* gen = ns->add_subcommand("autogenerate",
                                     "Write a migration from the difference "
                                     "between [paths] schema and the migrations");
  gen->add_option("name", *name, "What the migration does, e.g. add_email")->required();
  gen->callback([&ctx, name] {
    ctx.action = [name](app::Session& s) {
      bool changed = false;
      return Finish(s.out(), shadow::RunAutogenerate(s, *name, changed));
    };
  });
}

const Registrar kRegistrar(32, {"migrate"}, RegisterDrift);

}  // namespace
}  // namespace drift_cmd
}  // namespace pgcrate::cli

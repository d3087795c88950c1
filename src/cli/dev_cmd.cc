// Registers `pgcrate dev start|stop|status|url|reset`.
#include <CLI/CLI.hpp>
#include <memory>

#include "app/dev_command.h"
#include "cli/cli.h"

namespace pgcrate::cli {
namespace dev_cmd {
namespace {

void RegisterDev(CLI::App& app, CliContext& ctx) {
  CLI::App* dev = app.add_subcommand("dev", "Local throwaway PostgreSQL under .pgcrate/dev");
  dev->require_subcommand(1);
  const std::pair<const char*, const char*> actions[] = {
      {"start", "Create (first time) and start the dev cluster; prints its URL"},
      {"stop", "Stop the dev cluster"},
      {"status", "Show whether the dev cluster runs, and where"},
      {"url", "Print the dev cluster's connection URL"},
      {"reset", "Delete the dev cluster's data and start afresh"},
  };
  auto major = std::make_shared<int>(0);
  for (const auto& [name, help] : actions) {
    std::string action = name;
    CLI::App* cmd = dev->add_subcommand(name, help);
    if (action == "start" || action == "reset") {
      cmd->add_option("--pg", *major,
                      "PostgreSQL major version of a new cluster (14+; binaries from "
                      "/usr/lib/postgresql/N/bin or .cache/pg/N, see docs/dev-cluster.md)")
          ->check(CLI::Range(14, 99));
    }
    cmd->callback([&ctx, action, major] {
      ctx.action = [action, major](app::Session& s) {
        return Finish(s.out(), app::RunDev(s, action, *major));
      };
    });
  }
}

const Registrar kRegistrar(20, {"dev"}, RegisterDev);

}  // namespace
}  // namespace dev_cmd
}  // namespace pgcrate::cli

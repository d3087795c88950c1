// Registers `pgcrate model test`. Flags become app::ModelTestOptions; the work is in
// app/model/test_command.h.
#include <CLI/CLI.hpp>
#include <memory>

#include "app/model/test_command.h"
#include "cli/cli.h"
#include "output/exit_codes.h"

namespace pgcrate::cli {
namespace model_test_cmd {
namespace {

void RegisterModelTest(CLI::App& app, CliContext& ctx) {
  CLI::App* ns = Namespace(app, "model", "SQL models: views and tables built from SELECTs");
  auto opts = std::make_shared<app::ModelTestOptions>();
  CLI::App* cmd = ns->add_subcommand(
      "test", "Run the models' data tests (-- tests:) and show failing rows (exit 1 on failures)");
  cmd->add_option("-s,--select", opts->select,
                  "Models to test: name, tag:x, deps:x, downstream:x, tree:x (repeatable)")
      ->type_name("SELECTOR");
  WholeNumber(cmd->add_option("--threads", opts->threads, "Connections running tests at once")
                  ->capture_default_str(),
              1);
  cmd->add_flag("--init", opts->init, "Create the models folder when it is missing");
  cmd->callback([&ctx, opts] {
    ctx.action = [opts](app::Session& s) {
      bool passed = false;
      Status st = app::RunModelTest(s, *opts, passed);
      if (!st.ok()) return Finish(s.out(), st);
      return passed ? output::kExitOk : output::kExitFailure;
    };
  });
}

const Registrar kRegistrar(46, {"model"}, RegisterModelTest);

}  // namespace
}  // namespace model_test_cmd
}  // namespace pgcrate::cli

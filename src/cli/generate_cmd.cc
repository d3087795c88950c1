// Registers `pgcrate generate`: migration files from the database's current schema.
#include <CLI/CLI.hpp>
#include <memory>

#include "app/generate/generate_command.h"
#include "cli/cli.h"

namespace pgcrate::cli {
namespace generate_cmd {
namespace {

void RegisterGenerate(CLI::App& app, CliContext& ctx) {
  auto o = std::make_shared<generate::GenerateOptions>();
  o->split_by.clear();  // empty = from [generate] in pgcrate.toml, else "none"
  CLI::App* cmd = app.add_subcommand("generate",
                                     "Generate migration files from the database's "
                                     "schema");
  cmd->add_flag("--dry-run", o->dry_run, "Print the files instead of writing them");
  cmd->add_option("--split-by", o->split_by, "none (one file), schema, or table")
      ->check(CLI::IsMember({"none", "schema", "table"}));
  cmd->add_option("-o,--output", o->output_dir,
                  "Output directory (default: [generate] output, "
                  "else the migrations directory)");
  cmd->add_option("--schema", o->include_schemas, "Only this schema (repeatable)");
  cmd->add_option("--exclude-schema", o->exclude_schemas, "Skip this schema (repeatable)");
  cmd->callback([&ctx, o] {
    ctx.action = [o](app::Session& s) { return Finish(s.out(), generate::RunGenerate(s, *o)); };
  });
}

const Registrar kRegistrar(55, {"generate"}, RegisterGenerate);

}  // namespace
}  // namespace generate_cmd
}  // namespace pgcrate::cli

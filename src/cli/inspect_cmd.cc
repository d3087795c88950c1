// Registers `pgcrate inspect table|diff|erd|extensions|roles|grants`. `inspect diff` exits 0
// when the schemas are identical and 1 when they differ.
#include <CLI/CLI.hpp>
#include <memory>

#include "app/diff/diff_command.h"
#include "app/inspect/erd_command.h"
#include "app/inspect/listings_command.h"
#include "app/inspect/table_command.h"
#include "cli/cli.h"
#include "output/exit_codes.h"

namespace pgcrate::cli {
namespace inspect_cmd {
namespace {

void RegisterTable(CLI::App* ns, CliContext& ctx) {
  auto name = std::make_shared<std::string>();
  CLI::App* cmd = ns->add_subcommand("table",
                                     "Describe a table (columns, indexes, constraints, "
                                     "triggers, stats, RLS, dependencies)");
  cmd->add_option("name", *name, "Table name, optionally schema-qualified")->required();
  cmd->callback([&ctx, name] {
    ctx.action = [name](app::Session& s) {
      return Finish(s.out(), inspect::RunInspectTable(s, *name));
    };
  });
}

void RegisterDiff(CLI::App* ns, CliContext& ctx) {
  auto o = std::make_shared<inspect::DiffOptions>();
  CLI::App* cmd = ns->add_subcommand("diff",
                                     "Compare two databases' schemas (exit 1 when they "
                                     "differ)");
  cmd->add_option("--from", o->from_url, "Source database URL (default: the configured one)");
  cmd->add_option("--to", o->to_url, "Target database URL")->required();
  cmd->add_flag("--sql", o->sql, "Print the migration SQL that turns --from into --to");
  cmd->add_flag("--no-destructive", o->no_destructive,
                "Leave out steps that lose data (drops, retypes); they are listed as comments");
  cmd->add_option("--schema", o->schemas, "Only these schemas (repeatable)");
  cmd->add_option("--exclude-schema", o->exclude_schemas, "Skip these schemas (repeatable)");
  cmd->callback([&ctx, o] {
    ctx.action = [o](app::Session& s) {
      bool identical = true;
      Status st = inspect::RunInspectDiff(s, *o, identical);
      if (!st.ok()) return Finish(s.out(), st);
      return identical ? output::kExitOk : output::kExitFailure;
    };
  });
}

void RegisterErd(CLI::App* ns, CliContext& ctx) {
  auto o = std::make_shared<inspect::ErdCommandOptions>();
  CLI::App* cmd = ns->add_subcommand("erd",
                                     "Draw the tables and their foreign keys (Mermaid, "
                                     "Graphviz DOT or SVG)");
  cmd->add_option("--schema", o->erd.schemas, "Only these schemas (repeatable)");
  cmd->add_option("--exclude-schema", o->erd.exclude_schemas, "Skip these schemas (repeatable)");
  cmd->add_option("--format", o->format, "mermaid (default), dot, or svg (through Graphviz's dot)")
      ->check(CLI::IsMember({"mermaid", "dot", "svg"}));
  cmd->add_option("--columns", o->columns, "keys (PK/FK/unique columns, default) or all")
      ->check(CLI::IsMember({"keys", "all"}));
  cmd->add_option("-o,--output", o->output, "Write the drawing to this file instead of stdout");
  cmd->callback([&ctx, o] {
    ctx.action = [o](app::Session& s) { return Finish(s.out(), inspect::RunInspectErd(s, *o)); };
  });
}

void RegisterListings(CLI::App* ns, CliContext& ctx) {
  ns->add_subcommand("extensions", "List installed extensions")->callback([&ctx] {
    ctx.action = [](app::Session& s) { return Finish(s.out(), inspect::RunInspectExtensions(s)); };
  });
  auto all = std::make_shared<bool>(false);
  CLI::App* roles = ns->add_subcommand("roles", "List roles and their attributes");
  roles->add_flag("--all", *all, "Include the predefined pg_* roles");
  roles->callback([&ctx, all] {
    ctx.action = [all](app::Session& s) {
      return Finish(s.out(), inspect::RunInspectRoles(s, *all));
    };
  });
  auto f = std::make_shared<inspect::GrantFilter>();
  CLI::App* grants = ns->add_subcommand("grants",
                                        "Show privileges on schemas, tables, sequences "
                                        "and functions");
  grants->add_option("--schema", f->schema, "Only objects in this schema");
  grants->add_option("--table", f->table,
                     "Only this table/view/sequence/function (may be "
                     "schema-qualified)");
  grants->add_option("--role", f->role, "Only privileges granted to this role (PUBLIC for all)");
  grants->callback([&ctx, f] {
    ctx.action = [f](app::Session& s) { return Finish(s.out(), inspect::RunInspectGrants(s, *f)); };
  });
}

void RegisterInspect(CLI::App& app, CliContext& ctx) {
  CLI::App* ns = Namespace(app, "inspect", "Schema inspection");
  RegisterTable(ns, ctx);
  RegisterDiff(ns, ctx);
  RegisterErd(ns, ctx);
  RegisterListings(ns, ctx);
}

const Registrar kRegistrar(50, {"inspect"}, RegisterInspect);

}  // namespace
}  // namespace inspect_cmd
}  // namespace pgcrate::cli

// Registers `pgcrate model run | compile | show | status | graph | lint deps | new | init |
// move` (`model test` is model_test_cmd.cc). Flags become options structs; the work is in
// app/model/model_command.h.
#include <CLI/CLI.hpp>
#include <memory>

#include "app/model/model_command.h"
#include "cli/cli.h"
#include "output/exit_codes.h"

namespace pgcrate::cli {
namespace model_cmd {
namespace {

int ExitFor(const output::Output& out, const Status& st, bool failed) {
  if (!st.ok()) return Finish(out, st);
  return failed ? output::kExitFailure : output::kExitOk;
}

void RegisterRun(CLI::App* ns, CliContext& ctx) {
  auto o = std::make_shared<app::ModelRunOptions>();
  CLI::App* run = ns->add_subcommand("run", "Build models in dependency order");
  run->add_option("-s,--select", o->selectors,
                  "Models to run: name, schema.name, tag:T, deps:M, downstream:M, tree:M")
      ->type_name("SELECTOR");
  run->add_flag("--dry-run", o->dry_run, "Print the compiled SQL without running it");
  run->add_flag("--init", o->init, "Create the models folder if missing");
  run->add_flag("--full-refresh", o->full_refresh, "Rebuild incremental models from scratch");
  WholeNumber(run->add_option("--threads", o->threads, "Models built at once (default 4)"), 1);
  run->add_flag("-y,--yes", o->yes, "Confirm on a production database");
  run->callback([&ctx, o] {
    ctx.action = [o](app::Session& s) {
      bool failed = false;
      Status st = app::RunModelRun(s, *o, failed);
      return ExitFor(s.out(), st, failed);
    };
  });
}

void RegisterInfo(CLI::App* ns, CliContext& ctx) {
  auto init = std::make_shared<bool>(false);
  CLI::App* compile = ns->add_subcommand("compile", "Write compiled SQL to target/compiled/");
  compile->add_flag("--init", *init, "Create the models folder if missing");
  compile->callback([&ctx, init] {
    ctx.action = [init](app::Session& s) {
      return Finish(s.out(), app::RunModelCompile(s, *init));
    };
  });
  auto id = std::make_shared<std::string>();
  CLI::App* show = ns->add_subcommand("show", "Show a model's compiled SQL (incl. its upsert)");
  show->add_option("model", *id, "schema.name")->required()->type_name("MODEL");
  show->callback([&ctx, id] {
    ctx.action = [id](app::Session& s) { return Finish(s.out(), app::RunModelShow(s, *id)); };
  });
  ns->add_subcommand("status",
                     "Models vs the database: synced, missing, changed, modified, orphaned")
      ->callback([&ctx] {
        ctx.action = [](app::Session& s) { return Finish(s.out(), app::RunModelStatus(s)); };
      });
  auto g = std::make_shared<app::ModelGraphOptions>();
  CLI::App* graph = ns->add_subcommand("graph", "Show the dependency graph");
  graph->add_option("--format", g->format, "text, mermaid, dot, svg (through Graphviz) or json")
      ->check(CLI::IsMember({"text", "mermaid", "dot", "svg", "json"}));
  graph->add_option("-s,--select", g->selectors, "Models to show")->type_name("SELECTOR");
  graph->callback([&ctx, g] {
    ctx.action = [g](app::Session& s) { return Finish(s.out(), app::RunModelGraph(s, *g)); };
  });
}

void RegisterFiles(CLI::App* ns, CliContext& ctx) {
  CLI::App* lint = ns->add_subcommand("lint", "Check model files");
  lint->require_subcommand(1);
  auto fix = std::make_shared<bool>(false);
  CLI::App* deps = lint->add_subcommand("deps", "Compare -- deps: with what the SQL reads");
  deps->add_flag("--fix", *fix, "Rewrite the -- deps: lines");
  deps->callback([&ctx, fix] {
    ctx.action = [fix](app::Session& s) {
      bool failed = false;
      Status st = app::RunModelLintDeps(s, *fix, failed);
      return ExitFor(s.out(), st, failed);
    };
  });
  auto id = std::make_shared<std::string>();
  auto mat = std::make_shared<std::string>("view");
  CLI::App* add = ns->add_subcommand("new", "Create a model file");
  add->add_option("model", *id, "schema.name")->required();
  add->add_option("--materialized", *mat, "view, table or incremental")
      ->check(CLI::IsMember({"view", "table", "incremental"}));
  add->callback([&ctx, id, mat] {
    ctx.action = [id, mat](app::Session& s) {
      return Finish(s.out(), app::RunModelNew(s, *id, *mat));
    };
  });
  auto yes = std::make_shared<bool>(false);
  CLI::App* init = ns->add_subcommand("init", "Create the models folder");
  init->add_flag("-y,--yes", *yes, "Accepted for scripting (no prompt is asked)");
  init->callback([&ctx] {
    ctx.action = [](app::Session& s) { return Finish(s.out(), app::RunModelInit(s)); };
  });
  auto from = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  auto drop = std::make_shared<bool>(false);
  auto move_yes = std::make_shared<bool>(false);
  CLI::App* move = ns->add_subcommand("move", "Move a model file to a new schema.name");
  move->add_option("old", *from, "schema.name")->required();
  move->add_option("new", *to, "schema.name")->required();
  move->add_flag("--drop-old", *drop, "Drop the old relation (when pgcrate built it)");
  move->add_flag("-y,--yes", *move_yes, "Confirm on a production database");
  move->callback([&ctx, from, to, drop, move_yes] {
    ctx.action = [from, to, drop, move_yes](app::Session& s) {
      return Finish(s.out(), app::RunModelMove(s, *from, *to, *drop, *move_yes));
    };
  });
}

void RegisterModel(CLI::App& app, CliContext& ctx) {
  CLI::App* ns = Namespace(app, "model", "SQL models: views and tables built from SELECTs");
  RegisterRun(ns, ctx);
  RegisterInfo(ns, ctx);
  RegisterFiles(ns, ctx);
}

const Registrar kRegistrar(45, {"model"}, RegisterModel);

}  // namespace
}  // namespace model_cmd
}  // namespace pgcrate::cli

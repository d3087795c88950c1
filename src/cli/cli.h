// The command-line front end: a CLI11 tree where each namespace file registers its commands.
// A command turns flags into an options struct, calls the library, and returns an exit code;
// no SQL and no logic live here.
#pragma once

#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>

#include "app/session.h"
#include "output/output.h"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace pgcrate::cli {

// --version and --help-llm.
struct MetaFlags {
  bool version = false;
  bool help_llm = false;
};

// State shared by the command registrations and the runner.
struct CliContext {
  MetaFlags meta;
  app::GlobalOptions globals;
  output::Mode mode;
  // Set by the chosen command's parse callback; runs after parsing succeeds.
  std::function<int(app::Session&)> action;
  // Ctrl-C is how the command ends (`watch`): exit with its code instead of 130.
  bool interrupt_ends_normally = false;
};

// Maps a Status to the process exit code (0 ok, 2 usage, 1 anything else) after reporting it.
int Finish(const output::Output& out, const Status& status);

// A namespace file registers its commands by defining a static Registrar:
//   static const Registrar kRegistrar(40, {"seed"}, [](CLI::App& app, CliContext& ctx) {...});
// `order` sorts the commands in --help (core 10, dev 20, migrate 30, inspect 50, dba 60...);
// `words` lists every top-level command the function adds or adds to: a run registers only
// the functions of its command word (start-up), so a word missing here is a command that
// still works (the parse fails on the partial tree and is redone on the whole one), slower.
using RegisterFn = void (*)(CLI::App& app, CliContext& ctx);
struct Registrar {
  Registrar(int order, std::initializer_list<std::string_view> words, RegisterFn fn);
};

// The namespace subcommand `name` of `app` (e.g. "migrate"), created with `description` if no
// file has registered it yet. Several files may add commands to one namespace this way
// (migrate_cmd.cc adds up/down/status, lint_cmd.cc adds `migrate lint`, ...).
CLI::App* Namespace(CLI::App& app, const std::string& name, const std::string& description);

// Restricts `option` to a whole number from `min` to INT_MAX; anything else is a usage error
// saying so ("'abc' must be a whole number between 1 and 2147483647"). Returns `option`.
CLI::Option* WholeNumber(CLI::Option* option, int min);

// The whole command tree, as `pgcrate --help` shows it, for the generators of shell
// completions and man pages (shell_docs.cc); its flags are bound to `ctx`.
std::unique_ptr<CLI::App> BuildCommandTree(CliContext& ctx);

// Runs pgcrate with the process arguments; returns the exit code.
int Run(int argc, char** argv);

// The embedded LLM reference text (docs/llms.txt).
extern const char* const kLlmsText;

}  // namespace pgcrate::cli

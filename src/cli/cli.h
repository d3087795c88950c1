// The command-line front end: a CLI11 tree where each namespace file registers its commands.
// A command turns flags into an options struct, calls the library, and returns an exit code;
// no SQL and no logic live here.
#pragma once

#include <functional>
#include <string>

#include "app/session.h"
#include "output/output.h"

namespace CLI {
class App;
}

namespace pgcrate::cli {

// State shared by the command registrations and the runner.
struct CliContext {
  app::GlobalOptions globals;
  output::Mode mode;
  // Set by the chosen command's parse callback; runs after parsing succeeds.
  std::function<int(app::Session&)> action;
};

// Maps a Status to the process exit code (0 ok, 2 usage, 1 anything else) after reporting it.
int Finish(const output::Output& out, const Status& status);

// Namespace registrations (one file each).
void RegisterCoreCommands(CLI::App& app, CliContext& ctx);
void RegisterDevCommands(CLI::App& app, CliContext& ctx);

// Runs pgcrate with the process arguments; returns the exit code.
int Run(int argc, char** argv);

// The embedded LLM reference text (docs/llms.txt).
extern const char* const kLlmsText;

}  // namespace pgcrate::cli

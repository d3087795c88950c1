// `pgcrate init`: writes pgcrate.toml and creates the project's directories. Prompts on a
// TTY; without one (or with --yes) it uses the defaults and flags.
#pragma once

#include <functional>
#include <string>

#include "output/output.h"
#include "pgcrate/status.h"

namespace pgcrate::app {

struct InitOptions {
  bool yes = false, dry_run = false, force = false;
  bool models = false, seeds = false;
  std::string migrations_dir = "db/migrations";
  std::string models_dir = "models";
  std::string seeds_dir = "seeds";
  std::string root = ".";  // the project directory
};

// Asks `question` with `default_answer` and returns the answer ("" = the default).
using Prompter =
    std::function<std::string(const std::string& question, const std::string& default_answer)>;

// Creates the project. `prompt` is used only when not opts.yes. Fails with kConflict when
// pgcrate.toml exists and not --force, and kConfig for a directory containing "..".
Status RunInit(InitOptions opts, const output::Output& out, const Prompter& prompt);

}  // namespace pgcrate::app

// The command tree as data, for what is generated from it: shell completions
// (shell_docs_cmd.cc) and the man pages. Nothing here knows a command by name.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace CLI {
class App;
}  // namespace CLI

namespace pgcrate::cli {

struct OptionDoc {
  std::vector<std::string> names;  // "-s", "--select"; empty for a positional
  std::string positional_name;     // "name" for a positional
  std::string type;                // "VERSION", "FILE", "INT", ... ("" for a flag)
  std::string description;
  std::vector<std::string> choices;  // the allowed values (a CLI::IsMember check), else empty
  bool positional = false;
  bool takes_value = false;
  bool required = false;
  bool repeatable = false;
};

struct CommandDoc {
  std::string path;    // "migrate up"; "" for pgcrate itself
  std::string parent;  // "migrate"; "" for top-level commands and for the root
  std::string name;    // "up"; "pgcrate" for the root
  std::vector<std::string> aliases;
  std::string description;
  std::string footer;
  std::vector<OptionDoc> options;  // --help is left out
  bool hidden = false;             // internal commands (group "")
  bool has_subcommands = false;
};

// Every command of the tree rooted at `root`, parents before children, in --help's order.
std::vector<CommandDoc> DescribeCommands(const CLI::App& root);

// The man pages of the commands: pgcrate(1) with the global options, the top-level commands
// and the exit codes, and one page per namespace (pgcrate-migrate(1), ...). Each is
// {file name, roff text}.
std::vector<std::pair<std::string, std::string>> ManPages(const std::vector<CommandDoc>& all);

}  // namespace pgcrate::cli

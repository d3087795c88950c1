// pgcrate.toml: every section of the reference, parsed with toml++ into plain structs.
// Unknown sections and keys become warnings with file:line:col (typo safety); values of the
// wrong type and paths that climb out of the project ("..") are errors.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pgcrate/status.h"

namespace pgcrate::config {

struct Paths {
  std::string migrations = "db/migrations";
  std::string models = "models";
  std::string seeds = "seeds";
  std::string schema = "db/schema";  // desired-state SQL for `migrate autogenerate`
  std::string code = "db/code";      // declarative views/functions
};

struct Generate {
  std::string split_by = "none";  // none | schema | table
  std::string output = "db/migrations";
  std::vector<std::string> include_schemas;
  std::vector<std::string> exclude_schemas;
};

struct Tools {
  std::string pg_dump, pg_restore, psql;
  std::string bindir;  // where initdb/pg_ctl live; default from pg_config --bindir or PATH
};

struct Config {
  std::string file;          // the file read, "" when none exists
  std::string project_root;  // directory that relative paths resolve against
  std::string database_url;
  Paths paths;
  bool with_down = false;    // [defaults]
  std::vector<std::string> production_patterns;
  Generate generate;
  std::vector<std::string> model_sources;  // [model] sources
  Tools tools;
  // Non-fatal findings (unknown keys), each "file:line:col: message".
  std::vector<std::string> warnings;
};

// Parses TOML text; `file` is used in messages. Malformed TOML is kConfig with line:col.
Result<Config> ParseConfig(std::string_view text, const std::string& file);

// Loads `path` when given (it must exist), else ./pgcrate.toml when present, else defaults.
Result<Config> LoadConfig(const std::string& explicit_path);

// True when `url` contains one of `patterns` (case-insensitive).
bool IsProductionUrl(const std::string& url, const std::vector<std::string>& patterns);

}  // namespace pgcrate::config

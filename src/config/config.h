// pgcrate.toml: every section of the reference, parsed with toml++ into plain structs.
// Unknown sections and keys become warnings with file:line:col (typo safety); values of the
// wrong type, unknown lint rule ids and paths outside the project (absolute, or climbing out
// with "..", unless [paths] allow_outside_project = true) are errors.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "pgcrate/safety_defaults.h"
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

// [snapshot]: where `pgcrate snapshot` keeps its snapshots.
struct Snapshot {
  std::string dir = ".pgcrate/snapshots";
};

// [migrate]: the safety session every migration runs with, lock handling and the lint gate.
struct Migrate {
  std::string lock_timeout = defaults::kLockTimeout;            // SET LOCAL lock_timeout
  std::string statement_timeout = defaults::kStatementTimeout;  // SET LOCAL
  std::string idle_in_transaction_session_timeout = defaults::kIdleInTransactionSessionTimeout;
  int lock_retries =
      defaults::kLockRetries;  // retries of a migration that hit lock_timeout (SQLSTATE 55P03)
  int lock_wait = defaults::kLockWaitSeconds;  // seconds to wait for another runner's advisory lock
  std::string lint = "off";  // off | warn | error: lint pending migrations before `migrate up`
};

// [lint]: `pgcrate migrate lint` settings.
struct Lint {
  std::vector<std::string> disable;             // rule ids that never run
  std::map<std::string, std::string> severity;  // rule id -> "error" | "warning" | "off"
  // [lint.naming] kind -> pattern, kinds: index, unique, primary_key, foreign_key, check,
  // exclusion. Placeholders: {table}, {column} / {columns} (joined by '_'); '*' matches anything.
  std::map<std::string, std::string> naming;
  // With a database connection, tables with fewer estimated rows than this are "small": lock
  // and rewrite rules do not fire on them.
  int64_t large_table_rows = 10000;
};

// One `[anonymize]` entry, as written: the key ("schema.table.column", or
// "schema.table.column->json.path") and the strategy text; anonymize/ parses the strategy.
struct AnonymizeEntry {
  std::string key;
  std::string strategy;
  int line = 0;  // in `Config::file`
};

// One `[modules.<name>]` section: a set of migrations with its own version sequence, tracked
// under its name (pgdbm's module_name), optionally in its own schema.
struct Module {
  std::string name;
  std::string migrations;        // directory, relative to the project
  std::string schema;            // "" = no schema: {{tables.x}} expands unqualified
  bool schema_tracking = false;  // tracking = "schema": <schema>.schema_migrations
  int line = 0;                  // in `Config::file`
};

struct Config {
  std::string file;          // the file read, "" when none exists
  std::string project_root;  // directory that relative paths resolve against
  std::string database_url;
  Paths paths;
  bool with_down = false;  // [defaults]
  std::vector<std::string> production_patterns;
  bool production_patterns_set = false;  // [production] patterns given (even as [])
  bool allow_outside_project = false;    // [paths] allow_outside_project
  Generate generate;
  std::vector<std::string> model_sources;  // [model] sources
  Tools tools;
  Snapshot snapshot;  // [snapshot]
  Migrate migrate;    // [migrate]
  Lint lint;          // [lint]
  // [dba.<check>] <threshold> = number, keyed "<check>.<threshold>" (e.g.
  // "sequences.warning_pct"); which names a check accepts is checked by dba/.
  std::map<std::string, double> dba_thresholds;
  // [anonymize] in file order: column (and JSON path) -> strategy, both plain strings.
  std::vector<AnonymizeEntry> anonymize;
  // [modules.<name>] in file order.
  std::vector<Module> modules;
  // Non-fatal findings (unknown keys), each "file:line:col: message".
  std::vector<std::string> warnings;
};

// Parses TOML text; `file` is used in messages. Malformed TOML is kConfig with line:col.
Result<Config> ParseConfig(std::string_view text, const std::string& file);

// Loads `path` when given (it must exist), else ./pgcrate.toml when present, else defaults.
Result<Config> LoadConfig(const std::string& explicit_path);

// The lint rule ids that [lint] disable and [lint.severity] may name. Set once at startup by
// the program (config cannot see the lint registry); while unset, ids are not checked.
void SetKnownLintRules(std::vector<std::string> ids);

// The patterns used when [production] sets none: matched as whole words (split at anything
// but letters and digits) of the host and the database name, so "app_prod" and
// "prod-db.example.com" match and "products" does not.
inline constexpr const char* kDefaultProductionPatterns[] = {"prod", "production"};

// The names of a connection target the production gate looks at — never its password.
struct TargetNames {
  std::string host, dbname, user;
};

// Why `target` is a production database under `config`, e.g. "the database name 'app_prod'
// matches the [production] pattern 'prod'"; "" when it is not. Configured patterns match
// case-insensitively anywhere in the host, database or user name; with none configured,
// kDefaultProductionPatterns apply as described there.
std::string ProductionMatch(const Config& config, const TargetNames& target);

}  // namespace pgcrate::config

// Options of the embeddable API (see migrator.h). Plain values only: nothing from libpq or
// libpg_query appears in pgcrate's public headers. Every default equals the CLI's default.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "pgcrate/safety_defaults.h"

namespace pgcrate {

// The `[migrate] lint` gate of Migrator::Up (see MigratorOptions::lint).
enum class LintGate { kOff, kWarn, kError };

// The start-up drift check of a module (see MigratorOptions::check_drift).
enum class DriftCheck { kOff, kWarn, kError };

// The `[lint]` section of pgcrate.toml: the rule settings the lint gate runs with.
struct LintSettings {
  std::vector<std::string> disable;             // rule ids that never run
  std::map<std::string, std::string> severity;  // rule id -> "error" | "warning" | "off"
  // Name patterns by kind (index, unique, primary_key, foreign_key, check, exclusion);
  // placeholders {table}, {column}/{columns}; '*' matches anything.
  std::map<std::string, std::string> naming;
  // Tables with fewer estimated rows than this (in the live catalog) are "small": lock and
  // rewrite rules do not fire on them.
  int64_t large_table_rows = 10000;
};

// How a Migrator connects, where its files are, and the safety settings each migration runs
// with (the `[migrate]` section of pgcrate.toml).
struct MigratorOptions {
  // A libpq URL or key=value string. "" = libpq's own environment (PGHOST, PGPORT, PGUSER,
  // PGPASSWORD, PGDATABASE, PGSERVICE, ~/.pgpass). Never echoed with its password.
  std::string database_url;
  // The directory of YYYYMMDDHHMMSS_name.sql files (relative to the working directory).
  std::string migrations_dir = "db/migrations";
  int connect_timeout_seconds = 5;
  std::string application_name = "pgcrate";
  // SET LOCAL values for every migration (PostgreSQL interval syntax).
  std::string lock_timeout = defaults::kLockTimeout;
  std::string statement_timeout = defaults::kStatementTimeout;
  std::string idle_in_transaction_session_timeout = defaults::kIdleInTransactionSessionTimeout;
  // Extra attempts of a migration that hit lock_timeout (SQLSTATE 55P03), with backoff.
  int lock_retries = defaults::kLockRetries;
  // The advisory lock that makes concurrent runners apply each migration exactly once:
  // seconds to wait for another runner, and whether to take it at all.
  int lock_wait_seconds = defaults::kLockWaitSeconds;
  bool use_lock = true;
  // The `[migrate] lint` gate, run as `pgcrate migrate up` runs it: after its other checks and
  // before applying anything, Up lints the migrations it is about to run, with the database's
  // live catalog. kWarn reports the findings in MigrationRun::lint_findings; kError also
  // refuses the run (kRefused, nothing applied, the findings in details()) when one of them
  // is an error. Down does not lint. Open refuses (kUsage) settings naming unknown rules.
  LintGate lint = LintGate::kOff;
  LintSettings lint_settings;
  // A module of its own (pgdbm's module_name; docs/modules.md): "" = the project's migrations
  // (14-digit versions, rows under module ""). With a name, files may be NNN_x.sql, V1__x.sql
  // or 14-digit timestamps, rows are tracked under the name (two modules may share version
  // numbers in one database), and {{tables.NAME}} / {{schema}} expand in `schema` ("" =
  // unqualified names). schema_tracking puts the rows in <schema>.schema_migrations.
  std::string module;
  std::string schema;
  bool schema_tracking = false;
  // With a module and a schema: after every run that changes the schema, the definitions of
  // its objects are recorded (hashes in pgcrate.schema_state, also by `pgcrate migrate up
  // --module`). check_drift compares the live schema with that record before Up runs anything
  // and in ReadStatus: kWarn lists the differences ("~table auth.users", "+...", "-...") in
  // MigrationRun::drift / MigrationStatus::drift, kError also refuses Up (kConflict, nothing
  // applied, the differences in details()). The first run records the baseline.
  DriftCheck check_drift = DriftCheck::kOff;
};

// What Migrator::Up runs.
struct UpRequest {
  std::string to_version;           // "" = every pending migration; else up to and including
  bool dry_run = false;             // plan only: no lock taken, nothing written
  bool allow_changed = false;       // run although an applied file's checksum changed
  bool allow_out_of_order = false;  // run pending files older than the latest applied one
};

// What Migrator::Down rolls back.
struct DownRequest {
  int steps = 1;         // the most recently applied migrations, newest first
  bool dry_run = false;  // plan only
  // When set (steps is then ignored): every applied migration newer than this version; it
  // must be applied itself and stays so.
  std::string to_version;
};

}  // namespace pgcrate

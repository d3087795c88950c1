// Options of the embeddable API (see migrator.h). Plain values only: nothing from libpq or
// libpg_query appears in pgcrate's public headers. Every default equals the CLI's default.
#pragma once

#include <string>

#include "pgcrate/safety_defaults.h"

namespace pgcrate {

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
};

}  // namespace pgcrate

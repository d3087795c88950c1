// The migration engine as a library: what `pgcrate migrate status|up|down` do, for programs
// that embed pgcrate (an application that migrates its own database at start-up, a test
// harness, a deployment tool). Same files, same tracking table (pgcrate.schema_migrations),
// same safety protocol and exactly-once locking as the CLI, so the two can be mixed freely.
//
// Errors are Status values (see status.h): a failing migration is kQuery with the file, line
// and column of the failing statement in location() and the server's SQLSTATE, detail and
// hint; invalid files are kParse naming the file; a refused run (changed or out-of-order
// files) is kConflict. A failed migration leaves nothing of itself behind; the ones before it
// in the same run stay applied.
//
// Thread-safety: a Migrator owns one database connection and is not thread-safe; use one per
// thread. Different Migrators (in any number of processes) may run against the same
// database at once: the advisory lock serialises them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "pgcrate/options.h"
#include "pgcrate/status.h"

namespace pgcrate {

// One migration as the status report shows it.
struct MigrationInfo {
  std::string version;     // the 14-digit timestamp
  std::string name;        // the description part of the file name
  bool has_down = false;   // its file has a non-empty `-- down` section
  std::string applied_at;  // ISO 8601 UTC; "" when pending
};

// The state of the database against the migration files (the spec's `migrate status`).
struct MigrationStatus {
  std::vector<MigrationInfo> applied;      // by version
  std::vector<MigrationInfo> pending;      // in file order
  std::vector<std::string> missing_files;  // applied versions whose file is gone
  std::vector<std::string> changed_files;  // applied versions whose file changed since
  std::vector<std::string> out_of_order;   // pending versions older than the latest applied
  std::vector<std::string> drift;  // MigratorOptions::check_drift: changed objects of the schema
};

// A finding of the lint gate (MigratorOptions::lint).
struct LintFinding {
  std::string rule;      // the rule id, e.g. "require-concurrent-index-creation"
  std::string severity;  // "error" | "warning"
  std::string file;      // the migration file
  int line = 0;
  int column = 0;
  std::string message;  // what is wrong, naming the object
};

// What an Up or Down run did (or, with dry_run, would do).
struct MigrationRun {
  std::vector<MigrationInfo> planned;      // selected to run, in run order
  std::vector<MigrationInfo> done;         // committed, in run order
  std::vector<int64_t> duration_ms;        // per entry of `done`
  std::vector<LintFinding> lint_findings;  // the lint gate's findings (Up with lint != kOff)
  std::vector<std::string> drift;  // check_drift = kWarn: what changed by hand before this run
};

class Migrator {
 public:
  // Connects with `options`. kConnection when the server cannot be reached (the message never
  // contains the password). Reading the files happens on each call, so edits are seen.
  static Result<std::unique_ptr<Migrator>> Open(const MigratorOptions& options);
  ~Migrator();
  Migrator(const Migrator&) = delete;
  Migrator& operator=(const Migrator&) = delete;

  // Reads the files and the tracking table; changes nothing (safe on a read-only role).
  Result<MigrationStatus> ReadStatus();
  // Applies pending migrations under the advisory lock. Refuses (kConflict) when an applied
  // file changed or a pending file is out of order, unless the request allows it, and
  // (kRefused) when the lint gate finds an error (MigratorOptions::lint = kError).
  Result<MigrationRun> Up(const UpRequest& request = {});
  // Rolls back the newest `steps` migrations with their `-- down` sections; refuses
  // (kRefused) before running anything when one of them has none.
  Result<MigrationRun> Down(const DownRequest& request);
  // Creates the next migration file of migrations_dir (`-- up` then `up_sql`, and `-- down`
  // then `down_sql` when not empty): a 14-digit UTC timestamp version, or for a module the
  // next NNN_ number. Never overwrites; returns the file's path. kUsage when `name` has no
  // letters or digits.
  Result<std::string> CreateMigration(const std::string& name, const std::string& up_sql,
                                      const std::string& down_sql = "");

 private:
  struct Impl;
  explicit Migrator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace pgcrate

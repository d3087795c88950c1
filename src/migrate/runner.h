// The migration runner: `up`, `down`, `baseline` and `stamp` as library calls on a connection
// and the parsed migration files. It sequences only — parsing lives in migration_file, the
// tracking table in store, execution in apply. Runs that change the database hold
// PostgreSQL's advisory lock kMigrationLockKey (unless use_lock is false), and read the
// tracking table only once they hold it, so concurrent runners apply each migration exactly
// once: the second one waits, then finds nothing pending.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "migrate/apply.h"
#include "migrate/migration_file.h"
#include "pg/connection.h"
#include "pgcrate/safety_defaults.h"
#include "pgcrate/status.h"

namespace pgcrate::migrate {

struct LockOptions {
  bool use_lock = true;
  int wait_ms = defaults::kLockWaitSeconds * 1000;
  // Called once when another session holds the lock and this run starts waiting.
  std::function<void(const std::string&)> on_wait;
};

// The advisory lock every pgcrate runner of a database takes before changing it (a null
// pointer when o.use_lock is false); waits up to o.wait_ms, then kConflict with a hint.
Result<std::unique_ptr<pg::AdvisoryLock>> AcquireMigrationLock(pg::Connection& conn,
                                                               const LockOptions& o);

// The gate `MigrateUp` runs on the migrations about to be applied, after every other check and
// before anything is applied (the `[migrate] lint` gate, see lint/gate.h); a non-OK Status stops
// the run with nothing applied.
using PendingCheck = std::function<Status(const std::vector<MigrationFile>& pending)>;

struct UpOptions {
  std::string to_version;           // apply pending migrations up to and including this one
  bool dry_run = false;             // plan only; takes no lock and writes nothing
  bool allow_changed = false;       // run even though an applied file changed
  bool allow_out_of_order = false;  // run pending files older than the latest applied one
  LockOptions lock;
  ApplyOptions apply;
  PendingCheck pre_run_check;  // empty = no gate
  // When set, the pending migrations run in ONE transaction with this work around them
  // (RunPreparedInOneTransaction), even when none is pending.
  TransactionHooks wrap;
};

struct RunResult {
  std::vector<const MigrationFile*> planned;  // what runs (or would run, with dry_run)
  std::vector<MigrationOutcome> done;         // what committed
  std::vector<std::string> missing;           // applied versions whose file is gone (warned)
};

// Applies the pending migrations among `files` (which must outlive `result`). Refuses
// (kConflict, exit 1) when an applied file changed (unless allow_changed) or a pending file
// is older than the latest applied one (unless allow_out_of_order).
Status MigrateUp(pg::Connection& conn, const std::vector<MigrationFile>& files,
                 const UpOptions& options, RunResult* result);

struct DownOptions {
  int steps = 1;
  std::string to_version;  // when set: roll back every applied migration newer than this one
  bool dry_run = false;
  LockOptions lock;
  ApplyOptions apply;
};

// Rolls back the `steps` most recently applied migrations (highest versions first), or with
// to_version every applied migration newer than it. Every one of them must have its file and a
// non-empty down section, checked before anything runs. The tracking rows stay, marked
// rolled_back_at (history).
Status MigrateDown(pg::Connection& conn, const std::vector<MigrationFile>& files,
                   const DownOptions& options, RunResult* result);

// Records files as applied without running them: every file up to `to_version` ("" = all)
// for baseline, or exactly `version` for stamp. `result->planned` lists what was recorded.
Status Baseline(pg::Connection& conn, const std::vector<MigrationFile>& files,
                const std::string& to_version, const LockOptions& lock, RunResult* result,
                const Tracking& tracking = {});
Status Stamp(pg::Connection& conn, const std::vector<MigrationFile>& files,
             const std::string& version, const LockOptions& lock, RunResult* result,
             const Tracking& tracking = {});

}  // namespace pgcrate::migrate

// `pgcrate apply`: plans (under the migration lock) and runs the plan. When every pending
// migration is transactional, everything happens in ONE transaction: drop the affected and
// modified objects in reverse dependency order, run the pending migrations (migrate's engine:
// same checks, lint gate, safety settings and tracking as `migrate up`), create the changed,
// new and dropped objects in dependency order with their comments and grants, drop objects whose
// file was deleted, update pgcrate.code_objects. Any failure rolls all of it back. With a
// no-transaction migration pending the work is split in three steps (drops; migrations, each as
// `migrate up` runs it; creates and state), and a rerun after a failure recreates whatever is
// missing.
#pragma once

#include <functional>
#include <vector>

#include "code/objects.h"
#include "code/plan.h"
#include "migrate/migration_file.h"
#include "migrate/runner.h"
#include "pg/connection.h"
#include "pgcrate/status.h"

namespace pgcrate::code {

struct ApplyOptions {
  migrate::UpOptions up;  // the migrations' options; up.lock is taken by Apply itself
  PlanOptions plan;
  bool dry_run = false;                       // plan only (under the lock), nothing written
  std::function<void(const Step&)> observer;  // after each code step; may be empty
};

struct ApplyResult {
  Plan plan;
  std::vector<migrate::MigrationOutcome> migrations;
};

// `files` are all migration files (pending ones are found from the tracking table).
Status Apply(pg::Connection& conn, const CodeSet& code,
             const std::vector<migrate::MigrationFile>& files, const ApplyOptions& options,
             ApplyResult* result);

// The pending migrations among `files` (read-only; no lock).
Result<std::vector<const migrate::MigrationFile*>> PendingMigrations(
    pg::Connection& conn, const std::vector<migrate::MigrationFile>& files);

}  // namespace pgcrate::code

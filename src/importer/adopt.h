// `migrate import --adopt`: which of the imported migrations the other tool has applied to the
// database (read from its own tracking table), and recording those in pgcrate's tracking table
// without running anything, so the database switches tools where it stands.
//
// Tracking tables read (the tool's default name unless `table` says otherwise; read with
// quoted identifiers, never written):
//   dbmate          schema_migrations(version): one row per applied version;
//   golang-migrate  schema_migrations(version, dirty): one row, the current version (every
//                   file up to it is applied); a dirty version is refused;
//   flyway          flyway_schema_history: successful rows in installed_rank order (undo and
//                   delete rows take a version back out, a BASELINE row applies every version
//                   up to it);
//   sqitch          sqitch.changes: the rows of the plan's %project, matched by change name and
//                   planned_at.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "importer/plan.h"
#include "migrate/runner.h"
#include "pg/connection.h"
#include "pgcrate/status.h"

namespace pgcrate::importer {

struct AdoptState {
  std::string table;                      // the tracking table read, as written in SQL
  std::vector<size_t> applied;            // indices into plan.migrations, in order
  std::vector<std::string> without_file;  // applied in the tool but no such source migration
};

// Reads the tool's tracking table (`table` = "" for its default; "schema.table" or "table").
// kNotFound naming the table when it does not exist; kRefused when golang-migrate's state is
// dirty. Reads only.
Result<AdoptState> ReadToolState(pg::Connection& conn, const ImportPlan& plan,
                                 const std::string& table);

struct AdoptResult {
  std::vector<size_t> recorded;          // newly recorded as applied
  std::vector<size_t> already_recorded;  // pgcrate's table had them already
};

// Records the migrations of `state.applied` as applied in pgcrate's tracking table (without
// running them), and the tool's tracking table in pgcrate.foreign_tracking (so drift checks
// leave it out; migrate/foreign_tracking.h), in ONE transaction, holding migrate's advisory lock.
// `before_commit` (may be empty) runs last inside that transaction; when it or anything else fails,
// nothing is recorded.
Status RecordAdopted(pg::Connection& conn, const ImportPlan& plan, const AdoptState& state,
                     const migrate::LockOptions& lock, const std::function<Status()>& before_commit,
                     AdoptResult* result);

}  // namespace pgcrate::importer

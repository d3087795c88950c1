// The tracking-table seam: a tracking table (pgcrate.schema_migrations by default, or
// <schema>.schema_migrations for a module tracked in its own schema) holds one row per
// migration run: id, module ("" for the project's own migrations), version, filename, name,
// SHA-256 checksum of the file, applied_at, execution time in ms, the role that applied it,
// and rolled_back_at (set by `migrate down`, which keeps the row as history). A version counts
// as applied when it has a row with rolled_back_at NULL; (module, version) is unique among
// those rows. Everything that reads or writes the table goes through here. Every value is a
// bound parameter (or, in the *SqlText scripts, a quoted literal); identifiers are quoted.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "migrate/migration_file.h"
#include "pg/connection.h"
#include "pgcrate/status.h"

namespace pgcrate::migrate {

// The advisory-lock key every pgcrate runner of a database agrees on ("pgcrate.mig" as bytes).
inline constexpr int64_t kMigrationLockKey = 0x706763726174656d;

// Where a set of migrations is tracked and under which module name.
struct Tracking {
  std::string schema = "pgcrate";
  std::string table = "schema_migrations";
  std::string module;  // "" = the project's own migrations

  // schema.table, quoted as identifiers.
  std::string QualifiedTable() const;
  // "module auth" / "the project's migrations", for messages.
  std::string Describe() const;
};

// The DDL that creates the tracking schema and table (idempotent), and, for scripts that run
// against a database of unknown age (`migrate sql`), the statements that bring an older table
// up to date (idempotent: ADD COLUMN IF NOT EXISTS, CREATE UNIQUE INDEX IF NOT EXISTS).
std::string CreateTrackingSql(const Tracking& t);
std::string UpgradeTrackingSqlText(const Tracking& t);

struct AppliedMigration {
  std::string version;
  std::string name;        // "" when not recorded (older tables)
  std::string checksum;    // "" when not recorded
  std::string applied_at;  // ISO 8601 UTC text
  std::optional<int64_t> execution_ms;
  std::string applied_by;
  std::string module;          // Tracking::module of the row
  std::string filename;        // "" when not recorded
  std::string rolled_back_at;  // ISO 8601 UTC text; "" while applied
};

// The applied rows (rolled_back_at NULL) of `t.module` in `t`'s table, ordered by version
// (VersionLess). An absent table (or schema) is an empty list, and nothing is created: safe on
// read-only connections. Older tables without the newer columns are read as far as they go.
// kBrief (for read-only views over thousands of rows, `migrate status`) fills only version,
// name, checksum, module and filename: no timestamps are formatted and nothing else is sent.
// `seen`, when given, is the caller's hint of whether the table was there the last time it
// looked (kept between runs, e.g. under the project's .pgcrate/cache), and receives whether it
// is there now. With the hint set, a kBrief read skips its existence check: on a new backend
// that check is a statement of its own (~2.5 ms to plan), as much as `status`'s read of 1,000
// rows. A wrong hint costs one failed statement (which the server logs), never a wrong answer.
enum class RowDetail { kFull, kBrief };
Result<std::vector<AppliedMigration>> ReadApplied(pg::Connection& conn, const Tracking& t = {},
                                                  RowDetail detail = RowDetail::kFull,
                                                  bool* seen = nullptr);

// Every row of `t.module`, rolled back ones included, in the order they were written.
Result<std::vector<AppliedMigration>> ReadHistory(pg::Connection& conn, const Tracking& t = {});

// Just the applied versions (for callers that only need to know what is pending).
Result<std::set<std::string>> ReadAppliedVersions(pg::Connection& conn, const Tracking& t = {});

// Creates the tracking table when missing, and upgrades a table written by an older pgcrate in
// place, in one transaction: the missing columns are added, the primary key moves from
// version to a surrogate id, and the unique index on (module, version) of applied rows is
// created. Cheap when nothing is to do (one catalog query). Call it while holding the
// migration lock.
Status EnsureTrackingTable(pg::Connection& conn, const Tracking& t = {});

// Records `file` as applied (execution_ms NULL when unknown). kConflict when the version is
// already recorded as applied.
Status RecordApplied(pg::Connection& conn, const MigrationFile& file,
                     std::optional<int64_t> execution_ms, const Tracking& t = {});

// Records every file of `files` as applied in ONE statement (baseline, import --adopt): the
// values travel as bound text arrays. kConflict when one of them is already applied.
Status RecordAppliedAll(pg::Connection& conn, const std::vector<const MigrationFile*>& files,
                        const Tracking& t = {});

// Marks the applied row of `version` rolled back (the row stays as history); kNotFound when
// the version is not applied.
Status MarkRolledBack(pg::Connection& conn, const std::string& version, const Tracking& t = {});

// The tracking row INSERT / rollback UPDATE as text with quoted literals, for the scripts that
// run a migration and its tracking row in one round trip (`migrate up` and `migrate sql`). The
// INSERT records execution_ms as the time since the transaction began.
std::string RecordAppliedSqlText(const MigrationFile& file, const Tracking& t);
std::string MarkRolledBackSqlText(const std::string& version, const Tracking& t);

}  // namespace pgcrate::migrate

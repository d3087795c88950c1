// The tracking-table seam: pgcrate.schema_migrations holds one row per applied migration
// (version PK, applied_at, plus name, SHA-256 checksum of the file, execution time in ms and
// the role that applied it). Everything that reads or writes that table goes through here.
// Every value is a bound parameter; the only fixed identifiers are the schema and table.
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

// The DDL that creates the tracking schema and table (idempotent).
extern const char* const kCreateTrackingSql;

struct AppliedMigration {
  std::string version;
  std::string name;        // "" when not recorded (older tables)
  std::string checksum;    // "" when not recorded
  std::string applied_at;  // ISO 8601 UTC text
  std::optional<int64_t> execution_ms;
  std::string applied_by;
};

// Rows of pgcrate.schema_migrations ordered by version. An absent table (or schema) is an
// empty list, and nothing is created: safe on read-only connections. Older tables without the
// newer columns are read as far as they go.
Result<std::vector<AppliedMigration>> ReadApplied(pg::Connection& conn);

// Just the applied versions (for callers that only need to know what is pending).
Result<std::set<std::string>> ReadAppliedVersions(pg::Connection& conn);

// Creates pgcrate.schema_migrations when missing and adds the columns an older table lacks
// (name, checksum, execution_ms, applied_by) in place. Cheap when nothing is to do (one
// catalog query). Call it while holding the migration lock.
Status EnsureTrackingTable(pg::Connection& conn);

// Records `file` as applied (execution_ms NULL when unknown). kConflict when the version is
// already recorded.
Status RecordApplied(pg::Connection& conn, const MigrationFile& file,
                     std::optional<int64_t> execution_ms);

// Deletes the row of `version`; kNotFound when there is none.
Status DeleteApplied(pg::Connection& conn, const std::string& version);

// The tracking row INSERT / DELETE as text with quoted literals, for the scripts that run a
// migration and its tracking row in one round trip (`migrate up` and `migrate sql`). The INSERT
// records execution_ms as the time since the transaction began.
std::string RecordAppliedSqlText(const pg::Connection& conn, const MigrationFile& file);
std::string DeleteAppliedSqlText(const pg::Connection& conn, const std::string& version);

}  // namespace pgcrate::migrate

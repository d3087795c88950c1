// Another migration tool's tracking tables that pgcrate adopted from (`migrate import
// --adopt`): pgcrate.foreign_tracking names them, so drift checks (`migrate check`, `status
// --check-drift`) leave them out. They are not created by any migration, and pgcrate never
// drops them, so switching tools keeps the way back open without the check reporting drift.
// One row per relation (dbmate / golang-migrate `schema_migrations`, Flyway
// `flyway_schema_history`) or per whole schema (sqitch's registry schema, relation '').
#pragma once

#include <set>
#include <string>

#include "pg/connection.h"
#include "pgcrate/status.h"

namespace pgcrate::migrate {

// Creates pgcrate.foreign_tracking when missing (idempotent).
Status EnsureForeignTrackingStore(pg::Connection& conn);

// Records the relation `quoted_table` (as written in SQL; search_path applies) as `tool`'s
// tracking table: the relation alone, or with `whole_schema` the schema holding it. Runs in the
// caller's transaction; the store must exist (EnsureForeignTrackingStore). kNotFound when the
// relation does not exist.
Status RecordForeignTracking(pg::Connection& conn, const std::string& tool,
                             const std::string& quoted_table, bool whole_schema);

struct ForeignTracking {
  std::set<std::string> relations;  // "schema.name", unquoted
  std::set<std::string> schemas;    // whole schemas
};

// What is recorded; empty when the store does not exist (nothing is created).
Result<ForeignTracking> ReadForeignTracking(pg::Connection& conn);

}  // namespace pgcrate::migrate

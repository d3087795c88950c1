// Drift at start-up without a shadow database: after a run, the definitions of every object in
// a module's schema are recorded as hashes in pgcrate.schema_state (one row per object); a
// later check compares the live schema with that record, so a change made by hand since the
// last migration run ("~auth.users", "+auth.tmp", "-auth.sessions") is seen before migrating
// (psqlmodel's schema-state hashes; MigratorOptions::check_drift). One catalog query per read,
// whatever the number of objects. The module's tracking table itself is left out.
#pragma once

#include <string>
#include <vector>

#include "migrate/store.h"
#include "pg/connection.h"
#include "pgcrate/status.h"

namespace pgcrate::migrate {

// The objects of `schema` that differ from what was recorded for `t.module`: "~kind name"
// (changed), "+kind name" (not recorded), "-kind name" (recorded, gone), in name order. Empty
// when nothing differs or nothing was ever recorded for the module (no baseline yet).
Result<std::vector<std::string>> SchemaDrift(pg::Connection& conn, const Tracking& t,
                                             const std::string& schema);

// Replaces the record of `t.module` with the current definitions of `schema` (creating
// pgcrate.schema_state on first use), in one transaction. With `only_if_missing`, does nothing
// when the module has a record already (a run that changed nothing keeps the baseline, so
// drift made by hand is not silently accepted).
Status RecordSchemaState(pg::Connection& conn, const Tracking& t, const std::string& schema,
                         bool only_if_missing = false);

}  // namespace pgcrate::migrate

// pgcrate's own bookkeeping tables in the `pgcrate` schema (pgcrate.models,
// pgcrate.code_objects, ...): whether one exists, and creating it on first use.
#pragma once

#include <string_view>

#include "pg/connection.h"
#include "pgcrate/status.h"

namespace pgcrate::pg {

// True when `qualified` ("pgcrate.models") names an existing relation. Reading never creates
// anything: safe on read-only connections.
Result<bool> OwnTableExists(Connection& conn, std::string_view qualified);

// Creates the pgcrate schema (when missing) and runs `create_sql` (a CREATE TABLE IF NOT
// EXISTS) unless `qualified` exists already. Safe when several runners race: the loser's
// unique violation on the catalog is retried once.
Status EnsureOwnTable(Connection& conn, std::string_view qualified, std::string_view create_sql);

}  // namespace pgcrate::pg

// Loads a Catalog from a live database with the fixed set of queries in queries.h, inside
// one REPEATABLE READ READ ONLY transaction (a consistent snapshot) with search_path = ''
// and TimeZone = UTC so that rendered names are qualified and values stable. Objects that
// belong to extensions, the system schemas and pgcrate's own schema are left out.
#pragma once

#include "catalog/model.h"
#include "pg/connection.h"
#include "pgcrate/status.h"

namespace pgcrate::catalog {

// Reads the whole schema of the connected database. The connection must not be inside a
// transaction block. Errors are the server's (kQuery) with the failing query's purpose.
Result<Catalog> Load(pg::Connection& conn);

}  // namespace pgcrate::catalog

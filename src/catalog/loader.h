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
// With `relations_only`, only tables and views with their columns, constraints and indexes
// are read (no session facts, schemas, types, sequences, triggers, policies, functions or
// dependencies), and without what only describes them (queries::Detail::kFacts:
// comments, privileges, column defaults and collations, view and index definitions,
// constraint columns, constraint definitions other than CHECK): what the linter's
// database-aware rules use, in four of the fourteen queries.
struct LoadOptions {
  bool relations_only = false;
};
Result<Catalog> Load(pg::Connection& conn, const LoadOptions& options = {});

}  // namespace pgcrate::catalog

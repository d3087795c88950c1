// The catalog facts anonymization reads, in one query: every table of the user's schemas
// with its columns' types, lengths, NOT NULL and uniqueness. Tables that belong to an
// extension are left out (pg_dump leaves out their data too).
#pragma once

#include <vector>

#include "anonymize/column.h"
#include "pg/connection.h"
#include "pgcrate/status.h"

namespace pgcrate::anonymize {

struct CatalogOptions {
  bool include_pgcrate_schema = false;  // pgcrate's bookkeeping (the migration tracking table)
};

// Tables ordered by schema and name, columns by position (generated ones flagged).
Result<std::vector<Table>> LoadTables(pg::Connection& conn, const CatalogOptions& options = {});

// `table`'s columns without the generated ones: what COPY reads and writes.
Table CopyShape(const Table& table);

}  // namespace pgcrate::anonymize

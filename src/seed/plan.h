// What loading a set of seeds will do, decided before anything is written: each seed's
// columns (CSV header or JSON keys) checked against its target table, privileges, triggers,
// the foreign keys that would make TRUNCATE fail, and the load order. `seed run`, `seed
// diff` and `seed validate` with a database share these checks.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pg/connection.h"
#include "pgcrate/status.h"
#include "seed/project.h"
#include "seed/targets.h"
#include "sql/parser.h"

namespace pgcrate::seed {

struct PlannedSeed {
  Seed seed;
  Target target;
  std::vector<std::string> columns;  // the loaded columns, in file order (none for SQL)
  int64_t rows = -1;                 // rows in the file once counted; -1 = not counted / SQL
};

struct SeedPlan {
  std::vector<PlannedSeed> seeds;     // in load order: referenced tables before referencing ones
  std::vector<std::string> truncate;  // quoted names of the CSV/JSON targets
  std::vector<std::string> disable_triggers;  // quoted names of those with triggers
  bool superuser = false;
};

// The columns a CSV/JSON seed loads, read from the file without a database: kParse at
// file:line:column for an empty file, an empty or duplicate header name, a JSON file that is
// not an array of objects. Empty for SQL seeds.
Result<std::vector<std::string>> ReadSeedColumns(const Seed& seed);

// Checks `columns` of `seed` against its table: every column exists (closest match
// suggested) and none is a generated column. kNotFound / kRefused at file:1:column.
Status CheckColumns(const Seed& seed, const std::vector<std::string>& columns,
                    const Target& target);

// Each seed with its target's facts and its columns (none for SQL seeds), in `seeds` order:
// CSV/JSON targets must exist and be tables, and their columns must exist (CheckColumns);
// `for_load` adds what `seed run` needs (privileges, triggers the role may disable). `facts`,
// when given, receives the catalog facts (foreign keys, superuser).
Result<std::vector<PlannedSeed>> ResolveSeeds(pg::Connection& conn, const std::vector<Seed>& seeds,
                                              bool for_load, Targets* facts = nullptr);

// Plans loading `seeds` (kNotFound / kRefused naming the file and the table for: a missing
// target, a target that is not a table, a missing privilege, triggers the role may not
// disable, a table outside the set whose foreign key references a seeded table).
Result<SeedPlan> PlanSeeds(pg::Connection& conn, const std::vector<Seed>& seeds);

// Reads a SQL seed and parses it with the PostgreSQL parser: kParse at file:line:column for a
// syntax error, kRefused for a statement that controls the transaction (COMMIT, ROLLBACK...)
// or cannot run inside one (VACUUM...): seeds run in pgcrate's one transaction.
Status CheckSqlSeed(const Seed& seed, std::string& text, std::vector<sql::Statement>& stmts);

// Counts the data rows of a CSV/JSON seed (kParse on a malformed file).
Result<int64_t> CountSeedRows(const PlannedSeed& seed);

}  // namespace pgcrate::seed

// Which code objects a pending migration affects: the objects whose definitions read a table or
// type the migration alters or drops (the parser's reading of both), and the objects the
// database records as depending on those (pg_depend, through views' rewrite rules and row
// types, transitively). Internal to the planner.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "code/objects.h"
#include "migrate/migration_file.h"
#include "pg/connection.h"
#include "pgcrate/status.h"

namespace pgcrate::code::internal {

// object index -> why, for one migration.
using Impact = std::map<size_t, std::string>;

Result<Impact> MigrationImpact(pg::Connection& conn, const CodeSet& code,
                               const migrate::MigrationFile& migration,
                               const std::vector<std::string>& search_path);

}  // namespace pgcrate::code::internal

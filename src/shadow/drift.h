// Drift detection's engine: the catalog that the migration files produce and the one that the
// desired-schema SQL files produce, each built in a shadow database (shadow.h), ready to be
// compared with diff::PlanMigration (`migrate check`, `migrate autogenerate`; the commands are
// app/drift/).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "catalog/model.h"
#include "migrate/migration_file.h"
#include "pg/connection.h"
#include "pgcrate/status.h"
#include "shadow/shadow.h"

namespace pgcrate::shadow {

// Applies `files` (up sections, in order) to `db` and returns its catalog. Errors name the
// migration file and line.
// `then` (optional) runs on the shadow database after the migrations, before its catalog is
// read (`migrate check` creates the code folder's objects there with it).
Result<catalog::Catalog> CatalogAfterMigrations(
    ShadowDatabase& db, const std::vector<migrate::MigrationFile>& files,
    const std::function<Status(pg::Connection&)>& then = {});

// Runs every *.sql file under `dir` (recursively, in path order) in `db` and returns its
// catalog. A failing statement is reported at file:line:column.
Result<catalog::Catalog> CatalogFromSqlFiles(ShadowDatabase& db, const std::string& dir);

// How many of `files` the tracking table of `conn` does not list (all of them when it has no
// tracking table yet).
size_t CountPending(pg::Connection& conn, const std::vector<migrate::MigrationFile>& files);

}  // namespace pgcrate::shadow

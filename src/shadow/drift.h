// Drift detection and autogeneration through shadow databases:
// - `migrate check`: every migration file applied to a shadow database, whose catalog is
//   compared with the target database's; drift = any difference (someone changed the
//   database by hand, or migrations are pending).
// - `migrate autogenerate NAME`: the desired state (the SQL files under [paths] schema) loaded
//   into one shadow database and the migrations into another; the difference becomes a new
//   migration (up: migrations -> desired, down: the reverse), or "no changes".
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/session.h"
#include "catalog/model.h"
#include "migrate/migration_file.h"
#include "pgcrate/status.h"
#include "shadow/shadow.h"

namespace pgcrate::shadow {

// A shadow database for this session's server (falling back to the dev cluster).
Result<std::unique_ptr<ShadowDatabase>> CreateForSession(app::Session& session);

// Applies `files` (up sections, in order) to `db` and returns its catalog. Errors name the
// migration file and line.
Result<catalog::Catalog> CatalogAfterMigrations(app::Session& session, ShadowDatabase& db,
                                                const std::vector<migrate::MigrationFile>& files);

// Runs every *.sql file under `dir` (recursively, in path order) in `db` and returns its
// catalog. A failing statement is reported at file:line:column.
Result<catalog::Catalog> CatalogFromSqlFiles(ShadowDatabase& db, const std::string& dir);

// A project path ([paths] value) resolved against the project root.
std::string ProjectPath(const app::Session& session, const std::string& path);

// `migrate check`; `drifted` is set on success.
Status RunMigrateCheck(app::Session& session, bool& drifted);

// `migrate autogenerate NAME`; `changed` is false when there is nothing to write.
Status RunAutogenerate(app::Session& session, const std::string& name, bool& changed);

}  // namespace pgcrate::shadow

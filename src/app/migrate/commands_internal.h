// Helpers shared by the migrate command files (commands_*.cc) and the code commands (app/code:
// the same files, connection and [migrate] options). Not a public API beyond those.
#pragma once

#include <string>
#include <vector>

#include "app/migrate/commands.h"
#include "app/migration_units.h"
#include "app/session.h"
#include "migrate/apply.h"
#include "migrate/migration_file.h"
#include "migrate/runner.h"
#include "migrate/store.h"

namespace pgcrate::migrate::internal {

// The migrations directory ([paths] migrations, relative to the working directory).
std::string MigrationsDir(app::Session& session);
// Every migration file of the project, validated; skipped entries are warned about.
Result<std::vector<MigrationFile>> LoadFiles(app::Session& session);

// The project's files and the connection, with the files read on another thread while the
// connection is being established (both cost milliseconds; together they overlap).
struct FilesAndConnection {
  std::vector<MigrationFile> files;
  pg::Connection* conn = nullptr;
};
// `with_sql` false: the files' up_sql/down_sql stay empty (for commands that only compare).
Result<FilesAndConnection> LoadFilesAndConnect(app::Session& session, bool with_sql = true);
LockOptions MakeLockOptions(app::Session& session, const LockFlags& flags);
// Safety settings from [migrate], lock retries from the flag (when >= 0) or [migrate].
ApplyOptions MakeApplyOptions(app::Session& session, int lock_retries_flag);

// `inner` followed by the code-folder check (code_gate.cc) when [paths] code exists: a pending
// migration that alters or drops what code objects depend on stops `migrate up`.
PendingCheck WithCodeGate(app::Session& session, pg::Connection& conn, PendingCheck inner);

// The units (project migrations and modules) live in app/migration_units.h, shared with lint.
using app::HasModules;
using app::LoadUnitFiles;
using app::LoadUnitsAndConnect;
using app::SelectUnits;
using app::TrackingSeen;
using app::Unit;
using app::UnitPrefix;
using app::UnitsAndConnection;

// "3 migrations" / "1 migration".
std::string Plural(size_t n, const std::string& word);

}  // namespace pgcrate::migrate::internal

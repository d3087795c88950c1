// The sets of migrations the migrate commands (app/migrate) and `migrate lint` (app/lint) act
// on: the project's own migrations and each [modules.<name>] of pgcrate.toml.
#pragma once

#include <string>
#include <vector>

#include "app/session.h"
#include "migrate/migration_file.h"
#include "migrate/store.h"
#include "pgcrate/status.h"

namespace pgcrate::app {

using migrate::DiscoverOptions;
using migrate::MigrationFile;
using migrate::Tracking;

// One set of migrations a migrate command acts on: the project's own ([paths] migrations, 14-digit
// versions, tracked as module "") or a [modules.<name>] section (pgdbm's version patterns,
// templates expanded in its schema, tracked under its name, in <schema>.schema_migrations with
// tracking = "schema").
struct Unit {
  std::string module;  // "" = the project's own migrations
  std::string dir;
  std::string schema;  // a module's schema ("" for the project): templates, recorded state
  DiscoverOptions discover;
  Tracking tracking;
};

// The units a command acts on: with `module` set, that module only (kUsage naming the
// configured ones when unknown); else the project's migrations (skipped when modules are
// configured and its directory does not exist) followed by every module in config order.
Result<std::vector<Unit>> SelectUnits(app::Session& session, const std::string& module);
// True when pgcrate.toml configures modules (commands then group their output by module).
bool HasModules(app::Session& session);
// The unit's files (with_sql as for DiscoverMigrations); skipped entries are warned about.
Result<std::vector<MigrationFile>> LoadUnitFiles(app::Session& session, const Unit& unit,
                                                 bool with_sql = true);
// The files of every unit (read on another thread while connecting, as LoadFilesAndConnect).
struct UnitsAndConnection {
  std::vector<std::vector<MigrationFile>> files;  // parallel to the units
  pg::Connection* conn = nullptr;
};
// `while_reading`, when given, runs on the connection as soon as it is open, while the files
// are still being read (a read of the tracking rows, which does not need them); its error is
// returned after the files' and the connection's.
Result<UnitsAndConnection> LoadUnitsAndConnect(
    app::Session& session, const std::vector<Unit>& units, bool with_sql = true,
    const std::function<Status(pg::Connection&)>& while_reading = nullptr);
// Whether the tracking table `t` was there, at the database `conn` is connected to, the last time
// a command of this project read it: migrate::ReadApplied's hint, kept between runs as an empty
// file under .pgcrate/cache (tracking-<hash of host, port, database and table>). Only a hint: a
// wrong one costs a failed statement, never a wrong answer.
class TrackingSeen {
 public:
  TrackingSeen(app::Session& session, const pg::Connection& conn, const Tracking& t);
  bool seen() const { return seen_; }
  // Records what a read found; the file is written or removed only when that changed.
  void Update(bool seen) const;

 private:
  std::string path_;
  bool seen_ = false;
};

// "module auth: " for a module's messages, "" for the project's.
std::string UnitPrefix(const Unit& unit);

}  // namespace pgcrate::app

// The sets of migrations the migrate commands act on: the project's own and its modules.
#include "app/migration_units.h"

#include <filesystem>
#include <future>

#include "base/files.h"
#include "base/strings.h"

namespace pgcrate::app {

using migrate::Naming;
namespace {

Unit ProjectUnit(Session& session) {
  Unit u;
  u.dir = session.config().paths.migrations;
  return u;
}

Unit ModuleUnit(const config::Module& m) {
  Unit u;
  u.module = m.name;
  u.dir = m.migrations;
  u.schema = m.schema;
  u.discover.naming = Naming::kModule;
  u.discover.templates.module = true;
  u.discover.templates.schema = m.schema;
  u.tracking.module = m.name;
  if (m.schema_tracking) u.tracking.schema = m.schema;
  return u;
}

}  // namespace

bool HasModules(Session& session) {
  (void)session.LoadConfig();
  return !session.config().modules.empty();
}

Result<std::vector<Unit>> SelectUnits(Session& session, const std::string& module) {
  PGCRATE_RETURN_IF_ERROR(session.LoadConfig());
  const auto& modules = session.config().modules;
  std::vector<Unit> out;
  if (!module.empty()) {
    std::vector<std::string> names;
    for (const auto& m : modules) {
      if (m.name == module) return std::vector<Unit>{ModuleUnit(m)};
      names.push_back(m.name);
    }
    std::string guess = base::ClosestMatch(module, names);
    return Status(Code::kUsage, "no module named '" + module + "' in pgcrate.toml" +
                                    (guess.empty() ? "." : " (did you mean '" + guess + "'?)."))
        .WithHint(names.empty() ? "declare one with [modules.NAME] migrations = \"...\"."
                                : "configured modules: " + base::Join(names, ", ") + ".");
  }
  Unit project = ProjectUnit(session);
  std::error_code ec;
  if (modules.empty() || std::filesystem::is_directory(project.dir, ec)) out.push_back(project);
  for (const auto& m : modules) {
    if (m.migrations == project.dir) {
      return Status(Code::kConfig, "[modules." + m.name +
                                       "] uses the project's own migrations "
                                       "directory " +
                                       m.migrations + ".")
          .WithHint("give the module its own directory.");
    }
    out.push_back(ModuleUnit(m));
  }
  return out;
}

namespace {

// The project's .pgcrate/cache directory (the file cache and the tracking-table hints).
std::string CacheDir(Session& session) {
  const std::string& root = session.config().project_root;
  return base::JoinPath(root.empty() ? "." : root, ".pgcrate/cache");
}

// How `unit`'s files are read: without SQL, through the project's file cache
// (.pgcrate/cache/migrations-<hash of the directory>.tsv, migrate/migration_cache.h).
DiscoverOptions DiscoverFor(Session& session, const Unit& unit, bool with_sql) {
  DiscoverOptions o = unit.discover;
  o.with_sql = with_sql;
  if (!with_sql) {
    o.cache_file =
        base::JoinPath(CacheDir(session),
                       "migrations-" + base::FingerprintHex(base::AbsolutePath(unit.dir)) + ".tsv");
  }
  return o;
}

}  // namespace

Result<std::vector<MigrationFile>> LoadUnitFiles(Session& session, const Unit& unit,
                                                 bool with_sql) {
  std::vector<std::string> warnings;
  DiscoverOptions o = DiscoverFor(session, unit, with_sql);
  auto files = migrate::DiscoverMigrations(unit.dir, o, &warnings);
  for (const auto& w : warnings) session.out().Warn(w);
  return files;
}

Result<UnitsAndConnection> LoadUnitsAndConnect(
    Session& session, const std::vector<Unit>& units, bool with_sql,
    const std::function<Status(pg::Connection&)>& while_reading) {
  using Files = std::vector<MigrationFile>;
  std::vector<std::string> warnings;
  std::vector<DiscoverOptions> options;
  for (const auto& u : units) options.push_back(DiscoverFor(session, u, with_sql));
  auto pending = std::async(std::launch::async, [&units, &warnings, &options] {
    std::vector<Files> out;
    for (size_t i = 0; i < units.size(); ++i) {
      const Unit& u = units[i];
      const DiscoverOptions& o = options[i];
      auto files = migrate::DiscoverMigrations(u.dir, o, &warnings);
      if (!files.ok()) return Result<std::vector<Files>>(files.status());
      out.push_back(std::move(files).value());
    }
    return Result<std::vector<Files>>(std::move(out));
  });
  auto conn = session.Connect();
  Status read = conn.ok() && while_reading ? while_reading(*conn.value()) : Status::Ok();
  auto files = pending.get();
  for (const auto& w : warnings) session.out().Warn(w);
  if (!files.ok()) return files.status();
  if (!conn.ok()) return conn.status();
  PGCRATE_RETURN_IF_ERROR(read);
  return UnitsAndConnection{std::move(files).value(), conn.value()};
}

TrackingSeen::TrackingSeen(Session& session, const pg::Connection& conn, const Tracking& t) {
  std::string key =
      conn.host() + '\n' + conn.port() + '\n' + conn.database() + '\n' + t.QualifiedTable();
  path_ = base::JoinPath(CacheDir(session), "tracking-" + base::FingerprintHex(key));
  seen_ = base::Exists(path_);
}

void TrackingSeen::Update(bool seen) const {
  if (seen == seen_) return;
  if (!seen) {
    (void)base::RemoveAll(path_);  // best effort, as the file cache: a hint, not a record
    return;
  }
  if (base::MakeDirs(path_.substr(0, path_.rfind('/'))).ok()) {
    (void)base::WriteFile(path_, "", /*overwrite=*/true);
  }
}

std::string UnitPrefix(const Unit& unit) {
  return unit.module.empty() ? std::string() : "module " + unit.module + ": ";
}

}  // namespace pgcrate::app

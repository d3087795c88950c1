// migrate new / baseline / stamp: creating migration files and recording migrations as
// applied without running them.
#include <nlohmann/json.hpp>

#include "app/migrate/commands.h"
#include "app/migrate/commands_internal.h"
#include "migrate/create_file.h"

namespace pgcrate::migrate {
namespace {

using internal::Plural;
using nlohmann::ordered_json;

Status ReportMarked(const output::Output& out, const RunResult& r, const char* what) {
  if (out.json()) {
    ordered_json list = ordered_json::array();
    for (const auto* f : r.planned) list.push_back({{"version", f->version}, {"name", f->name}});
    out.Json({{"recorded", list}, {"count", list.size()}});
  } else if (!out.mode().quiet) {
    std::string text = r.planned.empty()
                           ? std::string(
                                 "Nothing to record: every migration is "
                                 "already applied.")
                           : std::string(what) + " " + Plural(r.planned.size(), "migration") +
                                 " as applied (not run):";
    for (const auto* f : r.planned) text += "\n  " + f->file_name;
    out.Data(text);
  }
  return Status::Ok();
}

Status RequireYes(bool yes, const std::string& command) {
  if (yes) return Status::Ok();
  return Status(Code::kUsage, "migrate " + command +
                                  " records migrations as applied without "
                                  "running them; pass --yes to confirm.");
}

}  // namespace

Status RunNew(app::Session& session, const NewCommandOptions& o) {
  PGCRATE_RETURN_IF_ERROR(session.LoadConfig());
  std::string name = SanitizeName(o.name);
  if (name.empty()) {
    return Status(Code::kUsage, "the migration name '" + o.name + "' has no letters or digits.")
        .WithHint("e.g. `pgcrate migrate new create_users`.");
  }
  bool with_down = o.with_down || session.config().with_down;
  std::string dir = internal::MigrationsDir(session);
  Naming naming = Naming::kTimestamp;
  if (!o.module.empty()) {
    auto units = internal::SelectUnits(session, o.module);
    if (!units.ok()) return units.status();
    dir = units->front().dir;
    naming = Naming::kModule;
  }
  auto created = CreateMigrationFile(dir, naming, name, NewMigrationText(name, with_down));
  if (!created.ok()) return created.status();
  const std::string& path = created->path;
  const std::string& version = created->version;
  if (session.out().json()) {
    ordered_json doc = {
        {"path", path}, {"version", version}, {"name", name}, {"with_down", with_down}};
    if (!o.module.empty()) doc["module"] = o.module;
    session.out().Json(doc);
  } else {
    session.out().Data(path);
  }
  return Status::Ok();
}

namespace {

// The one unit baseline/stamp act on: --module's, else the project's own migrations.
Result<internal::Unit> MarkUnit(app::Session& session, const std::string& module) {
  auto units = internal::SelectUnits(session, module);
  if (!units.ok()) return units.status();
  if (!module.empty()) return units->front();
  internal::Unit project;
  project.dir = internal::MigrationsDir(session);
  return project;
}

}  // namespace

Status RunBaseline(app::Session& session, const MarkCommandOptions& o) {
  PGCRATE_RETURN_IF_ERROR(RequireYes(o.yes, "baseline"));
  auto unit = MarkUnit(session, o.module);
  if (!unit.ok()) return unit.status();
  auto files = internal::LoadUnitFiles(session, unit.value(), /*with_sql=*/false);
  if (!files.ok()) return files.status();
  PGCRATE_RETURN_IF_ERROR(session.CheckProductionGate(true, o.yes, "migrate baseline"));
  auto conn = session.Connect();
  if (!conn.ok()) return conn.status();
  RunResult r;
  PGCRATE_RETURN_IF_ERROR(Baseline(*conn.value(), files.value(), o.version,
                                   internal::MakeLockOptions(session, o.lock), &r, unit->tracking));
  return ReportMarked(session.out(), r, "Recorded");
}

Status RunStamp(app::Session& session, const MarkCommandOptions& o) {
  PGCRATE_RETURN_IF_ERROR(RequireYes(o.yes, "stamp"));
  auto unit = MarkUnit(session, o.module);
  if (!unit.ok()) return unit.status();
  auto files = internal::LoadUnitFiles(session, unit.value(), /*with_sql=*/false);
  if (!files.ok()) return files.status();
  PGCRATE_RETURN_IF_ERROR(session.CheckProductionGate(true, o.yes, "migrate stamp"));
  auto conn = session.Connect();
  if (!conn.ok()) return conn.status();
  RunResult r;
  PGCRATE_RETURN_IF_ERROR(Stamp(*conn.value(), files.value(), o.version,
                                internal::MakeLockOptions(session, o.lock), &r, unit->tracking));
  return ReportMarked(session.out(), r, "Stamped");
}

}  // namespace pgcrate::migrate

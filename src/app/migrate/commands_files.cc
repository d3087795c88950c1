// migrate new / baseline / stamp: creating migration files and recording migrations as
// applied without running them.
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "app/migrate/commands.h"
#include "app/migrate/commands_internal.h"
#include "base/clock.h"
#include "base/files.h"

namespace pgcrate::migrate {
namespace {

using internal::Plural;
using nlohmann::ordered_json;

// Whether an entry of `dir` already uses `version` (its name starts with the 14 digits).
bool VersionTaken(const std::string& dir, const std::string& version) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::string n = it->path().filename().string();
    if (n.size() > version.size() && n.compare(0, version.size(), version) == 0 &&
        !std::isdigit(static_cast<unsigned char>(n[version.size()]))) {
      return true;
    }
  }
  return false;
}

// Creates `dir`/VERSION_`name`.sql for the first free version at or after the current time.
// Safe against concurrent `migrate new`: a version is reserved with an exclusively created
// hidden lock file before its migration file is created (exclusively too) and released only
// after, so two runs never share a version nor overwrite a file. `path`/`version` get the
// result.
Status CreateMigration(const std::string& dir, const std::string& name, const std::string& text,
                       std::string& path, std::string& version) {
  std::time_t t = std::time(nullptr);
  for (int attempt = 0; attempt < 1000; ++attempt, ++t) {
    version = base::MigrationTimestamp(t);
    if (VersionTaken(dir, version)) continue;
    std::string lock = base::JoinPath(dir, ".pgcrate-new-" + version + ".lock");
    Status reserved = base::CreateNewFile(lock, "");
    if (reserved.code() == Code::kConflict) continue;
    PGCRATE_RETURN_IF_ERROR(reserved);
    path = base::JoinPath(dir, version + "_" + name + ".sql");
    // Another run may have created its file and released the version in between.
    Status st = VersionTaken(dir, version) ? Status(Code::kConflict, "taken")
                                           : base::CreateNewFile(path, text);
    ::unlink(lock.c_str());
    if (st.code() == Code::kConflict) continue;
    return st;
  }
  return Status(Code::kConflict, "no free migration version found in " + dir + ".");
}

std::string Template(const std::string& name, bool with_down) {
  std::string text = "-- " + name +
                     "\n-- Only comments and blank lines may come before `-- up`.\n"
                     "\n-- up\n\n";
  if (with_down) text += "\n-- down\n\n";
  return text;
}

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
  std::string dir = internal::MigrationsDir(session);
  PGCRATE_RETURN_IF_ERROR(base::MakeDirs(dir));
  bool with_down = o.with_down || session.config().with_down;
  std::string path, version;
  PGCRATE_RETURN_IF_ERROR(CreateMigration(dir, name, Template(name, with_down), path, version));
  if (session.out().json()) {
    session.out().Json(
        {{"path", path}, {"version", version}, {"name", name}, {"with_down", with_down}});
  } else {
    session.out().Data(path);
  }
  return Status::Ok();
}

Status RunBaseline(app::Session& session, const MarkCommandOptions& o) {
  PGCRATE_RETURN_IF_ERROR(RequireYes(o.yes, "baseline"));
  auto files = internal::LoadFiles(session);
  if (!files.ok()) return files.status();
  PGCRATE_RETURN_IF_ERROR(session.CheckProductionGate(true, o.yes, "migrate baseline"));
  auto conn = session.Connect();
  if (!conn.ok()) return conn.status();
  RunResult r;
  PGCRATE_RETURN_IF_ERROR(Baseline(*conn.value(), files.value(), o.version,
                                   internal::MakeLockOptions(session, o.lock), &r));
  return ReportMarked(session.out(), r, "Recorded");
}

Status RunStamp(app::Session& session, const MarkCommandOptions& o) {
  PGCRATE_RETURN_IF_ERROR(RequireYes(o.yes, "stamp"));
  auto files = internal::LoadFiles(session);
  if (!files.ok()) return files.status();
  PGCRATE_RETURN_IF_ERROR(session.CheckProductionGate(true, o.yes, "migrate stamp"));
  auto conn = session.Connect();
  if (!conn.ok()) return conn.status();
  RunResult r;
  PGCRATE_RETURN_IF_ERROR(Stamp(*conn.value(), files.value(), o.version,
                                internal::MakeLockOptions(session, o.lock), &r));
  return ReportMarked(session.out(), r, "Stamped");
}

}  // namespace pgcrate::migrate

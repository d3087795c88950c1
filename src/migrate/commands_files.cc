// migrate new / baseline / stamp: creating migration files and recording migrations as
// applied without running them.
#include <cctype>
#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>
#include <set>

#include "base/clock.h"
#include "base/files.h"
#include "migrate/commands.h"
#include "migrate/commands_internal.h"

namespace pgcrate::migrate {
namespace {

using internal::Plural;
using nlohmann::ordered_json;

// Versions already used in `dir` (any *.sql whose name starts with 14 digits).
std::set<std::string> UsedVersions(const std::string& dir) {
  std::set<std::string> used;
  auto files = DiscoverMigrations(dir);
  if (files.ok()) {
    for (const auto& f : files.value()) used.insert(f.version);
  }
  return used;
}

std::string Template(const std::string& name, bool with_down) {
  std::string text = "-- " + name + "\n-- Only comments and blank lines may come before `-- up`.\n"
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
    std::string text = r.planned.empty() ? std::string("Nothing to record: every migration is "
                                                       "already applied.")
                                         : std::string(what) + " " +
                                               Plural(r.planned.size(), "migration") +
                                               " as applied (not run):";
    for (const auto* f : r.planned) text += "\n  " + f->file_name;
    out.Data(text);
  }
  return Status::Ok();
}

Status RequireYes(bool yes, const std::string& command) {
  if (yes) return Status::Ok();
  return Status(Code::kUsage, "migrate " + command + " records migrations as applied without "
                                                     "running them; pass --yes to confirm.");
}

}  // namespace

std::string SanitizeName(const std::string& name) {
  std::string out;
  for (unsigned char c : name) {
    if (std::isalnum(c)) {
      out += static_cast<char>(std::tolower(c));
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

Status RunNew(app::Session& session, const NewCommandOptions& o) {
  PGCRATE_RETURN_IF_ERROR(session.LoadConfig());
  std::string name = SanitizeName(o.name);
  if (name.empty()) {
    return Status(Code::kUsage, "the migration name '" + o.name + "' has no letters or digits.")
        .WithHint("e.g. `pgcrate migrate new create_users`.");
  }
  std::string dir = internal::MigrationsDir(session);
  PGCRATE_RETURN_IF_ERROR(base::MakeDirs(dir));
  std::set<std::string> used = UsedVersions(dir);
  std::time_t t = std::time(nullptr);
  // Two files in one second get distinct versions.
  while (used.count(base::MigrationTimestamp(t))) ++t;
  std::string version = base::MigrationTimestamp(t);
  std::string path = base::JoinPath(dir, version + "_" + name + ".sql");
  bool with_down = o.with_down || session.config().with_down;
  PGCRATE_RETURN_IF_ERROR(base::WriteFile(path, Template(name, with_down), false));
  if (session.out().json()) {
    session.out().Json({{"path", path}, {"version", version}, {"name", name},
                        {"with_down", with_down}});
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

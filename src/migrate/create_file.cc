#include "migrate/create_file.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <filesystem>

#include "base/clock.h"
#include "base/files.h"

namespace pgcrate::migrate {
namespace {

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

// Reservations left by a `migrate new` that was killed between creating its lock and removing
// it: a live one lasts milliseconds, so a lock older than a minute is removed.
void RemoveStaleLocks(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  auto now = fs::file_time_type::clock::now();
  fs::directory_iterator it(dir, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::string n = it->path().filename().string();
    if (!n.starts_with(".pgcrate-new-") || !n.ends_with(".lock")) continue;
    std::error_code e2;
    auto written = fs::last_write_time(it->path(), e2);
    if (!e2 && now - written > std::chrono::minutes(1)) fs::remove(it->path(), e2);
  }
}

// The lock file reserves the version until the migration file exists.
Result<CreatedFile> CreateTimestamped(const std::string& dir, const std::string& name,
                                      const std::string& text) {
  RemoveStaleLocks(dir);
  std::time_t t = std::time(nullptr);
  for (int attempt = 0; attempt < 1000; ++attempt, ++t) {
    CreatedFile out;
    out.version = base::MigrationTimestamp(t);
    if (VersionTaken(dir, out.version)) continue;
    std::string lock = base::JoinPath(dir, ".pgcrate-new-" + out.version + ".lock");
    Status reserved = base::CreateNewFile(lock, "");
    if (reserved.code() == Code::kConflict) continue;
    PGCRATE_RETURN_IF_ERROR(reserved);
    out.path = base::JoinPath(dir, out.version + "_" + name + ".sql");
    // Another run may have created its file and released the version in between.
    Status st = VersionTaken(dir, out.version) ? Status(Code::kConflict, "taken")
                                               : base::CreateNewFile(out.path, text);
    ::unlink(lock.c_str());
    if (st.code() == Code::kConflict) continue;
    if (!st.ok()) return st;
    return out;
  }
  return Status(Code::kConflict, "no free migration version found in " + dir + ".");
}

std::string NextModuleVersion(const std::vector<MigrationFile>& files) {
  unsigned long long next = 1;
  size_t width = 3;
  for (const auto& f : files) {
    if (f.version.empty() || f.version.size() > 18 ||
        f.version.find_first_not_of("0123456789") != std::string::npos) {
      continue;
    }
    next = std::max(next, std::stoull(f.version) + 1);
    width = f.version.size();
  }
  std::string v = std::to_string(next);
  return v.size() < width ? std::string(width - v.size(), '0') + v : v;
}

Result<CreatedFile> CreateNumbered(const std::string& dir, const std::string& name,
                                   const std::string& text) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    DiscoverOptions o;
    o.with_sql = false;
    o.naming = Naming::kModule;
    std::vector<std::string> warnings;
    auto files = DiscoverMigrations(dir, o, &warnings);
    if (!files.ok()) return files.status();
    CreatedFile out;
    out.version = NextModuleVersion(files.value());
    out.path = base::JoinPath(dir, out.version + "_" + name + ".sql");
    Status st = base::CreateNewFile(out.path, text);
    if (st.code() == Code::kConflict) continue;  // a parallel run took it: the next number
    if (!st.ok()) return st;
    return out;
  }
  return Status(Code::kConflict, "no free migration version found in " + dir + ".");
}

}  // namespace

Result<CreatedFile> CreateMigrationFile(const std::string& dir, Naming naming,
                                        const std::string& name, const std::string& text) {
  if (name.empty()) return Status(Code::kUsage, "the migration name is empty.");
  PGCRATE_RETURN_IF_ERROR(base::MakeDirs(dir));
  return naming == Naming::kModule ? CreateNumbered(dir, name, text)
                                   : CreateTimestamped(dir, name, text);
}

std::string NewMigrationText(const std::string& name, bool with_down) {
  std::string text = "-- " + name +
                     "\n-- Only comments and blank lines may come before `-- up`.\n"
                     "\n-- up\n\n";
  if (with_down) text += "\n-- down\n\n";
  return text;
}

}  // namespace pgcrate::migrate

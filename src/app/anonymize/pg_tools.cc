#include "app/anonymize/pg_tools.h"

#include <algorithm>
#include <filesystem>
#include <vector>

#include "base/process.h"

namespace pgcrate::app {
namespace {

constexpr const char* kDebianDir = "/usr/lib/postgresql";

// /usr/lib/postgresql/<N>/bin, newest first.
std::vector<std::string> VersionedDirs() {
  std::vector<std::pair<int, std::string>> found;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(kDebianDir, ec)) {
    std::string v = entry.path().filename().string();
    if (v.empty() || !std::all_of(v.begin(), v.end(), ::isdigit)) continue;
    found.emplace_back(std::stoi(v), entry.path().string() + "/bin");
  }
  std::sort(found.rbegin(), found.rend());
  std::vector<std::string> dirs;
  for (auto& [v, d] : found) dirs.push_back(d);
  return dirs;
}

}  // namespace

Result<std::string> FindPgTool(const std::string& name, const std::string& configured,
                               const std::string& key) {
  if (!configured.empty()) {
    std::string path = base::FindProgram(configured);
    if (path.empty()) {
      return Status(Code::kConfig,
                    "[tools] " + key + " = \"" + configured + "\" is not an executable program.");
    }
    return path;
  }
  std::string path = base::FindProgram(name, VersionedDirs());
  if (path.empty()) {
    return Status(Code::kNotFound,
                  name + " was not found in " + kDebianDir + "/<version>/bin or PATH.")
        .WithHint("install the PostgreSQL client (postgresql-client) or set [tools] " + key +
                  " in pgcrate.toml.");
  }
  return path;
}

Result<int> PgToolMajorVersion(const std::string& program) {
  auto r = base::RunProcess({program, "--version"});
  if (!r.ok()) return r.status();
  // "pg_dump (PostgreSQL) 15.4 (Debian 15.4-1)": the first number.
  const std::string& out = r->output;
  size_t i = out.find(") ");
  i = i == std::string::npos ? 0 : i + 2;
  while (i < out.size() && !::isdigit(static_cast<unsigned char>(out[i]))) ++i;
  int major = 0;
  while (i < out.size() && ::isdigit(static_cast<unsigned char>(out[i]))) {
    major = major * 10 + (out[i++] - '0');
  }
  if (r->exit_code != 0 || major == 0) {
    return Status(Code::kIo, "cannot read the version of " + program + " (" + program +
                                 " --version exited " + std::to_string(r->exit_code) + ").");
  }
  return major;
}

Status CheckToolVersion(const std::string& program, int tool_major, int server_version,
                        const std::string& key) {
  int server_major = server_version / 10000;
  if (tool_major >= server_major) return Status::Ok();
  return Status(Code::kConfig, program + " is version " + std::to_string(tool_major) +
                                   " and the server is version " + std::to_string(server_major) +
                                   "; " + key + " must not be older than the server.")
      .WithHint("install the PostgreSQL " + std::to_string(server_major) +
                " client or point [tools] " + key + " at it.");
}

}  // namespace pgcrate::app

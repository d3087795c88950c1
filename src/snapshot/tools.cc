#include "snapshot/tools.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <optional>

#include "base/files.h"
#include "base/process.h"
#include "base/strings.h"
#include "pg/program_version.h"

namespace pgcrate::snapshot {
namespace {

// The Debian versioned directories holding `name`, newest major first.
std::vector<std::string> VersionedCandidates(const std::string& root, const std::string& name) {
  std::vector<std::pair<int, std::string>> found;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(root, ec)) {
    std::string dir = entry.path().filename().string();
    if (dir.empty() || !std::isdigit(static_cast<unsigned char>(dir[0]))) continue;
    std::string path = base::JoinPath(base::JoinPath(entry.path().string(), "bin"), name);
    if (base::Exists(path)) found.emplace_back(std::atoi(dir.c_str()), path);
  }
  std::sort(found.rbegin(), found.rend());
  std::vector<std::string> out;
  for (auto& f : found) out.push_back(f.second);
  return out;
}

bool Newer(const Tool& a, const Tool& b) {
  std::vector<std::string> pa = base::Split(a.version, '.'), pb = base::Split(b.version, '.');
  for (size_t i = 0; i < std::min(pa.size(), pb.size()); ++i) {
    int x = std::atoi(pa[i].c_str()), y = std::atoi(pb[i].c_str());
    if (x != y) return x > y;
  }
  return pa.size() > pb.size();
}

Status TooOld(const std::string& name, const Tool& t, int min_major, const std::string& min_what) {
  return Status(Code::kRefused, name + " " + t.version + " (" + t.path + ", from " + t.origin +
                                    ") is older than " + min_what + " (PostgreSQL " +
                                    std::to_string(min_major) + "); " + name + " must be version " +
                                    std::to_string(min_major) + " or newer.")
      .WithHint("set [tools] " + name + " in pgcrate.toml to the path of a " + name + " " +
                std::to_string(min_major) + " or newer (Debian: apt install postgresql-client-" +
                std::to_string(min_major) + ").");
}

}  // namespace

Result<Tool> FindTool(const std::string& name, const std::string& configured, int min_major,
                      const std::string& min_what, const std::string& versioned_root) {
  if (!configured.empty()) {
    if (!base::Exists(configured)) {
      return Status(Code::kNotFound,
                    "[tools] " + name + " is " + configured + ", which does not exist.");
    }
    auto t = pg::ProbeProgram(configured, "[tools] " + name);
    if (!t.ok()) return t.status();
    if (t->major < min_major) return TooOld(name, *t, min_major, min_what);
    return t;
  }
  // The versioned directories newest first: the first that runs is the newest of them. PATH's
  // (on Debian a wrapper choosing a version itself) only when none of them is new enough.
  std::optional<Tool> best;
  for (const std::string& path : VersionedCandidates(versioned_root, name)) {
    auto t = pg::ProbeProgram(path, path.substr(0, path.rfind('/')));
    if (!t.ok()) continue;
    best = *t;
    break;
  }
  if (std::string in_path = base::FindProgram(name);
      !in_path.empty() && (!best || best->major < min_major)) {
    auto t = pg::ProbeProgram(in_path, "PATH");
    if (t.ok() && (!best || Newer(*t, *best))) best = *t;
  }
  if (!best) {
    return Status(Code::kNotFound,
                  name + " was not found in PATH nor in " + versioned_root + "/<version>/bin.")
        .WithHint(
            "install the PostgreSQL client (Debian: apt install postgresql-client) or set "
            "[tools] " +
            name + " in pgcrate.toml.");
  }
  if (best->major < min_major) return TooOld(name, *best, min_major, min_what);
  return *best;
}

}  // namespace pgcrate::snapshot

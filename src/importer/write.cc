#include "importer/write.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>

#include "base/files.h"
#include "base/strings.h"

namespace pgcrate::importer {
namespace {

// The migration files already in `dir` by their 14-digit version prefix.
std::map<std::string, std::string> ExistingVersions(const std::string& dir) {
  namespace fs = std::filesystem;
  std::map<std::string, std::string> out;
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::string n = it->path().filename().string();
    if (n.size() > 15 && n[14] == '_' && base::EndsWith(n, ".sql")) out.emplace(n.substr(0, 14), n);
  }
  return out;
}

// The state of `w`'s target; the problem (for the conflict list) in `problem`.
Result<WriteState> Check(const FileWrite& w, std::string& problem) {
  if (!base::Exists(w.path)) return WriteState::kNew;
  auto bytes = base::ReadBytes(w.path);
  if (!bytes.ok()) return bytes.status();
  if (*bytes == *w.content) return WriteState::kUnchanged;
  problem = w.path + " exists with other content";
  return WriteState::kNew;
}

Status Conflicts(const std::vector<std::string>& problems) {
  std::string details = base::Join(problems, "\n");
  return Status(Code::kConflict,
                "cannot import: " + problems.front() +
                    (problems.size() > 1 ? " (and " + std::to_string(problems.size() - 1) + " more)"
                                         : "") +
                    "; nothing was written.")
      .WithDetails(details)
      .WithHint("pgcrate never overwrites a file: move the existing files away first.");
}

// Whether `dir` is missing or an empty directory.
bool MissingOrEmpty(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) return !ec;
  return std::filesystem::is_directory(dir, ec) && std::filesystem::is_empty(dir, ec) && !ec;
}

// A fresh migrations directory in one step: every file is created in a hidden sibling
// directory, which is then renamed onto `dir` (absent or empty), so the whole import appears at
// once (with the permissions of the empty directory it replaces) and each file costs one
// directory entry instead of three. `staged` false (and OK) when
// that cannot be done here; the caller then writes file by file.
Status WriteStaged(const std::vector<FileWrite>& files, const std::string& dir, bool& staged) {
  staged = false;
  if (files.empty() || !MissingOrEmpty(dir)) return Status::Ok();
  for (const FileWrite& w : files) {
    if (w.state != WriteState::kNew) return Status::Ok();
  }
  std::filesystem::path target(dir);
  std::string parent = target.parent_path().string();
  if (!parent.empty()) PGCRATE_RETURN_IF_ERROR(base::MakeDirs(parent));
  std::string staging = (target.parent_path() / ("." + target.filename().string() +
                                                 ".pgcrate-import-" + std::to_string(::getpid())))
                            .string();
  if (::mkdir(staging.c_str(), 0755) != 0) return Status::Ok();
  struct stat existing = {};
  if (::stat(dir.c_str(), &existing) == 0) (void)::chmod(staging.c_str(), existing.st_mode & 07777);
  for (const FileWrite& w : files) {
    std::string name = std::filesystem::path(w.path).filename().string();
    Status st = base::CreateFileDirect(base::JoinPath(staging, name), *w.content);
    if (!st.ok()) {
      (void)base::RemoveAll(staging);
      return st.Prefix("writing " + w.path + " (nothing kept): ");
    }
  }
  if (::rename(staging.c_str(), dir.c_str()) != 0) {  // e.g. a file appeared meanwhile
    (void)base::RemoveAll(staging);
    return Status::Ok();
  }
  staged = true;
  return Status::Ok();
}

}  // namespace

Result<WriteSet> PlanWrites(const ImportPlan& plan, const WriteTargets& targets) {
  WriteSet set;
  std::vector<std::string> problems;
  auto existing = ExistingVersions(targets.migrations_dir);
  for (const auto& m : plan.migrations) {
    FileWrite w{m.source, base::JoinPath(targets.migrations_dir, m.file.file_name), &m.content,
                WriteState::kNew};
    std::string problem;
    auto state = Check(w, problem);
    if (!state.ok()) return state.status();
    w.state = *state;
    auto same = existing.find(m.file.version);
    if (problem.empty() && same != existing.end() && same->second != m.file.file_name) {
      problem = base::JoinPath(targets.migrations_dir, same->second) + " already has version " +
                m.file.version + " (for " + m.file.file_name + ")";
    }
    if (!problem.empty()) problems.push_back(problem);
    set.migrations.push_back(w);
  }
  for (const auto& c : plan.code_files) {
    FileWrite w{c.source, base::JoinPath(targets.code_dir, c.relative_path), &c.content,
                WriteState::kNew};
    std::string problem;
    auto state = Check(w, problem);
    if (!state.ok()) return state.status();
    w.state = *state;
    if (!problem.empty()) problems.push_back(problem);
    set.code.push_back(w);
  }
  if (!problems.empty()) return Conflicts(problems);
  return set;
}

Status WriteFiles(const WriteSet& set) {
  bool staged = false;
  if (!set.migrations.empty()) {
    std::string dir = std::filesystem::path(set.migrations.front().path).parent_path().string();
    PGCRATE_RETURN_IF_ERROR(WriteStaged(set.migrations, dir, staged));
  }
  std::vector<const FileWrite*> todo;
  std::set<std::string> parents;
  for (const auto* list : {&set.migrations, &set.code}) {
    if (staged && list == &set.migrations) continue;
    for (const FileWrite& w : *list) {
      if (w.state != WriteState::kNew) continue;
      todo.push_back(&w);
      parents.insert(std::filesystem::path(w.path).parent_path().string());
    }
  }
  for (const auto& dir : parents) {
    if (!dir.empty()) PGCRATE_RETURN_IF_ERROR(base::MakeDirs(dir));
  }
  // One after the other: creates in one directory serialise on it anyway, and threads
  // contending for it only cost system time.
  for (size_t i = 0; i < todo.size(); ++i) {
    Status st = base::CreateNewFile(todo[i]->path, *todo[i]->content);
    if (st.ok()) continue;
    for (size_t k = 0; k < i; ++k) ::unlink(todo[k]->path.c_str());
    for (const FileWrite& w : set.migrations) {
      if (staged) ::unlink(w.path.c_str());
    }
    return st.Prefix("writing " + todo[i]->path + " (nothing kept): ");
  }
  return Status::Ok();
}

void RemoveWritten(const WriteSet& set) {
  for (const auto* list : {&set.migrations, &set.code}) {
    for (const FileWrite& w : *list) {
      if (w.state == WriteState::kNew) ::unlink(w.path.c_str());
    }
  }
}

}  // namespace pgcrate::importer

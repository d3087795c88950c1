#include "snapshot/store.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <tuple>

#include "base/files.h"
#include "base/parallel.h"
#include "base/sha256.h"
#include "base/strings.h"

namespace pgcrate::snapshot {

namespace fs = std::filesystem;

std::string SnapshotPath(const std::string& dir, const std::string& name) {
  return base::JoinPath(dir, name);
}

std::string TempFolder(const std::string& dir, const std::string& name) {
  return base::JoinPath(dir, "." + name + ".tmp-" + std::to_string(::getpid()));
}

std::vector<Listed> ListSnapshots(const std::string& dir) {
  std::vector<Listed> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (name.empty() || name[0] == '.' || !entry.is_directory(ec)) continue;
    Listed l;
    l.name = name;
    auto m = ReadManifest(entry.path().string());
    if (m.ok()) {
      l.manifest = std::move(m).value();
    } else {
      l.error = m.status().message();
    }
    out.push_back(std::move(l));
  }
  std::sort(out.begin(), out.end(), [](const Listed& a, const Listed& b) {
    return std::tie(a.manifest.created_at, a.name) < std::tie(b.manifest.created_at, b.name);
  });
  return out;
}

Result<Manifest> LoadSnapshot(const std::string& dir, const std::string& name) {
  std::string folder = SnapshotPath(dir, name);
  if (!base::IsDirectory(folder)) {
    return Status(Code::kNotFound, "no snapshot named \"" + name + "\" in " + dir + ".")
        .WithHint("`pgcrate snapshot list` shows the snapshots.");
  }
  auto m = ReadManifest(folder);
  if (!m.ok()) return m.status();
  if (m->name != name) {
    return Status(Code::kParse, base::JoinPath(folder, kManifestFile) + " names snapshot \"" +
                                    m->name + "\", not \"" + name + "\".");
  }
  return m;
}

Result<std::vector<FileInfo>> HashFiles(const std::string& folder) {
  std::vector<FileInfo> files;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(folder, ec)) {
    if (!e.is_regular_file()) continue;
    std::string rel = fs::relative(e.path(), folder).string();
    if (rel != kManifestFile) files.push_back({rel, 0, ""});
  }
  if (ec) return Status(Code::kIo, "cannot list " + folder + ": " + ec.message() + ".");
  std::sort(files.begin(), files.end(),
            [](const FileInfo& a, const FileInfo& b) { return a.path < b.path; });
  std::vector<Status> errors(files.size());
  base::ParallelFor(files.size(), 2, [&](size_t i) {
    auto d = base::Sha256File(base::JoinPath(folder, files[i].path));
    if (!d.ok()) {
      errors[i] = d.status();
      return;
    }
    files[i].sha256 = d->sha256;
    files[i].bytes = d->bytes;
  });
  for (const Status& st : errors) PGCRATE_RETURN_IF_ERROR(st);
  return files;
}

Status VerifyFiles(const std::string& folder, const Manifest& m) {
  if (m.files.empty()) {
    return Status(Code::kRefused, "snapshot \"" + m.name + "\" lists no files in " +
                                      base::JoinPath(folder, kManifestFile) + ".");
  }
  std::vector<std::string> problems(m.files.size());
  base::ParallelFor(m.files.size(), 2, [&](size_t i) {
    const FileInfo& f = m.files[i];
    if (f.path.empty() || f.path[0] == '/' || base::HasParentReference(f.path)) {
      problems[i] = "lists a file outside its folder (" + f.path + ")";
      return;
    }
    auto d = base::Sha256File(base::JoinPath(folder, f.path));
    if (!d.ok()) {
      problems[i] = d.status().code() == Code::kNotFound ? "is missing the file " + f.path
                                                         : d.status().message();
    } else if (d->sha256 != f.sha256 || d->bytes != f.bytes) {
      problems[i] = "has a corrupted file: " + f.path + " (its SHA-256 is " + d->sha256 +
                    ", the manifest says " + f.sha256 + ")";
    }
  });
  std::vector<std::string> found;
  for (const std::string& p : problems) {
    if (!p.empty() && found.size() < 5) found.push_back(p);
  }
  if (found.empty()) return Status::Ok();
  return Status(Code::kRefused, "snapshot \"" + m.name + "\" " + base::Join(found, "; it ") +
                                    "; nothing was restored.")
      .WithObject(folder);
}

Status PublishFolder(const std::string& from, const std::string& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) {
    return Status::Ok();
  }
  if (errno == EEXIST || errno == ENOTEMPTY) {
    return Status(Code::kConflict, to + " already exists.");
  }
  return Status(Code::kIo,
                "cannot rename " + from + " to " + to + ": " + std::strerror(errno) + ".");
}

Status RemoveSnapshot(const std::string& dir, const std::string& name) {
  std::string doomed = TempFolder(dir, name);
  PGCRATE_RETURN_IF_ERROR(PublishFolder(SnapshotPath(dir, name), doomed));
  return base::RemoveAll(doomed);
}

void RemoveStaleTempFolders(const std::string& dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    size_t at = name.rfind(".tmp-");
    if (name.empty() || name[0] != '.' || at == std::string::npos) continue;
    pid_t pid = static_cast<pid_t>(std::atol(name.c_str() + at + 5));
    if (pid <= 0 || (::kill(pid, 0) != 0 && errno == ESRCH)) {
      (void)base::RemoveAll(entry.path().string());
    }
  }
}

}  // namespace pgcrate::snapshot

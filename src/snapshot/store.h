// The snapshots directory ([snapshot] dir, default .pgcrate/snapshots): one folder per
// snapshot, written under a hidden temporary name (.<name>.tmp-<pid>) and renamed into place
// only when complete, so an interrupted save never appears as a snapshot. Listing, loading,
// hashing and verifying the folders.
#pragma once

#include <string>
#include <vector>

#include "pgcrate/status.h"
#include "snapshot/manifest.h"

namespace pgcrate::snapshot {

// <dir>/<name>.
std::string SnapshotPath(const std::string& dir, const std::string& name);
// <dir>/.<name>.tmp-<pid> for this process.
std::string TempFolder(const std::string& dir, const std::string& name);

struct Listed {
  std::string name;
  Manifest manifest;
  std::string error;  // "" when the manifest was read
};
// The snapshot folders of `dir` (hidden ones skipped), oldest first; a folder whose manifest
// cannot be read is listed with its error. A missing `dir` is an empty list.
std::vector<Listed> ListSnapshots(const std::string& dir);

// The manifest of snapshot `name`; kNotFound naming the directory when there is none.
Result<Manifest> LoadSnapshot(const std::string& dir, const std::string& name);

// SHA-256 and size of every regular file under `folder` except the manifest, by path.
Result<std::vector<FileInfo>> HashFiles(const std::string& folder);

// Checks every file the manifest lists against its SHA-256 (several at once). kRefused naming
// the first missing or corrupted file.
Status VerifyFiles(const std::string& folder, const Manifest& m);

// Renames `from` to `to` unless `to` exists (kConflict then).
Status PublishFolder(const std::string& from, const std::string& to);

// Deletes the snapshot folder <dir>/<name> (moved to a hidden name first, so a half-deleted
// folder never lists as a snapshot).
Status RemoveSnapshot(const std::string& dir, const std::string& name);

// Removes temporary folders of `dir` left by pgcrate processes that no longer run.
void RemoveStaleTempFolders(const std::string& dir);

}  // namespace pgcrate::snapshot

// Filesystem helpers that report failures as Status values naming the path.
#pragma once

#include <string>
#include <vector>

#include "pgcrate/status.h"

namespace pgcrate::base {

Result<std::string> ReadFile(const std::string& path);
// Writes `content` to `path` through a temporary file and a rename, so a reader never sees
// half a file. Fails with kConflict when the file exists and `overwrite` is false.
Status WriteFile(const std::string& path, const std::string& content, bool overwrite);
bool Exists(const std::string& path);
bool IsDirectory(const std::string& path);
// mkdir -p.
Status MakeDirs(const std::string& path);
// rm -rf; missing paths are fine.
Status RemoveAll(const std::string& path);
// Joins two path pieces with one '/'.
std::string JoinPath(const std::string& a, const std::string& b);
// True when a relative or absolute path has a ".." component (path traversal).
bool HasParentReference(const std::string& path);
// The absolute form of `path` (relative to the working directory), lexically normalised.
std::string AbsolutePath(const std::string& path);
// Reads all of stdin.
std::string ReadAllStdin();

}  // namespace pgcrate::base

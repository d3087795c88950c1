// Filesystem helpers that report failures as Status values naming the path.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "pgcrate/status.h"

namespace pgcrate::base {

// The largest file ReadFile accepts (a migration or SQL file bigger than this is a mistake).
inline constexpr size_t kMaxFileBytes = size_t{256} << 20;

// Reads a text file. Only regular files are read: the file is opened without blocking (a
// FIFO or device never hangs) and checked with fstat on the open descriptor, so a FIFO, a
// device, a directory or a symlink to one is refused (kIo) naming the path, as is a symlink
// loop or a file larger than kMaxFileBytes. The content must pass CheckText (kParse).
Result<std::string> ReadFile(const std::string& path);
// Like ReadFile, without the text checks (for logs and other byte data).
Result<std::string> ReadBytes(const std::string& path);
// kParse at path:line:column when `content` holds a NUL byte or is not valid UTF-8.
Status CheckText(const std::string& path, std::string_view content);
// Writes `content` to `path` through a temporary file (created exclusively, removed on every
// failure path) and a rename, so a reader never sees half a file. Fails with kConflict when
// the file exists and `overwrite` is false.
Status WriteFile(const std::string& path, const std::string& content, bool overwrite);
// Creates `path` with `content` only if no file of that name exists, atomically (the content
// is written to a temporary file first, then hard-linked to `path`): kConflict when it exists.
// Two processes racing for the same name never overwrite each other.
Status CreateNewFile(const std::string& path, const std::string& content);
// Creates `path` with O_EXCL and writes `content` straight into it (no temporary file): for a
// file in a private staging directory, or where hard links are unavailable. kConflict when it
// exists; a partly written file is removed.
Status CreateFileDirect(const std::string& path, const std::string& content);
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
// `path` relative to the working directory when it lies below it (messages, GitHub annotations
// and SARIF want repository-relative paths), else as given.
std::string RelativeToCwd(const std::string& path);
// Reads all of stdin.
std::string ReadAllStdin();
// Every regular file under `dir` (any depth) whose name ends in `extension` (".sql"), sorted;
// hidden files and folders (a leading '.': .git, editor backups) are skipped.
Result<std::vector<std::string>> FindFiles(const std::string& dir, std::string_view extension);

}  // namespace pgcrate::base

// SHA-256 digests as lower-case hex (OpenSSL's EVP): of a string in memory, and of a file read
// in chunks so that a multi-gigabyte file never sits in memory.
#pragma once

#include <string>
#include <string_view>

#include "pgcrate/status.h"

namespace pgcrate::base {

// The SHA-256 of `content` as 64 lower-case hex digits.
std::string Sha256Hex(std::string_view content);

// The SHA-256 of the regular file at `path`, read in 1 MB chunks, and its size in bytes.
// kNotFound when it does not exist, kIo (naming the path) when it cannot be read.
struct FileDigest {
  std::string sha256;
  int64_t bytes = 0;
};
Result<FileDigest> Sha256File(const std::string& path);

}  // namespace pgcrate::base

// HMAC-SHA256 of values under the secret salt: the one source of every anonymized value, so
// the same input gives the same output in every table and every run with the same salt.
// Computed with OpenSSL's SHA-256 from precomputed inner and outer key states (RFC 2104),
// which costs two digest copies per value instead of a key setup. Not thread-safe: one per
// thread.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "pgcrate/status.h"

namespace pgcrate::anonymize {

using Digest = std::array<uint8_t, 32>;

class KeyedHash {
 public:
  // kConfig when `salt` is empty; kInternal when OpenSSL fails.
  static Result<std::unique_ptr<KeyedHash>> Create(std::string_view salt);
  ~KeyedHash();
  KeyedHash(const KeyedHash&) = delete;
  KeyedHash& operator=(const KeyedHash&) = delete;

  // HMAC-SHA256(salt, value).
  Digest Of(std::string_view value);

 private:
  KeyedHash() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// 32 random bytes as 64 hex digits (OpenSSL RAND_bytes), for a run without a fixed salt.
Result<std::string> RandomSalt();

// The first 8 bytes of `d` as a big-endian number; `word` picks bytes 8*word.. (0 to 3).
uint64_t DigestWord(const Digest& d, int word);

}  // namespace pgcrate::anonymize

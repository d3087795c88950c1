// A process-wide list of secrets (passwords from connection strings) that must never reach
// any output. Every writer in output/ passes text through Redact().
#pragma once

#include <string>
#include <string_view>

namespace pgcrate::base {

// Remembers `secret` (ignored when shorter than 1 character). Thread-safe.
void RegisterSecret(std::string_view secret);
// `text` with every registered secret replaced by "********". Thread-safe.
std::string Redact(std::string_view text);

}  // namespace pgcrate::base

// Snapshot names: what may name a folder under the snapshots directory and, for template
// snapshots, a database on the server.
#pragma once

#include <cstddef>
#include <string>

#include "pgcrate/status.h"

namespace pgcrate::snapshot {

inline constexpr size_t kMaxNameLength = 48;
// The prefix of a template snapshot's database: "pgcrate_snap_" + name (at most 61 bytes).
inline constexpr const char* kTemplatePrefix = "pgcrate_snap_";

// OK when `name` is 1..kMaxNameLength characters of letters, digits, '_', '-' and '.', does
// not start with '.' or '-', and holds no ".."; kUsage saying which rule it breaks otherwise
// (so no name can climb out of the snapshots directory or hide in it).
Status ValidateName(const std::string& name);

// The database a template snapshot called `name` keeps its copy in.
std::string TemplateDatabase(const std::string& name);

}  // namespace pgcrate::snapshot

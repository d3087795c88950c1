// The version of an installed PostgreSQL program (pg_dump, pg_ctl, initdb, ...), read from its
// `--version` output, and the major version of a server's version number. One home for both:
// snapshots pick pg_dump by it and the dev cluster picks the binaries of a major by it.
#pragma once

#include <string>

#include "pgcrate/status.h"

namespace pgcrate::pg {

// The oldest PostgreSQL major version pgcrate supports (servers older are refused), and the
// newest it is tested against.
inline constexpr int kOldestSupportedMajor = 14;
inline constexpr int kNewestTestedMajor = 18;

struct ProgramVersion {
  std::string path;
  std::string version;  // "15.18"
  int major = 0;        // 15
  std::string origin;   // where it was found: "[tools] pg_dump", "PATH", a directory
};

// The major version of a server_version_num (150004 -> 15; 90624 -> 9).
int MajorOf(int version_num);

// Runs `path --version` and reads "NAME (PostgreSQL) 15.18 ...". kIo when it does not run,
// kRefused when its output has no version.
Result<ProgramVersion> ProbeProgram(const std::string& path, const std::string& origin);

}  // namespace pgcrate::pg

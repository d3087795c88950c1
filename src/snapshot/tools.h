// Finding pg_dump and pg_restore: the [tools] path when one is configured, else the newest of
// the one in PATH and the Debian versioned ones (/usr/lib/postgresql/<N>/bin). A client older
// than the server it talks to is refused with both versions and the [tools] key named.
#pragma once

#include <string>
#include <vector>

#include "pg/program_version.h"
#include "pgcrate/status.h"

namespace pgcrate::snapshot {

// A found pg_dump or pg_restore and its version.
using Tool = pg::ProgramVersion;

// `name` ("pg_dump" / "pg_restore"): `configured` when non-empty (from [tools] <name>), else the
// newest found in PATH and under `versioned_root` (/usr/lib/postgresql). kRefused when it is
// older than major version `min_major` ("pg_dump 13.2 ... is older than the server
// (PostgreSQL 15) ... set [tools] pg_dump"), kNotFound when there is none at all.
Result<Tool> FindTool(const std::string& name, const std::string& configured, int min_major,
                      const std::string& min_what,
                      const std::string& versioned_root = "/usr/lib/postgresql");

}  // namespace pgcrate::snapshot

// Finding the PostgreSQL client programs (pg_dump, psql) the anonymize copy runs: the
// [tools] path when set, else the newest Debian versioned directory
// (/usr/lib/postgresql/<N>/bin), else PATH; and the client's major version, which must not
// be older than the server's.
#pragma once

#include <string>

#include "pgcrate/status.h"

namespace pgcrate::app {

// The program `name` ("pg_dump"), or `configured` ([tools] `key`) when that is set. kConfig
// naming the key when a configured program does not exist; kNotFound saying where it looked
// when none is found.
Result<std::string> FindPgTool(const std::string& name, const std::string& configured,
                               const std::string& key);

// The major version `program --version` prints (15 for "pg_dump (PostgreSQL) 15.4"). kIo when
// it cannot be run or read.
Result<int> PgToolMajorVersion(const std::string& program);

// kConfig naming both versions and the [tools] key when `program` (major `tool_major`) is
// older than the server (`server_version` as 150004).
Status CheckToolVersion(const std::string& program, int tool_major, int server_version,
                        const std::string& key);

}  // namespace pgcrate::app

// Running pg_dump and pg_restore: argv only (base/process.h, never a shell), the connection as
// a key=value conninfo without its password, the password through PGPASSWORD in the child's
// environment, and the child's messages (redacted) in the error when it fails.
#pragma once

#include <string>
#include <vector>

#include "pgcrate/status.h"

namespace pgcrate::snapshot {

struct ChildConn {
  std::string conninfo;          // key=value, no password: safe as an argv entry
  std::vector<std::string> env;  // "PGPASSWORD=..." when the conninfo carried one
};

// The connection to `database` ("" = the conninfo's own) of the server `conninfo` points at.
Result<ChildConn> ForChild(const std::string& conninfo, const std::string& database);

// Runs `argv` with `conn.env`; kIo "<program> failed (exit N): <its last lines>" when it exits
// non-zero. Returns its stdout.
Result<std::string> RunChild(const std::vector<std::string>& argv, const ChildConn& conn);

}  // namespace pgcrate::snapshot

// Running pg_dump and psql for anonymize/copy.h through argv (never a shell), with the
// password of a connection string moved to PGPASSWORD so it never shows in a process list.
#pragma once

#include <string>
#include <vector>

#include "pgcrate/status.h"

namespace pgcrate::anonymize {

// Runs `pg_dump` on `conninfo` with `args` and returns its stdout (a schema script).
Result<std::string> RunPgDump(const std::string& pg_dump, const std::string& conninfo,
                              const std::vector<std::string>& args);
// Runs `script` with `psql` on `conninfo` in one transaction, stopping at the first error.
Status RunPsqlScript(const std::string& psql, const std::string& conninfo,
                     const std::string& script, const std::string& what);

}  // namespace pgcrate::anonymize

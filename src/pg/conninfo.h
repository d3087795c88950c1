// Connection strings: validation through libpq's own parser, the password inside them
// (registered as a secret so it is never printed), and a display form without it.
#pragma once

#include <map>
#include <string>

#include "pgcrate/status.h"

namespace pgcrate::pg {

// Parses a URL (postgresql://...) or key=value connection string with PQconninfoParse.
// Returns the non-empty options, or kUsage naming what is malformed. Registers the password
// (also when the string is malformed, as far as it can be found) as a secret.
Result<std::map<std::string, std::string>> ParseConnInfo(const std::string& conninfo);

// A printable description of the target, e.g. "postgres@/tmp/sock:5433/app" — never the
// password. An empty conninfo describes libpq's environment defaults.
std::string DescribeConnInfo(const std::string& conninfo);

// Registers the password of a connection string and PGPASSWORD as secrets.
void RegisterConnInfoSecrets(const std::string& conninfo);

}  // namespace pgcrate::pg

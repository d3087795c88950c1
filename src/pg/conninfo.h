// Connection strings: validation through libpq's own parser (PQconninfoParse), the one
// redaction function every printed connection string goes through, and a display form of the
// target. Redaction works on the parsed options, never on guesses about where a password sits
// in the text: a string that cannot be parsed (or only ambiguously) is never echoed.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "pgcrate/status.h"

namespace pgcrate::pg {

// What is printed instead of a connection string that cannot be parsed.
inline constexpr const char* kMalformedConnInfo = "(malformed connection string)";

// Parses a URL (postgresql://...) or key=value connection string with PQconninfoParse.
// Returns the non-empty options, or kUsage saying what is malformed without echoing any part
// of the string. A URL whose user name or password holds an unencoded '@', '/' or ':' (so
// that libpq reads part of it as host, port or database) is refused the same way.
Result<std::map<std::string, std::string>> ParseConnInfo(const std::string& conninfo);

// `conninfo` as it may be printed: unchanged when it parses and has no password; rebuilt from
// the parsed options with the password as "********" when it has one; kMalformedConnInfo when
// it cannot be parsed.
std::string RedactConnInfo(const std::string& conninfo);

// True when `text` looks like a connection string that may carry a password: a
// postgres:// or postgresql:// URL, or key=value text with a password= option.
bool LooksLikeConnInfo(std::string_view text);

// `text` with every postgres:// / postgresql:// URL in it passed through RedactConnInfo.
// Nothing else in `text` is touched.
std::string RedactConnInfoInText(std::string_view text);

// The target of a connection string, libpq's PG* environment filling what it leaves out.
struct ConnTarget {
  bool parsed = false;  // false when the string is malformed (the fields are then empty)
  std::string user, host, port, dbname, service;
};
ConnTarget ResolveConnTarget(const std::string& conninfo);

// A printable description of the target, e.g. "postgres@/tmp/sock:5433/app" — never the
// password. An empty conninfo describes libpq's environment defaults.
std::string DescribeConnInfo(const std::string& conninfo);

// Registers `conninfo` (when it carries a password or is malformed) with base::Redact, so
// that the whole string is printed only in its redacted form wherever it turns up.
void RegisterConnInfoSecrets(const std::string& conninfo);

// `conninfo` (a URL, key=value text, or "" for libpq's environment) rebuilt as key=value text
// from its parsed options with dbname set to `database` ("" keeps it), for a connection to
// another database of the same server. When `password` is non-null the password is moved out
// into it (for a child program's PGPASSWORD: never an argv entry), else it is kept. kUsage,
// echoing nothing, when the string cannot be parsed.
Result<std::string> ConnInfoForDatabase(const std::string& conninfo, const std::string& database,
                                        std::string* password = nullptr);

}  // namespace pgcrate::pg

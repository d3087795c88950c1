// `pgcrate anonymize --to URL` and `pgcrate anonymize check` over the Session: reads the
// [anonymize] rules of pgcrate.toml, the salt from PGCRATE_ANON_SALT, the client programs from
// [tools], calls the anonymization engine (src/anonymize), and prints text or the JSON
// envelope.
#pragma once

#include <cstdint>
#include <string>

#include "app/session.h"
#include "pgcrate/status.h"

namespace pgcrate::app {

// The environment variable holding the secret salt (never stored, never printed).
inline constexpr const char* kAnonSaltEnv = "PGCRATE_ANON_SALT";

struct AnonymizeOptions {
  std::string to;                  // the target database URL (empty database)
  bool allow_random_salt = false;  // without PGCRATE_ANON_SALT: a random salt for this run
};

// Copies the session's database into `to` with the rules applied.
Status RunAnonymize(Session& session, const AnonymizeOptions& options);
// OK when an anonymized copy could start: [anonymize] has rules and a salt is there (or
// `allow_random_salt`). For checking before creating anything.
Status CheckAnonymizeReady(Session& session, bool allow_random_salt);
// The copy `anonymize --to` makes, from the open `source` into the open, empty `target` (whose
// URL is `target_conninfo`), for `snapshot save --anonymize`. `rows` receives the rows copied.
Status CopyAnonymized(Session& session, pg::Connection& source, pg::Connection& target,
                      const std::string& target_conninfo, bool allow_random_salt, int64_t* rows);
// Lists personal-data columns without a rule and rules naming no column; `covered` is false
// when there is any (the CLI then exits 1).
Status RunAnonymizeCheck(Session& session, bool& covered);

}  // namespace pgcrate::app

// Pieces shared by apply.cc (transactional migrations) and apply_steps.cc (no-transaction
// migrations): the fixed SQL texts and the lock-timeout retry policy. Not a public API.
#pragma once

#include <cstdint>
#include <string>

#include "migrate/apply.h"

namespace pgcrate::migrate::internal {

// SET LOCAL of the safety settings and application_name from the queue's head row.
extern const char* const kSetLocalFromQueue;
// Consumes the queue's head row and writes (up) or deletes (down) its tracking row.
extern const char* const kTrackUpFromQueue;
extern const char* const kTrackDownFromQueue;

// Statements that return the session to the state every migration starts from (RESET ALL,
// role, session authorization, standard_conforming_strings on), and how many there are.
extern const char* const kResetSession;
extern const int kResetSessionStatements;

// Sets options.safety's timeouts at session level and standard_conforming_strings on.
Status ApplySafetySettings(pg::Connection& conn, const SafetySettings& s);

// Milliseconds to wait before retry number `retry` (1-based): base * 2^(retry-1), +-50%.
int BackoffMs(const ApplyOptions& options, int retry);

// When `st` is a lock timeout and retries remain: tells the observer, sleeps the backoff and
// returns true (the caller tries again). Otherwise false.
bool RetryAfterLockTimeout(const Status& st, const PreparedMigration& m, const ApplyOptions& o,
                           int index, int total, int& retries);

// Runs a no-transaction migration statement by statement, then records it.
Status RunStepwise(pg::Connection& conn, const PreparedMigration& m, const ApplyOptions& o,
                   int index, int total, int& retries);

}  // namespace pgcrate::migrate::internal

// Pieces shared by apply.cc (transactional migrations) and apply_steps.cc (no-transaction
// migrations): the fixed SQL texts and the lock-timeout retry policy. Not a public API.
#pragma once

#include <cstdint>
#include <string>

#include "migrate/apply.h"

namespace pgcrate::migrate::internal {

// Statements that return the session to its reset state (RESET ALL, role, session
// authorization): run after every migration, followed by SessionSetupSql.
extern const char* const kResetSession;

// One SELECT setting standard_conforming_strings on, options.safety's timeouts and (unless
// empty) application_name at session level, values as quoted literals.
std::string SessionSetupSql(const SafetySettings& s, const std::string& application_name);
// kResetSession + SessionSetupSql: what follows each migration.
std::string ResetSql(const SafetySettings& s, const std::string& next_application_name);
// The tracking row INSERT (up) or DELETE (down) of `f`, values as quoted literals.
std::string TrackSql(const MigrationFile& f, Direction d, const Tracking& t);

// SessionSetupSql with bound parameters (the check of the [migrate] values); an empty
// `application_name` keeps the current one.
Status ApplySafetySettings(pg::Connection& conn, const SafetySettings& s,
                           const std::string& application_name = "");

// Milliseconds to wait before retry number `retry` (1-based): base * 2^(retry-1), +-50%.
int BackoffMs(const ApplyOptions& options, int retry);

// When `st` is a lock timeout and retries remain: tells the observer, sleeps the backoff and
// returns true (the caller tries again). Otherwise false.
bool RetryAfterLockTimeout(const Status& st, const PreparedMigration& m, const ApplyOptions& o,
                           int index, int total, int& retries);

// Runs a no-transaction migration statement by statement, then records it, then runs
// `reset` (ResetSql) whether it failed or not.
Status RunStepwise(pg::Connection& conn, const PreparedMigration& m, const ApplyOptions& o,
                   int index, int total, int& retries, const std::string& reset);

}  // namespace pgcrate::migrate::internal

// The migration safety defaults, in one place: the `[migrate]` settings of pgcrate.toml, the
// migration engine and the embeddable MigratorOptions all start from these values (the
// spec's migration safety protocol).
#pragma once

namespace pgcrate::defaults {

// SET LOCAL values every migration runs with (PostgreSQL interval syntax).
inline constexpr const char* kLockTimeout = "2s";
inline constexpr const char* kStatementTimeout = "15min";
inline constexpr const char* kIdleInTransactionSessionTimeout = "60s";
// Extra attempts of a migration that hit lock_timeout (SQLSTATE 55P03).
inline constexpr int kLockRetries = 3;
// Seconds to wait for another runner's advisory lock.
inline constexpr int kLockWaitSeconds = 60;

}  // namespace pgcrate::defaults

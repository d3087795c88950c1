// Every process exit code pgcrate uses. Only cli/ picks one.
#pragma once

namespace pgcrate::output {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // application error, findings, diff found
inline constexpr int kExitUsage = 2;    // bad arguments, missing required flags
// dba commands: 0 healthy, 1 warning, 2 critical, 10+ operational failure.
inline constexpr int kExitDbaWarning = 1;
inline constexpr int kExitDbaCritical = 2;
inline constexpr int kExitDbaOperational = 10;
inline constexpr int kExitDbaRefused = 11;  // a fix gate (--read-write, --primary, --yes) refused
inline constexpr int kExitDbaUsage = 12;    // bad arguments to a dba command (2 is "critical")
inline constexpr int kExitInterrupted = 130;

}  // namespace pgcrate::output

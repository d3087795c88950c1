// Running one check: the effective thresholds ([dba.<check>] over the check's defaults), and
// the rule that a check the role lacks privileges for is reported as "skipped: needs …"
// rather than failing the run. Any other error (timeout, lost connection) is returned.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "dba/check.h"

namespace pgcrate::dba {

// The thresholds of `check`: its defaults, overridden by `config` entries named
// "<check>.<threshold>". Entries for this check that it does not declare are appended to
// `warnings` as "unknown threshold ..." sentences.
Thresholds ResolveThresholds(const CheckDescriptor& check,
                             const std::map<std::string, double>& config,
                             std::vector<std::string>& warnings);

// Runs `check` on `conn`. kQuery errors with SQLSTATE 42501 (insufficient privilege) give a
// skipped report; other failures are returned as a Status.
Result<CheckReport> RunCheck(const CheckDescriptor& check, pg::Connection& conn,
                             const Thresholds& thresholds, const CheckOptions& options);

}  // namespace pgcrate::dba

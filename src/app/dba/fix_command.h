// `pgcrate dba fix sequence|index|vacuum|bloat`: the gated remediations of dba/fixes/fix.h.
// Every fix needs --read-write and --primary, and medium/high risk ones also --yes; a
// standby, a read-only server or an unconfirmed production database is refused. --dry-run
// prints the exact SQL and changes nothing; --verify re-runs the matching check on the object
// after.
#pragma once

#include <string>

#include "app/dba/commands.h"
#include "app/session.h"
#include "dba/fixes/fix.h"

namespace pgcrate::dba {

// Plans, gates, runs and (optionally) verifies fix `kind`, and prints the result. The gate
// fields of `options` come from the session's --read-write and --primary. A gate refusal is
// kRefused; a bad object or flag is kUsage/kNotFound; Outcome.severity is the verify check's
// status.
Result<Outcome> RunFix(app::Session& session, const std::string& kind, FixOptions options);

}  // namespace pgcrate::dba

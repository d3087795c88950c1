// The `pgcrate dba <check>` and `pgcrate dba triage` commands as library functions: they
// connect through the Session (so the timeout flags apply), run the checks with the
// thresholds of [dba.<check>] in pgcrate.toml, and print text or --json through
// session.out(). The caller (cli/) turns the Outcome into an exit code.
#pragma once

#include <string>
#include <vector>

#include "app/session.h"
#include "dba/check.h"

namespace pgcrate::dba {

struct Outcome {
  Severity severity = Severity::kOk;  // the worst finding
  bool failed = false;                // some check could not run (operational failure)
};

// Runs the check named `id` and prints its report. A non-OK Status (unknown check, cannot
// connect, a statement failed or timed out) has printed nothing yet.
Result<Outcome> RunCheckCommand(app::Session& session, const std::string& id,
                                const CheckOptions& options);

// `dba explain`: the explain check on `options.query`. `include_actions` adds each
// recommendation's fix (the SQL) and an "actions" list to the --json output.
Result<Outcome> RunExplainCommand(app::Session& session, const CheckOptions& options,
                                  bool include_actions);

// Runs the triage checks (locks, connections, xid, sequences, replication) and prints one
// overview; `include_fixes` adds each finding's fix command and SQL and an "actions" list.
Result<Outcome> RunTriage(app::Session& session, bool include_fixes);

// Runs `id` with thresholds from the session's config on `conn` (used by triage, doctor and
// fix --verify). Threshold warnings go to session.out().Warn.
Result<CheckReport> RunConfiguredCheck(app::Session& session, pg::Connection& conn,
                                       const std::string& id, const CheckOptions& options);

}  // namespace pgcrate::dba

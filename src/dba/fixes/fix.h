// `pgcrate dba fix sequence|index|vacuum|bloat`: remediations behind gates. Every fix needs
// --read-write and --primary, and medium/high risk ones (DROP INDEX CONCURRENTLY, REINDEX,
// VACUUM FULL) also --yes; a standby or read-only server is refused. --dry-run prints the
// exact SQL and changes nothing; --verify re-runs the matching check on the object after.
#pragma once

#include <string>

#include "app/session.h"
#include "dba/commands.h"

namespace pgcrate::dba {

struct FixOptions {
  std::string object;      // schema-qualified sequence, index or table
  std::string upgrade_to;  // fix sequence: "integer" | "bigint"
  bool dry_run = false;
  bool yes = false;
  bool verify = false;
  bool full = false;      // fix vacuum --full
  bool analyze = false;   // fix vacuum --analyze
  bool freeze = false;    // fix vacuum --freeze
  bool blocking = false;  // fix bloat --blocking (plain REINDEX)
};

// Plans, gates, runs and (optionally) verifies fix `kind`. A gate refusal is kRefused; a bad
// object or flag is kUsage/kNotFound; Outcome.severity is the verify check's status.
Result<Outcome> RunFix(app::Session& session, const std::string& kind, const FixOptions& options);

}  // namespace pgcrate::dba

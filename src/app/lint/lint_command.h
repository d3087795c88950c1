// `pgcrate migrate lint [FILES...]` and the `[migrate] lint` gate of `migrate up`, over the
// Session: which files to lint (the given ones, or the pending migrations), the live catalog
// when a database is reachable, the [lint] settings of pgcrate.toml, and the chosen output
// format. The linting itself is lint/ (linter.h, sources.h, gate.h).
#pragma once

#include <string>
#include <vector>

#include "app/session.h"
#include "lint/gate.h"
#include "lint/linter.h"
#include "migrate/runner.h"

namespace pgcrate::lint {

struct LintCommandOptions {
  std::vector<std::string> files;  // files or directories; empty = pending migrations
  std::string format = "text";     // text | json | github | sarif (--json forces json)
  bool offline = false;            // never connect, even when a database is configured
};

// Lints and prints the report. Returns the report so the caller can pick the exit code (1 when
// it has errors); a Status for unreadable files, bad config or a bad format.
Result<LintReport> RunLint(app::Session& session, const LintCommandOptions& options);

// The [lint] section of the session's (loaded) config.
RuleConfig RuleConfigOf(const app::Session& session);

// The `migrate up` gate per the session's `[migrate] lint` (empty when "off"): lints the
// pending migrations on `conn` and prints the findings on stderr (not with --json).
migrate::PendingCheck GateFor(app::Session& session, pg::Connection& conn);

}  // namespace pgcrate::lint

// `pgcrate migrate lint [FILES...]` and the `[migrate] lint` gate of `migrate up`, as library
// functions over the Session: which files to lint (the given ones, or the pending
// migrations), the live catalog when a database is reachable, and the chosen output format.
#pragma once

#include <string>
#include <vector>

#include "app/session.h"
#include "lint/linter.h"
#include "migrate/migration_file.h"

namespace pgcrate::lint {

struct LintCommandOptions {
  std::vector<std::string> files;  // files or directories; empty = pending migrations
  std::string format = "text";     // text | json | github | sarif (--json forces json)
  bool offline = false;            // never connect, even when a database is configured
};

// Lints and prints the report. Returns the report so the caller can pick the exit code (1 when
// it has errors); a Status for unreadable files, bad config or a bad format.
Result<LintReport> RunLint(app::Session& session, const LintCommandOptions& options);

// The `migrate up` gate: lints `pending` with the session's config and catalog, prints the
// findings on stderr, and returns kRefused when `mode` is "error" and an error was found.
Status LintPending(app::Session& session, const std::vector<migrate::MigrationFile>& pending,
                   const std::string& mode);

// A LintFile for a parsed migration (its up section, with the file's line numbers).
LintFile FromMigration(const migrate::MigrationFile& m, std::string content);

}  // namespace pgcrate::lint

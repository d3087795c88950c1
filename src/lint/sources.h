// What the linter reads: the files and directories given to `migrate lint`, or the pending
// migrations of a project (those the tracking table does not list), each as a LintFile. Reads
// files and, for the pending set, the tracking table; prints nothing.
#pragma once

#include <string>
#include <vector>

#include "lint/rule.h"
#include "migrate/migration_file.h"
#include "migrate/store.h"
#include "pg/connection.h"
#include "pgcrate/status.h"

namespace pgcrate::lint {

// A LintFile for a migration parsed with its SQL from `content` (its up section, with the
// file's line numbers).
LintFile FromMigration(const migrate::MigrationFile& m, std::string content);
// A LintFile for the migration file `content` read from `path`, parsed here; the up section is
// linted as a view of the content (a copy only when `templates` expand placeholders).
Result<LintFile> MigrationLintFile(const std::string& path, std::string content,
                                   migrate::Naming naming = migrate::Naming::kTimestamp,
                                   const migrate::TemplateContext& templates = {});

// A module's migrations directory: files given from it are read with its naming (001_x.sql,
// V1__x.sql) and their templates expanded, as `migrate up` reads them.
struct ModuleDir {
  std::string dir;
  migrate::DiscoverOptions discover;
};

// The given paths: a directory stands for its *.sql files (sorted, legacy `.down.sql` halves
// left out); a file named like a migration is linted as one (its up section), any other as
// plain SQL; a file in one of `modules`' directories as that module's migration (the first
// module listing the directory). Errors name the unreadable or malformed file.
Result<std::vector<LintFile>> ReadLintFiles(const std::vector<std::string>& paths,
                                            const std::vector<ModuleDir>& modules = {});

// The migrations of `dir` not yet applied on `conn` (every one when `conn` is null), with
// paths relative to the working directory when they lie below it.
Result<std::vector<LintFile>> PendingLintFiles(const std::string& dir, pg::Connection* conn);
// The same for a module's migrations (its naming and templates, its tracking rows): the SQL
// linted is the expanded text.
Result<std::vector<LintFile>> PendingLintFiles(const std::string& dir, pg::Connection* conn,
                                               const migrate::DiscoverOptions& discover,
                                               const migrate::Tracking& tracking);

// The migrations about to run, as LintFiles (their contents read again from disk).
// The SQL files of the code folder `dir` (any depth; none when it does not exist), linted as
// plain SQL: `migrate lint` covers the views and functions of `pgcrate apply` too.
Result<std::vector<LintFile>> CodeLintFiles(const std::string& dir);

Result<std::vector<LintFile>> ReadMigrations(const std::vector<migrate::MigrationFile>& files);

}  // namespace pgcrate::lint

// Migration files: the native single-file format `YYYYMMDDHHMMSS_name.sql` with an `-- up`
// section and an optional `-- down` section. This module is pure (text in, a MigrationFile or
// a Status naming the file and line out) and never touches a database.
//
// Layout rules: only blank lines and comments may come before `-- up`; header directives are
// comments of the form `-- pgcrate: <directive>` in that leading block (`no-transaction`, and
// `replaces V1 V2 ...`, which may be repeated, on files written by `migrate squash`; see
// migrate/replaces.h); `-- down` may follow the up section once. Marker lines are matched on
// their own line (`-- up`, `-- down`, case-insensitive, surrounding blanks ignored); a line
// ends at \n, \r\n or a lone \r, as PostgreSQL's scanner ends `--` comments.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pgcrate/status.h"

namespace pgcrate::migrate {

struct MigrationFile {
  std::string path;       // as given (directory joined with file_name by DiscoverMigrations)
  std::string file_name;  // e.g. "20251130000000_create_users.sql"
  std::string version;    // the 14-digit timestamp, e.g. "20251130000000"
  std::string name;       // the description, e.g. "create_users"
  std::string up_sql;     // bytes between the `-- up` line and the `-- down` line (or EOF)
  std::string down_sql;   // bytes after the `-- down` line ("" when none)
  bool has_down = false;  // true when the down section holds something besides comments/blanks
  int up_line = 0;        // 1-based line in the file where up_sql starts
  int down_line = 0;      // 1-based line where down_sql starts (0 when there is no `-- down`)
  bool no_transaction = false;  // `-- pgcrate: no-transaction` header directive
  // `-- pgcrate: replaces V1 V2 ...` (every line's versions, in order): the migrations this
  // file was squashed from (migrate/replaces.h); empty for ordinary files.
  std::vector<std::string> replaces;
  std::string checksum;  // SHA-256 hex of the whole file
};

// Parses one migration file. `path`'s last component must be a valid migration file name.
// Errors (kParse) carry the file and, for layout problems, the line: a NUL byte or invalid
// UTF-8 (line:column), a marker line set apart by a lone \r in a file that uses \n. Line
// breaks are \n, \r\n or a lone \r; a leading UTF-8 byte order mark is skipped (the
// checksum covers the bytes as stored). `with_sql` false leaves up_sql and down_sql empty
// (everything else is filled) for callers that need only the layout and the checksum.
Result<MigrationFile> ParseMigrationFile(const std::string& path, std::string_view content,
                                         bool with_sql = true);

// All migration files of `dir`, validated (bad names, duplicate versions, legacy
// .up.sql/.down.sql pairs are rejected with messages naming the file) and sorted
// lexicographically by file name. kNotFound when `dir` does not exist. Entries that are not
// *.sql, and subdirectories, are skipped silently; *.sql names that are hidden (editor lock
// files `.#...`) or do not start with a digit are skipped with a warning, appended to
// `warnings` (written to stderr as "warning: ..." when `warnings` is null). Only regular files
// are read (a FIFO, device, symlink loop or file over base::kMaxFileBytes is an error naming
// it). `with_sql` as for ParseMigrationFile.
Result<std::vector<MigrationFile>> DiscoverMigrations(const std::string& dir,
                                                      std::vector<std::string>* warnings = nullptr,
                                                      bool with_sql = true);

// Checks a bare file name; on success fills `version` and `name`. The error message names
// the file and says what the expected form is.
Status ParseMigrationFileName(const std::string& file_name, std::string& version,
                              std::string& name);

// The name part of a new migration file from a free-form description: letters and digits
// lowercased, every other run of characters one '_' ("Add Email Column!" ->
// "add_email_column"); "" when nothing usable remains.
std::string SanitizeName(const std::string& name);

// SHA-256 of `content` as 64 lowercase hex digits (base::Sha256Hex).
std::string Sha256Hex(std::string_view content);

}  // namespace pgcrate::migrate

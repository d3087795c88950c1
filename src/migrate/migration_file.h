// Migration files: the native single-file format `YYYYMMDDHHMMSS_name.sql` with an `-- up`
// section and an optional `-- down` section. This module is pure (text in, a MigrationFile or
// a Status naming the file and line out) and never touches a database.
//
// Layout rules: only blank lines and comments may come before `-- up`; header directives are
// comments of the form `-- pgcrate: <directive>` in that leading block (today:
// `no-transaction`); `-- down` may follow the up section once. Marker lines are matched on
// their own line (`-- up`, `-- down`, case-insensitive, surrounding blanks ignored).
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
  std::string checksum;         // SHA-256 hex of the whole file
};

// Parses one migration file. `path`'s last component must be a valid migration file name.
// Errors (kParse) carry the file and, for layout problems, the line.
Result<MigrationFile> ParseMigrationFile(const std::string& path, std::string_view content);

// All migration files of `dir` (every *.sql entry; other files and subdirectories are
// ignored), validated (bad names, duplicate versions, legacy .up.sql/.down.sql pairs are
// rejected with messages naming the file) and sorted lexicographically by file name.
// kNotFound when `dir` does not exist.
Result<std::vector<MigrationFile>> DiscoverMigrations(const std::string& dir);

// Checks a bare file name; on success fills `version` and `name`. The error message names
// the file and says what the expected form is.
Status ParseMigrationFileName(const std::string& file_name, std::string& version,
                              std::string& name);

// SHA-256 of `content` as 64 lowercase hex digits.
std::string Sha256Hex(std::string_view content);

}  // namespace pgcrate::migrate

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

// A `{{...}}` template expansion in a section: bytes [start, end) of the expanded text replaced
// a placeholder `delta` bytes shorter (negative: longer) than the expansion. Error positions
// map back through these to the file as written.
struct TemplateShift {
  size_t start = 0;
  size_t end = 0;
  long delta = 0;
};

// How version and name come out of a file name: the project's own migrations use the 14-digit
// timestamp form only; module migrations also accept pgdbm's patterns (`001_name.sql`,
// Flyway's `V1__name.sql` / `V1.2__name.sql`).
enum class Naming { kTimestamp, kModule };

struct MigrationFile {
  std::string path;       // as given (directory joined with file_name by DiscoverMigrations)
  std::string file_name;  // e.g. "20251130000000_create_users.sql"
  std::string version;    // the 14-digit timestamp, e.g. "20251130000000"
  std::string name;       // the description, e.g. "create_users"
  std::string up_sql;     // bytes between the `-- up` line and the `-- down` line (or EOF)
  std::string down_sql;   // bytes after the `-- down` line ("" when none)
  bool has_down = false;  // true when the down section holds something besides comments/blanks
  int up_line = 0;        // 1-based line in the file where up_sql starts
  // Where the up section lies in the file as stored (a byte order mark counted): `up_size`
  // bytes from `up_offset`. Set by ParseMigrationFile with or without `with_sql`, so a caller
  // holding the file can view the section instead of copying it (not by the status cache of
  // DiscoverOptions::cache_file, which keeps only what status needs).
  size_t up_offset = 0, up_size = 0;
  int down_line = 0;            // 1-based line where down_sql starts (0 when there is no `-- down`)
  bool no_transaction = false;  // `-- pgcrate: no-transaction` header directive
  // `-- pgcrate: replaces V1 V2 ...` (every line's versions, in order): the migrations this
  // file was squashed from (migrate/replaces.h); empty for ordinary files.
  std::vector<std::string> replaces;
  std::string checksum;  // SHA-256 hex of the whole file
  // Set when `{{tables.x}}` / `{{schema}}` placeholders were expanded (module migrations):
  // the sections hold the expanded text, the checksum stays that of the file as written.
  std::vector<TemplateShift> up_shifts, down_shifts;
};

// Parses one migration file. `path`'s last component must be a valid migration file name.
// Errors (kParse) carry the file and, for layout problems, the line: a NUL byte or invalid
// UTF-8 (line:column), a marker line set apart by a lone \r in a file that uses \n. Line
// breaks are \n, \r\n or a lone \r; a leading UTF-8 byte order mark is skipped (the
// checksum covers the bytes as stored). `with_sql` false leaves up_sql and down_sql empty
// (everything else is filled) for callers that need only the layout and the checksum.
Result<MigrationFile> ParseMigrationFile(const std::string& path, std::string_view content,
                                         bool with_sql = true, Naming naming = Naming::kTimestamp);
// ParseMigrationFile taking over `content`'s buffer for the up section (no second copy of the
// file in memory).
Result<MigrationFile> ParseOwnedMigrationFile(const std::string& path, std::string&& content,
                                              bool with_sql = true,
                                              Naming naming = Naming::kTimestamp);

// True when version `a` orders before `b`: dot-separated numeric parts compare as numbers
// ("2" < "10", "1.2" < "1.10", "001" == "1" numerically, then by text for a total order); a
// version with other characters compares as text. 14-digit timestamps order as text does.
bool VersionLess(std::string_view a, std::string_view b);
// The version with leading zeros of each numeric part removed ("001" -> "1", "1.02" -> "1.2"):
// two files of one set with the same canonical version are duplicates.
std::string CanonicalVersion(const std::string& version);

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

// The context `{{tables.x}}` and `{{schema}}` placeholders expand in (templates.h).
struct TemplateContext {
  bool module = false;  // false: the project's own migrations, where placeholders are errors
  std::string schema;   // the module's schema; "" = unqualified names
};

struct DiscoverOptions {
  bool with_sql = true;
  // Without SQL (status, history, verify): a file whose size, mtime, ctime and inode are those
  // recorded in this cache file is not read again; its layout and checksum come from the
  // cache, which is rewritten when anything changed ("" = no cache; see migration_cache.h).
  Naming naming = Naming::kTimestamp;
  TemplateContext templates;  // applied when with_sql
  std::string cache_file;
};

// DiscoverMigrations for a module (or any set of options): files are ordered by VersionLess.
Result<std::vector<MigrationFile>> DiscoverMigrations(const std::string& dir,
                                                      const DiscoverOptions& options,
                                                      std::vector<std::string>* warnings);

// Checks a bare file name; on success fills `version` and `name`. The error message names
// the file and says what the expected form is.
Status ParseMigrationFileName(const std::string& file_name, std::string& version, std::string& name,
                              Naming naming = Naming::kTimestamp);

// The name part of a new migration file from a free-form description: letters and digits
// lowercased, every other run of characters one '_' ("Add Email Column!" ->
// "add_email_column"); "" when nothing usable remains.
std::string SanitizeName(const std::string& name);

// SHA-256 of `content` as 64 lowercase hex digits (base::Sha256Hex).
std::string Sha256Hex(std::string_view content);

}  // namespace pgcrate::migrate

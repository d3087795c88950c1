// Helpers shared by the format readers of the importer (dbmate.cc, golang.cc, flyway.cc,
// sqitch.cc): the source migration as read, its conversion into a pgcrate file (checked by
// migrate::ParseMigrationFile), version and name mapping, and the transaction classification
// by PostgreSQL's parser. Internal to src/importer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "importer/plan.h"
#include "pgcrate/status.h"

namespace pgcrate::importer::internal {

// A section of SQL read from a source file.
struct SourceText {
  std::string path;  // the file it came from (for errors)
  std::string text;
  int first_line = 1;  // 1-based line of text's first byte in `path`
};

// One migration as read from the tool's files, before conversion.
struct SourceMigration {
  std::string source;          // file name(s) relative to the source directory
  std::string source_version;  // as the tool shows it
  std::string source_name;     // as the tool has it
  std::string tracking_key;
  std::string target_version;  // 14 digits
  SourceText up;
  SourceText down;
  bool has_down = false;
  bool no_transaction = false;
  std::vector<std::string> notes;  // extra header comment lines (without "-- ")
};

// Builds the pgcrate file of `m` and checks it with migrate::ParseMigrationFile: the sections
// it reads back must be exactly the source's (a source line reading `-- up`, `-- down` or
// `-- pgcrate: ...` would be taken as a marker: refused naming the source file and line).
Result<PlannedMigration> Convert(Tool tool, const SourceMigration& m);

// The name part of a pgcrate file name for a source description: letters, digits, '_' and
// '-' kept (case too), every other run of bytes one '_', '_' trimmed at both ends;
// "migration" when nothing is left.
std::string FileNamePart(std::string_view name);

// `s` printable on one comment line: control bytes and bytes that are not UTF-8 as \xNN.
std::string Printable(std::string_view s);

// A version number (digits) zero-padded to 14 digits. kParse naming `where` when it has more
// than 14 significant digits.
Result<std::string> PadVersion(std::string_view digits, const std::string& where);

// Refuses two migrations with the same target version (kConflict naming both sources).
Status CheckDistinctVersions(const std::vector<SourceMigration>& ms);

// Converts every migration of `ms` (in order) into `plan`.
Status ConvertAll(Tool tool, const std::vector<SourceMigration>& ms, ImportPlan& plan);

// Whether `sql` needs `-- pgcrate: no-transaction` to run as psql or a driver sending it in one
// Exec would: some statement cannot run inside a transaction block (CREATE INDEX
// CONCURRENTLY, VACUUM, ...) or controls transactions itself (BEGIN/COMMIT). kParse at
// file:line:column when PostgreSQL's parser cannot read it (the mode cannot be decided).
Result<bool> NeedsNoTransaction(const SourceText& sql);

// The regular, non-hidden files directly in `dir`, sorted by name (kNotFound when `dir` is not
// a directory).
Result<std::vector<std::string>> ListFiles(const std::string& dir);

// Reads `dir`/`name` as UTF-8 text (errors name the file).
Result<std::string> ReadSource(const std::string& dir, const std::string& name);

// Whether `s` is a non-empty run of ASCII digits.
bool AllDigits(std::string_view s);

// A Flyway version ("1_02.0") in the normalised form tracking keys use ("1.2"): parts as
// numbers, trailing zero parts dropped; "" when it is not a version. Defined in flyway.cc.
std::string NormaliseFlywayVersion(const std::string& raw);

// kParse located at `path`:`line`.
Status ErrorAt(const std::string& path, int line, const std::string& message);

}  // namespace pgcrate::importer::internal

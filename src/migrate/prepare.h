// Preparing migrations to run: every section that is about to run is parsed with the real
// PostgreSQL parser BEFORE anything is sent, so a syntax error, a statement that cannot run in
// a transaction (CREATE INDEX CONCURRENTLY, VACUUM, ...) in a migration without the
// `-- pgcrate: no-transaction` directive, or BEGIN/COMMIT inside a transactional migration is
// reported with file:line:column and nothing is half-applied.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "migrate/migration_file.h"
#include "pgcrate/status.h"
#include "sql/parser.h"

namespace pgcrate::migrate {

enum class Direction { kUp, kDown };

struct PreparedMigration {
  const MigrationFile* file = nullptr;
  Direction direction = Direction::kUp;
  const std::string* sql = nullptr;            // file->up_sql or file->down_sql
  int first_line = 1;                          // line of *sql's first byte in the file
  std::vector<sql::StatementSpan> statements;  // positions relative to *sql

  // The text of statement `k` (without its ';').
  std::string_view StatementText(size_t k) const {
    return std::string_view(*sql).substr(statements[k].offset, statements[k].length);
  }
};

// Parses and checks the `direction` section of each file (pointers must outlive the result).
// Fails on the first file with a problem; the Status names file:line:column.
// `server_version` (PQserverVersion, 0 = unknown: assume a current server) decides what the
// target server refuses inside a transaction, e.g. ALTER TYPE ... ADD VALUE before PG 12.
Result<std::vector<PreparedMigration>> PrepareMigrations(
    const std::vector<const MigrationFile*>& files, Direction direction, int server_version = 0);

// The offset of the first byte at or after `offset` that is not whitespace or a comment (a
// statement's span from the parser starts right after the previous ';').
size_t SkipLeadingComments(std::string_view text, size_t offset);

// The file location of byte `offset` of the prepared section.
SourceLocation LocationOf(const PreparedMigration& m, size_t offset);

}  // namespace pgcrate::migrate

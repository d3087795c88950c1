// `anonymize --to`: copies a database into an empty one, applying the rules while streaming.
// The schema comes from pg_dump (pre-data section: types, tables, functions), the data from
// one COPY per table (text format) read from the source, passed through the table's
// TableStream and written with COPY FROM STDIN to the target in chunks; then pg_dump's
// post-data section (primary keys, unique constraints, indexes, foreign keys, triggers) is
// applied, as pg_restore does, so the tables load in any order without FK checks and every
// constraint is validated over the anonymized data at the end. Sequences get the source's
// values; populated materialized views are refreshed over the anonymized tables. The source is only
// read: one REPEATABLE READ, READ ONLY transaction (default_transaction_read_only = on) whose
// snapshot pg_dump shares.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "anonymize/rules.h"
#include "pg/connection.h"
#include "pgcrate/status.h"

namespace pgcrate::anonymize {

struct CopyOptions {
  std::string source_conninfo;  // "" = libpq's environment; for pg_dump
  std::string target_conninfo;  // for psql
  std::string pg_dump = "pg_dump";
  std::string psql = "psql";
  RuleSet rules;
  std::string rules_file;                // for messages
  std::string salt;                      // HMAC key; never printed
  size_t chunk_bytes = size_t{1} << 20;  // COPY data sent to the target per call
  // Called when a table starts ("public.users") and with each phase ("schema", "indexes").
  std::function<void(const std::string&)> progress;
};

struct CopiedTable {
  std::string name;  // "schema.table"
  int64_t rows = 0;
  int64_t bytes = 0;                 // COPY text read from the source
  std::vector<std::string> changed;  // "column: strategy"
  double elapsed_ms = 0;
};

struct CopyResult {
  std::vector<CopiedTable> tables;
  int64_t rows = 0;
  int64_t bytes = 0;
  int sequences = 0;
  double elapsed_ms = 0;
};

// Copies `source` into `target`. Refuses (kRefused) when they are the same database or the
// target has tables already; kConfig (nothing written) when a rule does not fit its column or
// names a table or column that does not exist. An error after the schema step leaves the
// target partly loaded; the message says so.
Result<CopyResult> CopyDatabase(pg::Connection& source, pg::Connection& target,
                                const CopyOptions& options);

// kRefused when `a` and `b` are the same database (same server start time and database).
Status CheckDistinct(pg::Connection& a, pg::Connection& b);

}  // namespace pgcrate::anonymize

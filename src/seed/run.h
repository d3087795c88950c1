// `seed run`: loads seeds into their tables in ONE transaction. The CSV/JSON targets are
// truncated in one TRUNCATE ... RESTART IDENTITY (never CASCADE), their triggers disabled for
// the load and re-enabled before commit, CSV and JSON rows streamed through COPY in 1 MiB
// chunks (the file is never held whole), SQL seeds run as written, identity/serial sequences
// moved past the loaded values, and the loaded tables analyzed. Any failure rolls everything
// back; a server error in the data is reported at the seed file's line and column.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "pg/connection.h"
#include "pgcrate/status.h"
#include "seed/plan.h"

namespace pgcrate::seed {

struct LoadProgress {
  std::string seed;
  int64_t rows = 0;
  int64_t bytes = 0;        // of the seed file read so far
  int64_t total_bytes = 0;  // the seed file's size
};

struct RunOptions {
  bool dry_run = false;  // plan and count rows; change nothing
  // Called after each chunk of a CSV/JSON seed is sent (for a progress bar).
  std::function<void(const LoadProgress&)> progress;
};

struct LoadedSeed {
  std::string name;
  std::string kind;
  std::string path;
  std::string target;  // quoted
  std::vector<std::string> columns;
  int64_t rows = -1;  // loaded (or, with dry_run, in the file); -1 for SQL seeds
  int64_t bytes = 0;
  double elapsed_ms = 0;
};

struct RunResult {
  bool dry_run = false;
  std::vector<LoadedSeed> seeds;  // in load order
  std::string truncate_sql;       // "" when no CSV/JSON seed
  std::vector<std::string> triggers_disabled;
  std::vector<std::string> sequences_moved;  // "public.users_id_seq"
  int64_t rows = 0;
  double elapsed_ms = 0;
};

// Runs (or, with dry_run, plans) `seeds` on `conn`, which must not be inside a transaction.
Result<RunResult> RunSeeds(pg::Connection& conn, const std::vector<Seed>& seeds,
                           const RunOptions& options);

// Streams a CSV/JSON seed's rows into COPY `copy_sql` (FORMAT csv, the seed's columns), as
// `seed run` and `seed diff` do; server errors in the data are mapped to file:line:column.
Result<int64_t> CopySeed(pg::Connection& conn, const PlannedSeed& seed, const std::string& copy_sql,
                         const RunOptions& options);

}  // namespace pgcrate::seed

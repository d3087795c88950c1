// `seed diff`: compares each CSV/JSON seed with its table, by key: the sidecar's primary_key,
// else the table's primary key when the seed has its columns, else the whole row (as
// multisets). The file is streamed by COPY into a temporary table of the target's column types
// inside a transaction that is rolled back, and the server compares the two by a hash join,
// so a million-row seed diffs in bounded client memory and leaves nothing behind. Values are
// compared by their text form under the column's type ('1' and '01' are equal in an integer
// column; a jsonb's key order does not matter).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "pg/connection.h"
#include "pgcrate/status.h"
#include "seed/project.h"

namespace pgcrate::seed {

struct DiffOptions {
  int max_examples = 10;  // keys listed per kind of difference
};

struct SeedDiff {
  std::string name;
  std::string kind;
  std::string path;
  std::string target;            // quoted
  std::vector<std::string> key;  // empty: whole rows compared
  std::string key_source;        // "sidecar", "table" or "row"
  std::string skipped;           // why it was not compared (SQL seeds), else ""
  int64_t file_rows = 0;
  int64_t table_rows = 0;
  int64_t only_in_file = 0;
  int64_t only_in_table = 0;
  int64_t changed = 0;
  std::map<std::string, int64_t> changed_columns;  // column -> rows where it differs
  // Up to max_examples keys each, as JSON arrays of the key values ("[\"todo\"]"); whole rows
  // when there is no key.
  std::vector<std::string> examples_only_in_file;
  std::vector<std::string> examples_only_in_table;
  std::vector<std::string> examples_changed;

  bool differs() const { return only_in_file + only_in_table + changed > 0; }
};

struct DiffResult {
  std::vector<SeedDiff> seeds;
  bool identical = true;
};

// Needs a connection outside a transaction, SELECT on the targets and TEMP on the database.
Result<DiffResult> DiffSeeds(pg::Connection& conn, const std::vector<Seed>& seeds,
                             const DiffOptions& options);

}  // namespace pgcrate::seed

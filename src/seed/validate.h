// `seed validate`: reads every seed once, without loading anything. CSV: column count,
// quoting, UTF-8 (and no NUL), each value against its column's type (the sidecar's
// declaration, else the table's column type when a database is given, else the type inferred
// from the column's values), primary key unique and not NULL. JSON: an array of objects whose
// keys are columns, values checked the same way. SQL: parsed by the PostgreSQL parser. With a
// database, the columns must also exist in the target table. Errors are file:line:column.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pgcrate/status.h"
#include "seed/project.h"
#include "seed/targets.h"

namespace pgcrate::seed {

struct ValidateOptions {
  int max_errors_per_seed = 20;  // reported; the rest are counted
};

struct ValidatedColumn {
  std::string name;
  std::string type;    // declared or inferred
  std::string source;  // "sidecar", "table" or "inferred"
  int64_t nulls = 0;
};

struct ValidatedSeed {
  std::string name;
  std::string kind;
  std::string path;
  int64_t rows = 0;
  std::vector<ValidatedColumn> columns;
  std::vector<std::string> primary_key;
  std::vector<Status> errors;  // the first max_errors_per_seed, located
  int64_t error_count = 0;
};

struct ValidateResult {
  std::vector<ValidatedSeed> seeds;
  int64_t errors = 0;
  bool used_database = false;
};

// `targets` (nullable) holds the database's facts for `seeds`, in the same order.
ValidateResult ValidateSeeds(const std::vector<Seed>& seeds, const std::vector<Target>* targets,
                             const ValidateOptions& options);

}  // namespace pgcrate::seed

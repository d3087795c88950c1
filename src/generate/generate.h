// `pgcrate generate`: writes pgcrate migration files (YYYYMMDDHHMMSS_name.sql with `-- up`
// and `-- down`) that re-create the schema of a database, from its catalog. The up section is
// the plan from an empty database to the catalog, the down section the plan back, so both
// are in dependency order. Split modes: none (one file), schema (one file per schema),
// table (types/functions first, one file per table, views, then foreign keys); foreign keys
// always come after every table. Split files get timestamps one second apart. Existing files
// are never overwritten: if any target exists, nothing is written.
#pragma once

#include <ctime>
#include <string>
#include <vector>

#include "catalog/model.h"
#include "pgcrate/status.h"

namespace pgcrate::generate {

struct GenerateOptions {
  std::string split_by = "none";  // none | schema | table
  std::string output_dir;         // where files go
  std::vector<std::string> include_schemas;
  std::vector<std::string> exclude_schemas;
  bool dry_run = false;
  std::time_t now = 0;       // timestamp of the first file; 0 = the current time
  std::string source_label;  // for the header comment
};

struct GeneratedFile {
  std::string file_name;  // 20251130000000_initial_schema.sql
  std::string path;       // output_dir joined with file_name
  std::string description;
  std::string up;    // the up section's SQL
  std::string down;  // the down section's SQL
  // The whole file: header comments, `-- up`, up, `-- down`, down.
  std::string Content() const;
};

// The files for `catalog` (already filtered by schema). kUsage for an unknown split mode.
// An empty list when there is nothing to generate.
Result<std::vector<GeneratedFile>> BuildMigrations(const catalog::Catalog& catalog,
                                                   const GenerateOptions& options);

// Writes every file, after checking that none exists (kConflict naming the first that does).
Status WriteMigrations(const std::vector<GeneratedFile>& files);

}  // namespace pgcrate::generate

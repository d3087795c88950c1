// `model status`: each model file compared with what pgcrate built — synced, missing (never
// built, or its relation is gone), changed (the file's SQL or materialization differs from the
// last run), modified (the relation was replaced or altered by hand since: another oid, or
// another view definition / column list) — and orphaned relations whose model file is gone.
#pragma once

#include <string>
#include <vector>

#include "model/graph.h"
#include "pg/connection.h"
#include "pgcrate/status.h"

namespace pgcrate::model {

struct ModelStatus {
  std::string id;
  std::string path;          // "" for orphans
  std::string materialized;  // of the file (orphans: as last run)
  std::string status;        // "synced", "missing", "changed", "modified", "orphaned"
  std::string detail;
  std::string last_run_at;  // "" when never
  int64_t rows = -1;
};

// Two queries whatever the number of models.
Result<std::vector<ModelStatus>> ModelStatuses(pg::Connection& conn, const Graph& graph);

}  // namespace pgcrate::model

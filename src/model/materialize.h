// Building one model on one connection, in one transaction: the view, table or incremental
// materialization, the ownership rule (a relation that exists but is not recorded in
// pgcrate.models as pgcrate's is never replaced), dependent views carried across a rebuild
// (model views are dropped and re-created from their files in the same transaction; any other
// dependent stops the build, named), grants and comments carried over, and the tracking row.
#pragma once

#include <cstdint>
#include <string>

#include "model/graph.h"
#include "pg/connection.h"
#include "pgcrate/status.h"

namespace pgcrate::model {

struct BuildOptions {
  bool full_refresh = false;  // incremental models rebuilt from scratch
};

struct BuildOutcome {
  std::string action;  // "created view", "replaced view", "rebuilt table", "merged"...
  int64_t rows = -1;   // rows written (tables and incremental runs); -1 for views
};

// Builds `graph.models()[index]`. The connection must be outside a transaction; the store
// table and the target schema must exist (RunModels creates both first).
Result<BuildOutcome> BuildModel(pg::Connection& conn, const Graph& graph, size_t index,
                                const BuildOptions& options);

}  // namespace pgcrate::model

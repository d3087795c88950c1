// `model run`: builds the selected models in dependency order on up to N connections. A model
// starts when every selected model it reads has succeeded; a failure marks everything
// downstream of it skipped while independent models go on. A model whose SQL reads another
// model that its `-- deps:` line does not declare is refused (the fix: `model lint deps
// --fix`), as is one reading a relation that is neither a model, an existing table or view,
// nor a `[model] sources` entry. Ctrl-C cancels the running statements (their transactions
// roll back) and reports what finished.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "model/graph.h"
#include "model/materialize.h"
#include "pg/connection.h"
#include "pgcrate/status.h"

namespace pgcrate::model {

using ConnectionFactory = std::function<Result<std::unique_ptr<pg::Connection>>()>;

struct RunOptions {
  int threads = 4;
  bool full_refresh = false;
  std::vector<std::string> sources;  // [model] sources: "schema.table" or "schema.*"
  // Opens one connection per worker; called from several threads at once for threads > 1.
  ConnectionFactory connect;
  // Called (from worker threads, serialized) as each model finishes, fails or is skipped.
  std::function<void(const struct ModelRun&)> on_done;
};

struct ModelRun {
  size_t index = 0;
  std::string id;
  std::string materialized;
  std::string status;  // "success", "error", "skipped"
  std::string action;
  int64_t rows = -1;
  double elapsed_ms = 0;
  Status error;  // for "error"; for "skipped" the reason is in `action`
};

struct RunSummary {
  std::vector<ModelRun> models;  // in the order of `selected`
  int succeeded = 0;
  int failed = 0;
  int skipped = 0;
  bool interrupted = false;
  double elapsed_ms = 0;
};

// Runs `selected` (indexes into graph.models(), topological order as Graph::Select returns).
// Fails as a whole only when no connection can be opened or the store cannot be created.
Result<RunSummary> RunModels(const Graph& graph, const std::vector<size_t>& selected,
                             const RunOptions& options);

}  // namespace pgcrate::model

// `pgcrate model ...` over the Session: models found under [paths] models, the model engine
// (src/model) called with option structs, text or the JSON envelope printed. `model test` is
// test_command.h.
#pragma once

#include <string>
#include <vector>

#include "app/session.h"
#include "pgcrate/status.h"

namespace pgcrate::app {

struct ModelRunOptions {
  std::vector<std::string> selectors;
  bool dry_run = false;
  bool init = false;
  bool full_refresh = false;
  int threads = 4;
  bool yes = false;
};

struct ModelGraphOptions {
  std::vector<std::string> selectors;
  std::string format = "text";  // text, mermaid, dot, svg (app/graphviz.h), json
};

// Each sets `failed` when the command's answer means exit 1 (a model failed, deps differ).
Status RunModelRun(Session& session, const ModelRunOptions& options, bool& failed);
Status RunModelCompile(Session& session, bool init);
Status RunModelShow(Session& session, const std::string& id);
Status RunModelStatus(Session& session);
Status RunModelGraph(Session& session, const ModelGraphOptions& options);
Status RunModelLintDeps(Session& session, bool fix, bool& failed);
Status RunModelNew(Session& session, const std::string& id, const std::string& materialized);
Status RunModelInit(Session& session);
Status RunModelMove(Session& session, const std::string& from, const std::string& to, bool drop_old,
                    bool yes);

}  // namespace pgcrate::app

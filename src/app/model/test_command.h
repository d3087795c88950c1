// `pgcrate model test`: the models under [paths] models (optionally chosen by selectors), each
// `-- tests:` entry run by the model test engine (src/model/testing.h) on `threads` connections,
// and the outcomes printed as a table with example failing rows, or as JSON.
#pragma once

#include <string>
#include <vector>

#include "app/session.h"
#include "pgcrate/status.h"

namespace pgcrate::app {

struct ModelTestOptions {
  std::vector<std::string> select;  // -s selectors (model/graph.h); empty = every model
  int threads = 4;
  bool init = false;  // create the models folder when it is missing
};

// `passed` is set on success: false when a test failed or could not run (the CLI exits 1).
Status RunModelTest(Session& session, const ModelTestOptions& options, bool& passed);

}  // namespace pgcrate::app

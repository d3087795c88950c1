// `pgcrate seed list | run | validate | diff` over the Session: finds the seeds under
// [paths] seeds, calls the seed engine (src/seed), and prints text or the JSON envelope.
#pragma once

#include <string>
#include <vector>

#include "app/session.h"
#include "pgcrate/status.h"

namespace pgcrate::app {

struct SeedRunOptions {
  std::vector<std::string> names;  // "schema.table"; empty = every seed
  bool dry_run = false;
  bool yes = false;  // past the production gate
};

Status RunSeedList(Session& session);
Status RunSeedRun(Session& session, const SeedRunOptions& options);

}  // namespace pgcrate::app

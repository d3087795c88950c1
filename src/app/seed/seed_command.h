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

struct SeedValidateOptions {
  std::vector<std::string> names;
  bool offline = false;  // never connect (otherwise the database is used when reachable)
};

struct SeedDiffOptions {
  std::vector<std::string> names;
};

Status RunSeedList(Session& session);
// `valid` / `identical` are set on success; the CLI exits 1 when they are false.
Status RunSeedValidate(Session& session, const SeedValidateOptions& options, bool& valid);
Status RunSeedDiff(Session& session, const SeedDiffOptions& options, bool& identical);
Status RunSeedRun(Session& session, const SeedRunOptions& options);

}  // namespace pgcrate::app

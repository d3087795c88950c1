// `pgcrate plan | apply | watch`: the code folder ([paths] code) and the pending migrations
// over the code engine (src/code). Plan is read-only; apply and watch pass the production gate
// (watch refuses production outright).
#pragma once

#include "app/migrate/commands.h"
#include "app/session.h"
#include "pgcrate/status.h"

namespace pgcrate::app {

struct PlanCommandOptions {
  bool exit_code = false;  // --exit-code: 1 when there is something to do
};

struct ApplyCommandOptions {
  bool dry_run = false;  // print the SQL, change nothing
  bool yes = false;      // production gate
  bool allow_changed = false;
  bool allow_out_of_order = false;
  migrate::LockFlags lock;
};

struct WatchCommandOptions {
  int debounce_ms = 200;
};

// `pending_work` is set when the plan is not empty.
Status RunPlan(Session& session, const PlanCommandOptions& options, bool& pending_work);
Status RunApply(Session& session, const ApplyCommandOptions& options);
// Runs until interrupted (then Ok).
Status RunWatch(Session& session, const WatchCommandOptions& options);

}  // namespace pgcrate::app

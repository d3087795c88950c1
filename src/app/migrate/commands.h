// The `pgcrate migrate ...` commands: each takes the Session (config, connection, output) and
// an options struct filled by cli/migrate_cmd.cc, turns the `[migrate]` settings into the
// engine's options (migrate/runner.h, with the `[migrate] lint` gate of lint/gate.h), calls
// the runner, and writes its answer through session.out() (text or the --json envelope).
#pragma once

#include <string>

#include "app/session.h"
#include "pgcrate/status.h"

namespace pgcrate::migrate {

// Flags shared by the commands that take the migration lock.
struct LockFlags {
  bool no_lock = false;
  int lock_wait_s = -1;  // --lock-wait; -1 = [migrate] lock_wait
};

struct UpCommandOptions {
  bool dry_run = false;
  std::string to_version;
  bool allow_changed = false;
  bool allow_out_of_order = false;
  int lock_retries = -1;  // --lock-retries; -1 = [migrate] lock_retries
  bool yes = false;       // production gate
  LockFlags lock;
};

struct DownCommandOptions {
  int steps = 0;
  bool yes = false;
  bool dry_run = false;
  int lock_retries = -1;
  LockFlags lock;
};

struct NewCommandOptions {
  std::string name;
  bool with_down = false;  // also from [defaults] with_down
  bool yes = false;        // accepted and ignored (scripting consistency)
};

struct MarkCommandOptions {  // baseline and stamp
  std::string version;       // stamp: the version; baseline: --to (optional)
  bool yes = false;
  LockFlags lock;
};

Status RunUp(app::Session& session, const UpCommandOptions& options);
Status RunDown(app::Session& session, const DownCommandOptions& options);
Status RunStatus(app::Session& session);
Status RunNew(app::Session& session, const NewCommandOptions& options);
Status RunBaseline(app::Session& session, const MarkCommandOptions& options);
Status RunStamp(app::Session& session, const MarkCommandOptions& options);
Status RunHistory(app::Session& session);
// kConflict-free exit 1 (a Status) when an applied file changed or vanished.
Status RunVerify(app::Session& session);
Status RunSql(app::Session& session, const UpCommandOptions& options);

}  // namespace pgcrate::migrate

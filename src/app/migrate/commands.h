// The `pgcrate migrate ...` commands: each takes the Session (config, connection, output) and
// an options struct filled by cli/migrate_cmd.cc, turns the `[migrate]` settings into the
// engine's options (migrate/runner.h, with the `[migrate] lint` gate of lint/gate.h), calls
// the runner, and writes its answer through session.out() (text or the --json envelope).
#pragma once

#include <functional>
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
  std::string module;  // --module: one [modules.NAME]; "" = the project's and every module's
  bool dry_run = false;
  std::string to_version;
  bool allow_changed = false;
  bool allow_out_of_order = false;
  int lock_retries = -1;  // --lock-retries; -1 = [migrate] lock_retries
  bool yes = false;       // production gate
  LockFlags lock;
  // migrate sql only: --offline renders every file (or those from --from on) with no
  // connection; from_version is inclusive.
  bool offline = false;
  std::string from_version;
};

struct DownCommandOptions {
  std::string module;
  int steps = 0;
  std::string to_version;  // --to: roll back everything newer than VERSION (exclusive)
  bool yes = false;
  bool dry_run = false;
  int lock_retries = -1;
  LockFlags lock;
};

struct NewCommandOptions {
  std::string module;  // --module: create the file in the module's directory (NNN_ numbering)
  std::string name;
  bool with_down = false;  // also from [defaults] with_down
  bool yes = false;        // accepted and ignored (scripting consistency)
};

struct MarkCommandOptions {  // baseline and stamp
  std::string module;
  std::string version;  // stamp: the version; baseline: --to (optional)
  bool yes = false;
  LockFlags lock;
};

// The read-only views (status, history, verify, current).
struct DriftSummary {
  bool drifted = false;
  std::string line;  // e.g. "no drift" / "3 differences (pgcrate migrate check shows them)"
};
struct InfoCommandOptions {
  std::string module;
  // status --check-drift: the drift line, computed by app/drift (the CLI wires it in; this
  // library does not depend on the shadow-database machinery).
  std::function<Result<DriftSummary>(app::Session&)> drift;
};

Status RunUp(app::Session& session, const UpCommandOptions& options);
Status RunDown(app::Session& session, const DownCommandOptions& options);
Status RunStatus(app::Session& session, const InfoCommandOptions& options);
// The current (highest applied) version of each unit; exit 0 even when none is applied.
Status RunCurrent(app::Session& session, const InfoCommandOptions& options);
Status RunNew(app::Session& session, const NewCommandOptions& options);
Status RunBaseline(app::Session& session, const MarkCommandOptions& options);
Status RunStamp(app::Session& session, const MarkCommandOptions& options);
Status RunHistory(app::Session& session, const InfoCommandOptions& options);
// kConflict-free exit 1 (a Status) when an applied file changed or vanished.
Status RunVerify(app::Session& session, const InfoCommandOptions& options);
Status RunSql(app::Session& session, const UpCommandOptions& options);

}  // namespace pgcrate::migrate

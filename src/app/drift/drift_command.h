// `pgcrate migrate check` and `pgcrate migrate autogenerate NAME` over the Session:
// - `migrate check`: every migration file applied to a shadow database, whose catalog is
//   compared with the target database's; drift = any difference (someone changed the
//   database by hand, or migrations are pending).
// - `migrate autogenerate NAME`: the desired state (the SQL files under [paths] schema) loaded
//   into one shadow database and the migrations into another; the difference becomes a new
//   migration (up: migrations -> desired, down: the reverse), or "no changes".
// The shadow databases and catalogs are shadow/ (shadow.h, drift.h); the comparison is diff/.
#pragma once

#include <memory>
#include <string>

#include "app/migrate/commands.h"
#include "app/session.h"
#include "pgcrate/status.h"
#include "shadow/shadow.h"

namespace pgcrate::shadow {

// A shadow database for this session's server (falling back to the dev cluster); reports
// stale shadows it dropped and the fallback on stderr.
Result<std::unique_ptr<ShadowDatabase>> CreateForSession(app::Session& session);

// A project path ([paths] value) resolved against the project root.
std::string ProjectPath(const app::Session& session, const std::string& path);

// `migrate check`; `drifted` is set on success.
Status RunMigrateCheck(app::Session& session, bool& drifted);

// The drift line of `migrate status --check-drift` (the same comparison as migrate check).
Result<migrate::DriftSummary> DriftSummaryForStatus(app::Session& session);

// `migrate autogenerate NAME`; `changed` is false when there is nothing to write.
Status RunAutogenerate(app::Session& session, const std::string& name, bool& changed);

}  // namespace pgcrate::shadow

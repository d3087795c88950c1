// `pgcrate dev start|stop|status|url|reset`: the project-local throwaway PostgreSQL cluster
// under <project>/.pgcrate/dev.
#pragma once

#include <string>

#include "app/session.h"
#include "pgcrate/status.h"

namespace pgcrate::app {

// `action` is one of start, stop, status, url, reset. `major` (start and reset; 0 = the default
// binaries) is the PostgreSQL major version a new cluster gets (`--pg 17`).
Status RunDev(Session& session, const std::string& action, int major = 0);

}  // namespace pgcrate::app

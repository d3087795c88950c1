// `pgcrate dev start|stop|status|url|reset`: the project-local throwaway PostgreSQL cluster
// under <project>/.pgcrate/dev.
#pragma once

#include <string>

#include "app/session.h"
#include "pgcrate/status.h"

namespace pgcrate::app {

// `action` is one of start, stop, status, url, reset.
Status RunDev(Session& session, const std::string& action);

}  // namespace pgcrate::app

// `pgcrate context` (who and where we are connected, server version, privileges, project
// settings) and `pgcrate capabilities` (what this connection can do, each with a reason).
#pragma once

#include "app/session.h"
#include "pgcrate/status.h"

namespace pgcrate::app {

Status RunContext(Session& session);
Status RunCapabilities(Session& session);

}  // namespace pgcrate::app

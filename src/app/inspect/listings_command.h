// `pgcrate inspect extensions|roles|grants`: the listings of inspect/listings.h printed as a
// table or as {"ok":true,"extensions"|"roles"|"grants":[...]}.
#pragma once

#include "app/session.h"
#include "inspect/listings.h"
#include "pgcrate/status.h"

namespace pgcrate::inspect {

Status RunInspectExtensions(app::Session& session);

// `all` includes the predefined pg_* roles.
Status RunInspectRoles(app::Session& session, bool all);

Status RunInspectGrants(app::Session& session, const GrantFilter& filter);

}  // namespace pgcrate::inspect

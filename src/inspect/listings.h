// `pgcrate inspect extensions|roles|grants`: one catalog query each, printed as a table or
// as {"ok":true,"extensions"|"roles"|"grants":[...]}.
#pragma once

#include <string>

#include "app/session.h"
#include "pgcrate/status.h"

namespace pgcrate::inspect {

Status RunInspectExtensions(app::Session& session);

// `all` includes the predefined pg_* roles.
Status RunInspectRoles(app::Session& session, bool all);

struct GrantFilter {
  std::string schema;  // "" = any
  std::string table;   // "name" or "schema.name"; "" = any
  std::string role;    // grantee; "PUBLIC" for grants to everyone; "" = any
};
// Privileges on schemas, tables, views, sequences and functions (owners' implicit rights
// included), one row per object and grantee.
Status RunInspectGrants(app::Session& session, const GrantFilter& filter);

}  // namespace pgcrate::inspect

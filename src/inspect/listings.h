// The listings of `pgcrate inspect extensions|roles|grants`: one catalog query each, returned
// as rows ready for a table (text cells) and for JSON (typed values). Printing is the
// command's (app/inspect/listings_command.h).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pg/connection.h"
#include "pgcrate/status.h"

namespace pgcrate::inspect {

struct ListingTable {
  std::string key;                             // JSON array name: "extensions", ...
  std::vector<std::string> headers;            // text table headers, one per column
  std::vector<std::vector<std::string>> rows;  // text cells
  nlohmann::ordered_json json = nlohmann::ordered_json::array();  // one object per row
};

Result<ListingTable> ListExtensions(pg::Connection& conn);

// `all` includes the predefined pg_* roles.
Result<ListingTable> ListRoles(pg::Connection& conn, bool all);

struct GrantFilter {
  std::string schema;  // "" = any
  std::string table;   // "name" or "schema.name"; "" = any
  std::string role;    // grantee; "PUBLIC" for grants to everyone; "" = any
};
// Privileges on schemas, tables, views, sequences and functions (owners' implicit rights
// included), one row per object and grantee.
Result<ListingTable> ListGrants(pg::Connection& conn, const GrantFilter& filter);

}  // namespace pgcrate::inspect

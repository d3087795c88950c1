// `pgcrate inspect diff --from URL --to URL [--sql] [--no-destructive]`: compares two
// databases' schemas. Prints the differences (text) or the spec's diff JSON (identical,
// summary per kind, formatted_diff); with --sql, the migration script that turns `from`
// into `to` (in JSON under "sql").
#pragma once

#include <string>
#include <vector>

#include "app/session.h"
#include "pgcrate/status.h"

namespace pgcrate::inspect {

struct DiffOptions {
  std::string from_url;  // "" = the configured database
  std::string to_url;    // required
  bool sql = false;
  bool no_destructive = false;
  std::vector<std::string> schemas;  // only these (empty = all)
  std::vector<std::string> exclude_schemas;
};

// On success `identical` says whether the schemas are equal (the CLI exits 1 when not).
Status RunInspectDiff(app::Session& session, const DiffOptions& options, bool& identical);

}  // namespace pgcrate::inspect

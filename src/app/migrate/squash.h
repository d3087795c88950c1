// `pgcrate migrate squash NAME [--from V] [--to V] [--dry-run]`: replaces a range of migrations
// (default: all) by ONE file generated from the schema they produce. The range's catalogs come
// from a shadow database (the migrations before the range applied, catalog A; then the range,
// catalog B); the file's up section is diff's plan A -> B, its down section the plan B -> A
// when that one is verified too. A second shadow database checks the result: the migrations
// before the range plus the new file must produce B, else nothing is written. The file takes
// the range's last version and the header `-- pgcrate: replaces V1 ... Vn` (migrate/replaces.h),
// so databases that applied the old files see it as applied and fresh ones run it. Refused
// (nothing changed) when a file of the range is not applied on the target database, changed
// since it was applied, or holds data statements (INSERT/UPDATE/DELETE/COPY/MERGE), which a
// schema-generated file cannot carry. With --module, the module's files: the units before it
// (the project's migrations, earlier modules) run first in the shadow databases, the file is
// named in the style of the module's files, and the module's schema is written {{schema}}.
#pragma once

#include <string>

#include "app/session.h"
#include "pgcrate/status.h"

namespace pgcrate::migrate {

struct SquashCommandOptions {
  std::string name;
  std::string module;    // --module: a [modules.NAME]'s migrations ("" = the project's)
  std::string from, to;  // versions of existing files ("" = the first / the last)
  bool dry_run = false;  // everything but writing: the file is printed
};

Status RunSquash(app::Session& session, const SquashCommandOptions& options);

}  // namespace pgcrate::migrate

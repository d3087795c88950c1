// `pgcrate migrate import --from TOOL DIR [--adopt] [--dry-run]`: converts another tool's
// migrations (src/importer) into the project's migrations directory ([paths] migrations; Flyway
// repeatables into [paths] code) and, with --adopt, records what that tool applied to the
// database as applied in pgcrate's tracking table. Text or the --json envelope.
#pragma once

#include <string>

#include "app/migrate/commands.h"
#include "app/session.h"
#include "pgcrate/status.h"

namespace pgcrate::migrate {

struct ImportCommandOptions {
  std::string from;  // dbmate|golang-migrate|flyway|sqitch|pairs|numbered
  std::string dir;   // the other tool's directory
  bool adopt = false;
  bool dry_run = false;
  std::string table;  // --table: the tool's tracking table when not its default
  bool yes = false;   // production gate for --adopt
  LockFlags lock;
};

// Exit 1 (nothing written, nothing recorded) on a conversion error, an existing target file
// with other content, an absent or dirty tracking table; exit 2 for bad flags.
Status RunImport(app::Session& session, const ImportCommandOptions& options);

}  // namespace pgcrate::migrate

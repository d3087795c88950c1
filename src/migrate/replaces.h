// Squashed migrations (`pgcrate migrate squash`): a file whose header says
// `-- pgcrate: replaces V1 ... Vn` stands for the migrations of those versions, which are gone
// from the folder. Its own version is the last of them, so a database that applied the old
// files has a tracking row for it (with the OLD file's checksum) and rows for the others
// (without files). These functions let the overview and the runner read such a database as
// "the squashed file is applied", while a fresh database runs the squashed file once and
// records it under its version like any other. Pure logic except the row clean-up hook.
//
// The rules: a squashed file S whose own version has a row is applied. When that row's
// checksum is not S's and another of S's replaced versions has a row too, the database applied
// the old files: the row is "adopted" (its checksum is not compared). The rows of S's other
// replaced versions that have no file of their own are "superseded": neither applied entries
// nor missing files. A pending S with rows for some of its replaced versions is a database
// part-way through the old range: `migrate up` refuses it.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "migrate/apply.h"
#include "migrate/migration_file.h"
#include "migrate/store.h"

namespace pgcrate::migrate {

struct ReplacedRows {
  std::set<std::string> superseded;  // rows that stand for no file: hidden
  std::set<std::string> adopted;     // rows of squashed files applied as the old files
};

// How the rows of `applied` relate to the squashed files among `files`.
ReplacedRows ResolveReplaced(const std::vector<MigrationFile>& files,
                             const std::vector<AppliedMigration>& applied);

// kConflict, naming the file and the recorded versions, when a squashed file about to run has
// rows for some of the versions it replaces (it would re-create what they created). OK when
// no file in `pending` is squashed.
Status CheckPartlyReplaced(const std::vector<const MigrationFile*>& pending,
                           const std::vector<AppliedMigration>& applied);

// The work that marks rolled back (in `tracking`, in the transaction of a rollback) the
// superseded rows of the squashed files in `rolled_back`, so the database no longer claims the
// old range; the rows stay as history. Empty hooks when there are none.
TransactionHooks SupersededRowsCleanup(const std::vector<const MigrationFile*>& rolled_back,
                                       const std::vector<AppliedMigration>& applied,
                                       const Tracking& tracking);

}  // namespace pgcrate::migrate

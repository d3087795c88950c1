// Overview: the comparison of the migration files on disk with the rows of the tracking
// table — what is applied, pending, pending but older than the latest applied (out of order),
// applied but whose file vanished, and applied but whose file changed since. Pure logic. Rows
// that a squashed file stands for (`-- pgcrate: replaces`) are read as migrate/replaces.h says.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "migrate/migration_file.h"
#include "migrate/store.h"

namespace pgcrate::migrate {

struct ChangedFile {
  const MigrationFile* file = nullptr;
  std::string recorded_checksum;  // in the tracking table
};

// Pointers refer into the vectors given to Compare(), which must outlive the Overview.
struct Overview {
  std::vector<const AppliedMigration*> applied;     // every tracking row, by version
  std::vector<const MigrationFile*> pending;        // files without a row, in file order
  std::vector<const MigrationFile*> out_of_order;   // pending and older than latest_applied
  std::vector<const AppliedMigration*> missing;     // rows whose file is gone
  std::vector<ChangedFile> changed;                 // rows whose file's checksum differs
  std::vector<const AppliedMigration*> unverified;  // rows without a recorded checksum
  std::string latest_applied;                       // highest applied version, "" when none
  // Every file's version and file, sorted by version (a binary search: no hash table of
  // 10,000 nodes to build and free at every `status`).
  std::vector<std::pair<std::string_view, const MigrationFile*>> file_by_version;

  // The file of `version` (the last one given when several share it), nullptr when none.
  // Callers walk versions in order: the entry after the last one found is tried first.
  const MigrationFile* FileFor(std::string_view version) const;

 private:
  mutable size_t next_ = 0;  // FileFor's guess
};

Overview Compare(const std::vector<MigrationFile>& files,
                 const std::vector<AppliedMigration>& applied);

}  // namespace pgcrate::migrate

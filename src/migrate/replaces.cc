#include "migrate/replaces.h"

#include <algorithm>
#include <map>
#include <string_view>
#include <unordered_set>

#include "base/strings.h"

namespace pgcrate::migrate {
namespace {

using Rows = std::map<std::string, const AppliedMigration*>;

Rows ByVersion(const std::vector<AppliedMigration>& applied) {
  Rows rows;
  for (const auto& a : applied) rows[a.version] = &a;
  return rows;
}

// The versions `f` replaces, other than its own, that have a row.
std::vector<std::string> RecordedOthers(const MigrationFile& f, const Rows& rows) {
  std::vector<std::string> out;
  for (const std::string& v : f.replaces) {
    if (v != f.version && rows.count(v)) out.push_back(v);
  }
  return out;
}

}  // namespace

ReplacedRows ResolveReplaced(const std::vector<MigrationFile>& files,
                             const std::vector<AppliedMigration>& applied) {
  ReplacedRows out;
  bool squashed = std::any_of(files.begin(), files.end(),
                              [](const MigrationFile& f) { return !f.replaces.empty(); });
  if (!squashed || applied.empty()) return out;  // no squashed file, or nothing applied
  Rows rows = ByVersion(applied);
  std::unordered_set<std::string_view> file_versions;
  file_versions.reserve(files.size());
  for (const auto& f : files) file_versions.insert(f.version);
  for (const auto& f : files) {
    auto own = rows.find(f.version);
    if (f.replaces.empty() || own == rows.end()) continue;
    std::vector<std::string> others = RecordedOthers(f, rows);
    if (own->second->checksum != f.checksum && !others.empty()) out.adopted.insert(f.version);
    for (const std::string& v : others) {
      if (!file_versions.count(v)) out.superseded.insert(v);
    }
  }
  return out;
}

Status CheckPartlyReplaced(const std::vector<const MigrationFile*>& pending,
                           const std::vector<AppliedMigration>& applied) {
  Rows rows;
  for (const MigrationFile* f : pending) {
    if (f->replaces.empty()) continue;
    if (rows.empty()) rows = ByVersion(applied);
    std::vector<std::string> others = RecordedOthers(*f, rows);
    if (others.empty()) continue;
    return Status(Code::kConflict,
                  "migration " + f->file_name + " replaces " + std::to_string(f->replaces.size()) +
                      " squashed migrations, and this database applied only "
                      "some of them (" +
                      base::Join(others, ", ") + "); running it would re-create what they created.")
        .WithLocation({f->path, 0, 0})
        .WithHint(
            "bring the database to the end of the squashed range with the old migration files "
            "(from version control) first, then `pgcrate migrate up` sees the squashed file as "
            "applied.");
  }
  return Status::Ok();
}

TransactionHooks SupersededRowsCleanup(const std::vector<const MigrationFile*>& rolled_back,
                                       const std::vector<AppliedMigration>& applied,
                                       const Tracking& tracking) {
  Rows rows;
  std::vector<std::string> versions;
  for (const MigrationFile* f : rolled_back) {
    if (f->replaces.empty()) continue;
    if (rows.empty()) rows = ByVersion(applied);
    for (const std::string& v : RecordedOthers(*f, rows)) versions.push_back(v);
  }
  TransactionHooks hooks;
  if (versions.empty()) return hooks;
  hooks.after = [versions, tracking](pg::Connection& conn) -> Status {
    for (const std::string& v : versions)
      PGCRATE_RETURN_IF_ERROR(MarkRolledBack(conn, v, tracking));
    return Status::Ok();
  };
  return hooks;
}

}  // namespace pgcrate::migrate

#include "migrate/overview.h"

#include <unordered_set>

#include "migrate/replaces.h"

namespace pgcrate::migrate {

const MigrationFile* Overview::FileFor(const std::string& version) const {
  auto it = file_by_version.find(version);
  return it == file_by_version.end() ? nullptr : it->second;
}

Overview Compare(const std::vector<MigrationFile>& files,
                 const std::vector<AppliedMigration>& applied) {
  Overview o;
  o.file_by_version.reserve(files.size());
  for (const auto& f : files) o.file_by_version[f.version] = &f;
  std::unordered_set<std::string_view> rows;
  rows.reserve(applied.size());
  ReplacedRows replaced = ResolveReplaced(files, applied);  // squashed files (replaces.h)
  for (const auto& a : applied) {
    if (replaced.superseded.count(a.version)) continue;
    rows.insert(a.version);
    o.applied.push_back(&a);
    if (o.latest_applied.empty() || VersionLess(o.latest_applied, a.version)) {
      o.latest_applied = a.version;
    }
    const MigrationFile* f = o.FileFor(a.version);
    if (!f) {
      o.missing.push_back(&a);
    } else if (a.checksum.empty()) {
      o.unverified.push_back(&a);
    } else if (a.checksum != f->checksum && !replaced.adopted.count(a.version)) {
      o.changed.push_back({f, a.checksum});
    }
  }
  for (const auto& f : files) {
    if (rows.count(f.version)) continue;
    o.pending.push_back(&f);
    if (!o.latest_applied.empty() && VersionLess(f.version, o.latest_applied)) {
      o.out_of_order.push_back(&f);
    }
  }
  return o;
}

}  // namespace pgcrate::migrate

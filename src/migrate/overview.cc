#include "migrate/overview.h"

#include <algorithm>
#include <iterator>

#include "migrate/replaces.h"

namespace pgcrate::migrate {

namespace {

bool FirstLess(const std::pair<std::string_view, const MigrationFile*>& a,
               const std::pair<std::string_view, const MigrationFile*>& b) {
  return a.first < b.first;
}

}  // namespace

const MigrationFile* Overview::FileFor(std::string_view version) const {
  auto it = std::upper_bound(file_by_version.begin(), file_by_version.end(),
                             std::make_pair(version, static_cast<const MigrationFile*>(nullptr)),
                             FirstLess);
  return it == file_by_version.begin() || std::prev(it)->first != version ? nullptr
                                                                          : std::prev(it)->second;
}

Overview Compare(const std::vector<MigrationFile>& files,
                 const std::vector<AppliedMigration>& applied) {
  Overview o;
  o.file_by_version.reserve(files.size());
  for (const auto& f : files) o.file_by_version.emplace_back(f.version, &f);
  // Files come in version order (a stable sort keeps the later of equal versions last).
  if (!std::is_sorted(o.file_by_version.begin(), o.file_by_version.end(), FirstLess)) {
    std::stable_sort(o.file_by_version.begin(), o.file_by_version.end(), FirstLess);
  }
  std::vector<std::string_view> rows;  // the versions of the rows kept, sorted
  rows.reserve(applied.size());
  ReplacedRows replaced = ResolveReplaced(files, applied);  // squashed files (replaces.h)
  for (const auto& a : applied) {
    if (replaced.superseded.count(a.version)) continue;
    rows.push_back(a.version);
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
  if (!std::is_sorted(rows.begin(), rows.end())) std::sort(rows.begin(), rows.end());
  for (const auto& f : files) {
    if (std::binary_search(rows.begin(), rows.end(), std::string_view(f.version))) continue;
    o.pending.push_back(&f);
    if (!o.latest_applied.empty() && VersionLess(f.version, o.latest_applied)) {
      o.out_of_order.push_back(&f);
    }
  }
  return o;
}

}  // namespace pgcrate::migrate

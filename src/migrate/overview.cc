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
  size_t n = file_by_version.size();
  for (size_t i : {next_, next_ - 1}) {  // the next entry, or the last one found again
    if (i < n && file_by_version[i].first == version &&
        (i + 1 == n || file_by_version[i + 1].first != version)) {
      next_ = i + 1;
      return file_by_version[i].second;
    }
  }
  auto it = std::upper_bound(file_by_version.begin(), file_by_version.end(),
                             std::make_pair(version, static_cast<const MigrationFile*>(nullptr)),
                             FirstLess);
  if (it == file_by_version.begin() || std::prev(it)->first != version) return nullptr;
  next_ = static_cast<size_t>(it - file_by_version.begin());
  return std::prev(it)->second;
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
  // Which files have a row: one walk over both sorted lists.
  std::vector<char> has_row(files.size(), 0);
  size_t j = 0;
  for (const auto& [version, file] : o.file_by_version) {
    while (j < rows.size() && rows[j] < version) ++j;
    if (j < rows.size() && rows[j] == version)
      has_row[static_cast<size_t>(file - files.data())] = 1;
  }
  for (const auto& f : files) {
    if (has_row[static_cast<size_t>(&f - files.data())]) continue;
    o.pending.push_back(&f);
    if (!o.latest_applied.empty() && VersionLess(f.version, o.latest_applied)) {
      o.out_of_order.push_back(&f);
    }
  }
  return o;
}

}  // namespace pgcrate::migrate

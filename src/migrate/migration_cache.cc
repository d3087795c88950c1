#include "migrate/migration_cache.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <limits>

#include "base/files.h"
#include "base/strings.h"
#include "pgcrate/version.h"

namespace pgcrate::migrate {
namespace {

// The first line; another pgcrate (whose parser may differ) or format starts cold.
std::string Header() { return std::string("pgcrate-migration-cache 1 ") + kVersion; }

constexpr long long kUntrustedNs = 2'000'000'000;  // entries younger than this are re-read

long long Ns(const struct timespec& t) {
  return static_cast<long long>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

bool Storable(const std::string& s) { return s.find_first_of("\t\n\r") == std::string::npos; }

// -2 (never equal to a real stamp) when `s` is not a whole number. A digit loop: four of
// these per line of a 10,000-line cache cost more through std::from_chars.
long long ToLong(std::string_view s) {
  bool negative = !s.empty() && s[0] == '-';
  if (negative) s.remove_prefix(1);
  if (s.empty() || s.size() > 19) return -2;  // 19 digits fit in 64 unsigned bits
  unsigned long long v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -2;
    v = v * 10 + static_cast<unsigned long long>(c - '0');
  }
  if (v > static_cast<unsigned long long>(std::numeric_limits<long long>::max())) return -2;
  return negative ? -static_cast<long long>(v) : static_cast<long long>(v);
}

}  // namespace

FileStamp StampOf(const std::string& path) { return StampAt(AT_FDCWD, path); }

FileStamp StampAt(int dir_fd, const std::string& name) {
  struct stat st {};
  if (fstatat(dir_fd, name.c_str(), &st, 0) != 0 || !S_ISREG(st.st_mode)) return {};
  return {static_cast<long long>(st.st_size), Ns(st.st_mtim), Ns(st.st_ctim),
          static_cast<unsigned long long>(st.st_ino)};
}

MigrationCache::MigrationCache(std::string cache_file) : path_(std::move(cache_file)) {
  auto text = base::ReadBytes(path_);
  if (!text.ok()) return;
  text_ = std::move(text).value();
  std::string_view rest = text_;
  auto next_line = [&rest]() {
    size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    return line;
  };
  if (next_line() != Header()) return;
  entries_.reserve(rest.size() / 64);  // a line is longer than that (name, stamp, checksum)
  while (!rest.empty()) {
    std::string_view line = next_line();
    // name, size, mtime, ctime, inode, then the 8 fields of the file (13 in all).
    std::string_view f[5];
    size_t start = 0, n = 0;
    for (; n < 5; ++n) {
      size_t tab = line.find('\t', start);
      if (tab == std::string_view::npos) break;
      f[n] = line.substr(start, tab - start);
      start = tab + 1;
    }
    std::string_view fields = n == 5 ? line.substr(start) : std::string_view();
    if (n != 5) continue;  // the file's 8 fields are checked when an entry is used (Fill)
    entries_.push_back(
        {f[0],
         {ToLong(f[1]), ToLong(f[2]), ToLong(f[3]), static_cast<unsigned long long>(ToLong(f[4]))},
         fields});
  }
  // Written in name order; a file edited by hand is sorted (and its duplicates dropped) here.
  auto by_name = [](const Entry& a, const Entry& b) { return a.name < b.name; };
  if (!std::is_sorted(entries_.begin(), entries_.end(), by_name)) {
    std::stable_sort(entries_.begin(), entries_.end(), by_name);
  }
  auto same_name = [](const Entry& a, const Entry& b) { return a.name == b.name; };
  entries_.erase(std::unique(entries_.begin(), entries_.end(), same_name), entries_.end());
}

const MigrationCache::Entry* MigrationCache::Lookup(std::string_view file_name,
                                                    size_t position) const {
  if (position < entries_.size() && entries_[position].name == file_name) {
    return &entries_[position];
  }
  auto it = std::lower_bound(entries_.begin(), entries_.end(), file_name,
                             [](const Entry& e, std::string_view n) { return e.name < n; });
  return it != entries_.end() && it->name == file_name ? &*it : nullptr;
}

bool MigrationCache::Fill(const Entry& e, MigrationFile& out) {
  std::string_view f[8];
  std::string_view rest = e.fields;
  for (size_t n = 0; n < 7; ++n) {
    size_t tab = rest.find('\t');
    if (tab == std::string_view::npos) return false;  // fewer than 8 fields: not ours
    f[n] = rest.substr(0, tab);
    rest = rest.substr(tab + 1);
  }
  if (rest.find('\t') != std::string_view::npos) return false;  // more than 8
  f[7] = rest;
  out.file_name = e.name;
  out.version = f[0];
  out.name = f[1];
  out.checksum = f[2];
  out.has_down = f[3] == "1";
  out.no_transaction = f[4] == "1";
  out.up_line = static_cast<int>(ToLong(f[5]));
  out.down_line = static_cast<int>(ToLong(f[6]));
  out.replaces.clear();
  if (!f[7].empty()) out.replaces = base::Split(f[7], ' ');
  return true;
}

bool MigrationCache::Find(const std::string& file_name, const FileStamp& stamp, MigrationFile& out,
                          size_t position) const {
  if (stamp.size < 0) return false;
  const Entry* e = Lookup(file_name, position);
  if (e == nullptr || !(e->stamp == stamp)) return false;
  return Fill(*e, out);
}

void MigrationCache::Put(const std::string& file_name, const FileStamp& stamp,
                         const MigrationFile& file) {
  long long now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  bool young = now - stamp.mtime_ns < kUntrustedNs;
  bool storable = Storable(file_name) && Storable(file.version) && Storable(file.name);
  for (const auto& r : file.replaces)
    storable = storable && Storable(r) && r.find(' ') == std::string::npos;
  changed_ = true;
  if (stamp.size < 0 || young || !storable) {
    updates_[file_name] = {FileStamp{}, MigrationFile{}};  // size -1: not kept
    return;
  }
  MigrationFile m = file;  // read without SQL: only the path and the shifts to drop
  m.path.clear();
  m.up_sql.clear();
  m.down_sql.clear();
  m.up_shifts.clear();
  m.down_shifts.clear();
  updates_[file_name] = {stamp, std::move(m)};
}

void MigrationCache::Save(const std::vector<std::string>& keep) {
  // Unchanged: nothing was Put and the entries are exactly the directory's files.
  if (!changed_ && entries_.size() == keep.size()) {
    bool same = true;
    for (size_t i = 0; i < keep.size() && same; ++i) same = entries_[i].name == keep[i];
    if (same) return;
  }
  if (path_.empty()) return;
  std::string out = Header() + "\n";
  // name, stamp, then the file's fields as stored (version ... replaces).
  auto line = [&out](std::string_view name, const FileStamp& st, std::string_view fields) {
    out.append(name).append("\t").append(std::to_string(st.size)).append("\t");
    out.append(std::to_string(st.mtime_ns)).append("\t").append(std::to_string(st.ctime_ns));
    out.append("\t").append(std::to_string(st.inode)).append("\t").append(fields).append("\n");
  };
  for (const std::string& name : keep) {
    if (auto u = updates_.find(name); u != updates_.end()) {
      const auto& [stamp, m] = u->second;
      if (stamp.size < 0) continue;
      line(name, stamp,
           m.version + "\t" + m.name + "\t" + m.checksum + (m.has_down ? "\t1" : "\t0") +
               (m.no_transaction ? "\t1\t" : "\t0\t") + std::to_string(m.up_line) + "\t" +
               std::to_string(m.down_line) + "\t" + base::Join(m.replaces, " "));
    } else if (const Entry* e = Lookup(name)) {
      line(name, e->stamp, e->fields);
    }
  }
  std::string dir = path_.substr(0, path_.rfind('/'));
  if (path_.find('/') != std::string::npos && !base::MakeDirs(dir).ok()) return;
  (void)base::WriteFile(path_, out, /*overwrite=*/true);  // best effort: a cold cache next time
}

}  // namespace pgcrate::migrate

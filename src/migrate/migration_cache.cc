#include "migrate/migration_cache.h"

#include <sys/stat.h>

#include <charconv>
#include <chrono>
#include <set>

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

// -2 (never equal to a real stamp) when `s` is not a whole number.
long long ToLong(std::string_view s) {
  long long v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && end == s.data() + s.size() ? v : -2;
}

}  // namespace

FileStamp StampOf(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return {};
  return {static_cast<long long>(st.st_size), Ns(st.st_mtim), Ns(st.st_ctim),
          static_cast<unsigned long long>(st.st_ino)};
}

MigrationCache::MigrationCache(std::string cache_file) : path_(std::move(cache_file)) {
  auto text = base::ReadFile(path_);
  if (!text.ok()) return;
  std::string_view rest = *text;
  auto next_line = [&rest]() {
    size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    return line;
  };
  if (next_line() != Header()) return;
  std::string_view f[13];
  while (!rest.empty()) {
    std::string_view line = next_line();
    size_t n = 0;
    for (size_t start = 0; n < 13; ++n) {
      size_t tab = line.find('\t', start);
      f[n] =
          line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start);
      if (tab == std::string_view::npos) {
        ++n;
        break;
      }
      start = tab + 1;
    }
    if (n != 13) continue;
    CachedFile c;
    c.stamp = {ToLong(f[1]), ToLong(f[2]), ToLong(f[3]),
               static_cast<unsigned long long>(ToLong(f[4]))};
    c.file.file_name = f[0];
    c.file.version = f[5];
    c.file.name = f[6];
    c.file.checksum = f[7];
    c.file.has_down = f[8] == "1";
    c.file.no_transaction = f[9] == "1";
    c.file.up_line = static_cast<int>(ToLong(f[10]));
    c.file.down_line = static_cast<int>(ToLong(f[11]));
    if (!f[12].empty()) c.file.replaces = base::Split(f[12], ' ');
    entries_.emplace(std::string(f[0]), std::move(c));
  }
}

const MigrationFile* MigrationCache::Find(const std::string& file_name,
                                          const FileStamp& stamp) const {
  if (stamp.size < 0) return nullptr;
  auto it = entries_.find(file_name);
  return it != entries_.end() && it->second.stamp == stamp ? &it->second.file : nullptr;
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
  if (stamp.size < 0 || young || !storable) {
    changed_ = changed_ || entries_.erase(file_name) > 0;
    return;
  }
  CachedFile c{stamp, file};
  c.file.path.clear();
  c.file.up_sql.clear();
  c.file.down_sql.clear();
  entries_[file_name] = std::move(c);
  changed_ = true;
}

void MigrationCache::Save(const std::vector<std::string>& keep) {
  std::set<std::string> current(keep.begin(), keep.end());
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (current.count(it->first) == 0) {
      it = entries_.erase(it);
      changed_ = true;
    } else {
      ++it;
    }
  }
  if (!changed_ || path_.empty()) return;
  std::string out = Header() + "\n";
  for (const auto& [name, c] : entries_) {
    const MigrationFile& m = c.file;
    out += name + "\t" + std::to_string(c.stamp.size) + "\t" + std::to_string(c.stamp.mtime_ns) +
           "\t" + std::to_string(c.stamp.ctime_ns) + "\t" + std::to_string(c.stamp.inode) + "\t" +
           m.version + "\t" + m.name + "\t" + m.checksum + "\t" + (m.has_down ? "1" : "0") + "\t" +
           (m.no_transaction ? "1" : "0") + "\t" + std::to_string(m.up_line) + "\t" +
           std::to_string(m.down_line) + "\t" + base::Join(m.replaces, " ") + "\n";
  }
  std::string dir = path_.substr(0, path_.rfind('/'));
  if (path_.find('/') != std::string::npos && !base::MakeDirs(dir).ok()) return;
  (void)base::WriteFile(path_, out, /*overwrite=*/true);  // best effort: a cold cache next time
}

}  // namespace pgcrate::migrate

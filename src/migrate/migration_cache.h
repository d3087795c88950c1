// The file cache of `migrate status`: over 10,000 migrations, reading and scanning every file
// was most of the command's time. For each file it keeps what DiscoverMigrations without SQL
// fills (version, name, layout, directives, SHA-256), keyed by file name and checked against
// the file's size, mtime, ctime and inode (all from one stat): any change and the file is read
// again. Entries younger than two seconds are not trusted (a write in the same clock tick can
// keep mtime and size). The cache is a plain text file under the project's .pgcrate/cache;
// a missing, unreadable or foreign one is just a cold cache, and writing it is best effort.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "migrate/migration_file.h"

namespace pgcrate::migrate {

struct FileStamp {
  long long size = -1;
  long long mtime_ns = 0;
  long long ctime_ns = 0;
  unsigned long long inode = 0;
  bool operator==(const FileStamp&) const = default;
};

// The stamp of a regular file; nullopt-like (size -1) when `path` is not one (then the file
// is read and its reader reports the problem).
FileStamp StampOf(const std::string& path);
// The same for the entry `name` of the open directory `dir_fd` (one path component for the
// kernel to resolve, not the whole path: ~10% of a stat over 10,000 files).
FileStamp StampAt(int dir_fd, const std::string& name);

class MigrationCache {
 public:
  // Loads `cache_file` (any problem: an empty cache). The file is kept in memory as read;
  // entries point into it, so loading 10,000 of them allocates nothing per entry.
  explicit MigrationCache(std::string cache_file);
  // Fills `out` (all but path and SQL) from the entry of `file_name` when its stamp is
  // `stamp`, and returns true; false when there is no such entry. Safe from several threads.
  // `position`: where the entry is expected (the file's index in the sorted listing: the cache
  // holds the same files in the same order unless files came or went), looked at first.
  bool Find(const std::string& file_name, const FileStamp& stamp, MigrationFile& out,
            size_t position = 0) const;
  // Records what was read (without SQL) for the next run.
  void Put(const std::string& file_name, const FileStamp& stamp, const MigrationFile& file);
  // Writes the cache when it changed, keeping only `keep` (the directory's current files,
  // sorted).
  void Save(const std::vector<std::string>& keep);

 private:
  // One line of the file: its name and stamp; the rest of the line (version, description,
  // checksum, has_down, no_transaction, up_line, down_line, replaces) is split on a hit only.
  struct Entry {
    std::string_view name;
    FileStamp stamp;
    std::string_view fields;
  };
  const Entry* Lookup(std::string_view file_name, size_t position = static_cast<size_t>(-1)) const;
  // False (a miss) when the entry does not hold exactly the 8 fields of a file.
  static bool Fill(const Entry& e, MigrationFile& out);

  std::string path_;
  std::string text_;            // the file as read; entries_ point into it
  std::vector<Entry> entries_;  // sorted by name
  std::map<std::string, std::pair<FileStamp, MigrationFile>, std::less<>> updates_;  // Put
  bool changed_ = false;
};

}  // namespace pgcrate::migrate

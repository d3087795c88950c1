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

struct CachedFile {
  FileStamp stamp;
  MigrationFile file;  // without path and SQL
};

class MigrationCache {
 public:
  // Loads `cache_file` (any problem: an empty cache).
  explicit MigrationCache(std::string cache_file);
  // The cached file for `file_name` when its stamp is `stamp`, else nullptr.
  const MigrationFile* Find(const std::string& file_name, const FileStamp& stamp) const;
  // Records what was read (without SQL) for the next run.
  void Put(const std::string& file_name, const FileStamp& stamp, const MigrationFile& file);
  // Writes the cache when it changed, keeping only `keep` (the directory's current files).
  void Save(const std::vector<std::string>& keep);

 private:
  std::string path_;
  std::map<std::string, CachedFile> entries_;
  bool changed_ = false;
};

}  // namespace pgcrate::migrate

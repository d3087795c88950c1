// Discovery of the migration files of a directory: which entries are migrations, reading and
// parsing them (in parallel), and the checks across files (duplicate versions).
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <future>
#include <memory>

#include "base/files.h"
#include "base/parallel.h"
#include "base/strings.h"
#include "migrate/migration_cache.h"
#include "migrate/migration_file.h"
#include "migrate/templates.h"

namespace pgcrate::migrate {
namespace {

// Why a *.sql entry is not a migration and is skipped, or "" when it is taken as one (its
// name is then checked, and a bad name is an error). Names that start with a digit, Flyway
// names and legacy .up.sql/.down.sql pairs look like migrations and are checked: skipping
// them silently would leave a migration unapplied.
std::string SkipReason(const std::string& name) {
  if (base::StartsWith(name, ".#")) return "an editor lock file";
  if (base::StartsWith(name, ".")) return "a hidden file";
  unsigned char first = static_cast<unsigned char>(name[0]);
  if (std::isdigit(first)) return "";
  std::string version, description;
  Status st = ParseMigrationFileName(name, version, description);
  if (st.message().find("Flyway") != std::string::npos) return "";
  if (st.message().find("legacy") != std::string::npos) return "";
  return "not a migration file name (YYYYMMDDHHMMSS_description.sql)";
}

struct Entries {
  std::vector<std::string> names;     // migration candidates, sorted
  std::vector<std::string> warnings;  // skipped entries
};

// The *.sql entries of `dir`. An entry whose type cannot be determined (a dangling or looping
// symlink) is kept: reading it reports the problem with its name.
Result<Entries> SqlEntries(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Status(Code::kNotFound, "the migrations directory " + dir + " does not exist.")
        .WithHint(
            "create it with `pgcrate migrate new NAME` or `pgcrate init`, or set [paths] "
            "migrations in pgcrate.toml.");
  }
  Entries out;
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr)
    return Status(Code::kIo, "cannot list " + dir + ": " + std::strerror(errno) + ".");
  errno = 0;
  while (const struct dirent* e = ::readdir(d)) {
    std::string_view n = e->d_name;
    if (!base::EndsWith(n, ".sql")) continue;
    bool is_dir = e->d_type == DT_DIR;
    if (e->d_type == DT_UNKNOWN) is_dir = fs::is_directory(base::JoinPath(dir, e->d_name), ec);
    if (is_dir) continue;
    std::string name(n);
    std::string reason = std::isdigit(static_cast<unsigned char>(name[0])) ? "" : SkipReason(name);
    if (reason.empty()) {
      out.names.push_back(std::move(name));
    } else {
      out.warnings.push_back("ignoring " + base::JoinPath(dir, name) + ": " + reason +
                             ", not a migration.");
    }
    errno = 0;
  }
  int read_errno = errno;
  ::closedir(d);
  if (read_errno != 0) {
    return Status(Code::kIo, "cannot list " + dir + ": " + std::strerror(read_errno) + ".");
  }
  base::SortStrings(out.names);
  std::sort(out.warnings.begin(), out.warnings.end());
  return out;
}

// One file of `dir`: its name checked, then read, parsed and its templates expanded.
Result<MigrationFile> ReadOne(const std::string& dir, const std::string& file_name,
                              const DiscoverOptions& o) {
  std::string path = base::JoinPath(dir, file_name);
  std::string version, name;
  Status st = ParseMigrationFileName(file_name, version, name, o.naming);
  if (!st.ok()) return st.WithLocation({path, 0, 0});
  auto text = base::ReadBytes(path);  // ParseMigrationFile checks the text itself
  if (!text.ok()) return text.status();
  auto m = ParseOwnedMigrationFile(path, std::move(text).value(), o.with_sql, o.naming);
  if (!m.ok() || !o.with_sql) return m;
  PGCRATE_RETURN_IF_ERROR(ExpandFileTemplates(m.value(), o.templates));
  return m;
}

Status DuplicateVersion(const MigrationFile& a, const MigrationFile& b) {
  return Status(Code::kParse, "duplicate migration version " + a.version + ": " + a.file_name +
                                  " and " + b.file_name + ".")
      .WithLocation({b.path, 0, 0})
      .WithHint("give one of them a new timestamp (e.g. rename it with the current UTC time).");
}

// One Status for all the bad files: the first as the message, all of them in details.
Status Combine(const std::vector<Status>& errors) {
  Status first = errors.front();
  if (errors.size() == 1) return first;
  std::string details;
  for (const auto& e : errors) details += (details.empty() ? "" : "\n") + e.ToString();
  return first.WithDetails(std::to_string(errors.size()) + " invalid migration files:\n" + details);
}

void Report(const std::vector<std::string>& found, std::vector<std::string>* warnings) {
  if (warnings) {
    warnings->insert(warnings->end(), found.begin(), found.end());
    return;
  }
  for (const auto& w : found) std::fprintf(stderr, "warning: %s\n", w.c_str());
}

}  // namespace

Result<std::vector<MigrationFile>> DiscoverMigrations(const std::string& dir,
                                                      std::vector<std::string>* warnings,
                                                      bool with_sql) {
  DiscoverOptions o;
  o.with_sql = with_sql;
  return DiscoverMigrations(dir, o, warnings);
}

Result<std::vector<MigrationFile>> DiscoverMigrations(const std::string& dir,
                                                      const DiscoverOptions& o,
                                                      std::vector<std::string>* warnings) {
  bool cached = !o.with_sql && !o.cache_file.empty();
  // The cache file is parsed on another thread while the directory is listed and sorted (each
  // is ~a tenth of `status` over 10,000 files). Held by pointer: entries point into its text.
  std::future<std::unique_ptr<MigrationCache>> cache_load;
  if (cached) {
    cache_load = std::async(std::launch::async,
                            [&o] { return std::make_unique<MigrationCache>(o.cache_file); });
  }
  auto entries = SqlEntries(dir);
  std::unique_ptr<MigrationCache> cache = cached ? cache_load.get() : nullptr;
  if (!entries.ok()) return entries.status();
  Report(entries->warnings, warnings);
  const std::vector<std::string>& names = entries->names;
  // Reading and scanning thousands of files is the cost of `migrate status`: spread it over
  // the cores (libpg_query's scanner is thread-safe), then merge in file-name order. Without
  // SQL, files unchanged since the cache recorded them are not read at all.
  // One slot per file, filled in place (no second copy of 10,000 objects): the file, or the
  // reason it could not be read (rare, so a pointer).
  std::vector<MigrationFile> files(names.size());
  std::vector<std::unique_ptr<Status>> failed(names.size());
  std::vector<FileStamp> stamps(cached ? names.size() : 0);
  std::vector<char> hits(stamps.size(), 0);  // read from the cache: nothing to record
  // The stamps are taken relative to the directory (its path is not resolved 10,000 times);
  // when it cannot be opened, by path.
  int dir_fd = cached ? ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
  base::ParallelFor(files.size(), 256, [&](size_t k) {
    if (cached) {
      std::string path = base::JoinPath(dir, names[k]);
      stamps[k] = dir_fd >= 0 ? StampAt(dir_fd, names[k]) : StampOf(path);
      if (cache->Find(names[k], stamps[k], files[k], k)) {
        files[k].path = std::move(path);
        hits[k] = 1;
        return;
      }
    }
    auto m = ReadOne(dir, names[k], o);
    if (m.ok()) {
      files[k] = std::move(m).value();
    } else {
      failed[k] = std::make_unique<Status>(m.status());
    }
  });
  if (dir_fd >= 0) ::close(dir_fd);
  if (cached) {
    for (size_t k = 0; k < names.size(); ++k) {
      if (!failed[k] && hits[k] == 0) cache->Put(names[k], stamps[k], files[k]);
    }
    cache->Save(names);
  }

  // Errors in file order: a file that does not parse, or whose version an earlier file has.
  std::vector<std::pair<size_t, Status>> errors;
  std::vector<std::pair<std::string_view, size_t>> keys;  // (version key, file), sorted below
  keys.reserve(files.size());
  std::vector<std::string> canonical(files.size());  // module versions' keys (views into these)
  for (size_t k = 0; k < files.size(); ++k) {
    if (failed[k]) {
      if (failed[k]->code() != Code::kParse) return *failed[k];  // unreadable, not invalid
      errors.emplace_back(k, *failed[k]);
      continue;
    }
    // Two 14-digit timestamps are the same version only when they are the same text.
    std::string_view key = files[k].version;
    if (o.naming != Naming::kTimestamp) key = canonical[k] = CanonicalVersion(files[k].version);
    keys.emplace_back(key, k);
  }
  // Sorted already when file names sort as their versions (timestamps): no hash table to build.
  auto by_key = [](const auto& a, const auto& b) { return a.first < b.first; };
  if (!std::is_sorted(keys.begin(), keys.end(), by_key)) {
    std::stable_sort(keys.begin(), keys.end(), by_key);
  }
  for (size_t i = 1, first = 0; i < keys.size(); ++i) {
    if (keys[i].first != keys[first].first) {
      first = i;
    } else {
      errors.emplace_back(keys[i].second,
                          DuplicateVersion(files[keys[first].second], files[keys[i].second]));
    }
  }
  if (!errors.empty()) {
    std::stable_sort(errors.begin(), errors.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<Status> in_order;
    for (auto& [k, st] : errors) in_order.push_back(std::move(st));
    return Combine(in_order);
  }
  if (o.naming == Naming::kModule) {
    std::stable_sort(files.begin(), files.end(),
                     [](const MigrationFile& a, const MigrationFile& b) {
                       return VersionLess(a.version, b.version);
                     });
  }
  return files;
}

}  // namespace pgcrate::migrate

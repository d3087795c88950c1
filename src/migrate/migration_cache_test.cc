#include "migrate/migration_cache.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "base/files.h"
#include "base/strings.h"

namespace pgcrate::migrate {
namespace {

class MigrationCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("pgcrate-cache-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "mig");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Writes a migration with an mtime an hour ago (entries younger than 2 s are not cached).
  void Write(const std::string& name, const std::string& content) {
    std::string path = (dir_ / "mig" / name).string();
    std::ofstream(path, std::ios::binary) << content;
    struct timespec times[2] = {{::time(nullptr) - 3600, 0}, {::time(nullptr) - 3600, 0}};
    ASSERT_EQ(utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
  }

  Result<std::vector<MigrationFile>> Discover() {
    DiscoverOptions o;
    o.with_sql = false;
    o.cache_file = cache();
    return DiscoverMigrations((dir_ / "mig").string(), o, nullptr);
  }
  std::string cache() const { return (dir_ / ".pgcrate/cache/m.tsv").string(); }

  std::filesystem::path dir_;
};

TEST_F(MigrationCacheTest, AWarmCacheGivesWhatReadingGives) {
  Write("20250101000000_a.sql",
        "-- pgcrate: no-transaction\n-- up\nSELECT 1;\n-- down\nSELECT 2;\n");
  Write("20250102000000_b.sql", "-- up\nSELECT 2;\n");
  auto cold = Discover();
  ASSERT_TRUE(cold.ok()) << cold.status().ToString();
  ASSERT_TRUE(base::Exists(cache()));
  auto warm = Discover();
  ASSERT_TRUE(warm.ok());
  ASSERT_EQ(warm->size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    const MigrationFile &a = (*cold)[i], &b = (*warm)[i];
    EXPECT_EQ(a.path, b.path);
    EXPECT_EQ(a.file_name, b.file_name);
    EXPECT_EQ(a.version, b.version);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.checksum, b.checksum);
    EXPECT_EQ(a.has_down, b.has_down);
    EXPECT_EQ(a.no_transaction, b.no_transaction);
    EXPECT_EQ(a.up_line, b.up_line);
    EXPECT_EQ(a.down_line, b.down_line);
  }
  EXPECT_TRUE((*warm)[0].no_transaction);
  EXPECT_TRUE((*warm)[0].has_down);
}

TEST_F(MigrationCacheTest, TheCacheIsUsedAndAChangedFileIsReadAgain) {
  Write("20250101000000_a.sql", "-- up\nSELECT 1;\n");
  ASSERT_TRUE(Discover().ok());
  // Tamper with the cached checksum: an unchanged file is not read, so the tampered value shows.
  auto text = base::ReadFile(cache());
  ASSERT_TRUE(text.ok());
  auto real = Discover().value()[0].checksum;
  ASSERT_TRUE(base::WriteFile(cache(), base::ReplaceAll(*text, real, "cached"), true).ok());
  EXPECT_EQ(Discover().value()[0].checksum, "cached");
  // The same size and mtime but new content: the ctime moved, so the file is read again.
  Write("20250101000000_a.sql", "-- up\nSELECT 2;\n");
  auto again = Discover();
  ASSERT_TRUE(again.ok());
  EXPECT_NE(again.value()[0].checksum, "cached");
  EXPECT_NE(again.value()[0].checksum, real);
}

TEST_F(MigrationCacheTest, AnUnchangedDirectoryLeavesTheCacheAloneAndRemovalsAreDropped) {
  Write("20250101000000_a.sql", "-- up\nSELECT 1;\n");
  Write("20250102000000_b.sql", "-- up\nSELECT 2;\n");
  Write("20250103000000_c.sql", "-- up\nSELECT 3;\n");
  ASSERT_TRUE(Discover().ok());
  // Reordered lines, a duplicate and a foreign line (as after a hand edit) still read, and a
  // warm run over the same files writes nothing.
  auto text = base::ReadFile(cache());
  ASSERT_TRUE(text.ok());
  auto lines = base::Split(*text, '\n');
  ASSERT_EQ(lines.size(), 5u);  // header, three entries, ""
  std::string edited = lines[0] + "\n" + lines[3] + "\n" + lines[1] + "\nnot a cache line\n" +
                       lines[2] + "\n" + lines[1] + "\n";
  auto real = Discover().value()[0].checksum;
  edited = base::ReplaceAll(edited, real, "cached");
  ASSERT_TRUE(base::WriteFile(cache(), edited, true).ok());
  auto warm = Discover();
  ASSERT_TRUE(warm.ok());
  ASSERT_EQ(warm->size(), 3u);
  EXPECT_EQ((*warm)[0].checksum, "cached");  // came from the edited cache
  EXPECT_EQ((*warm)[2].file_name, "20250103000000_c.sql");
  // Removing a file rewrites the cache without it.
  std::filesystem::remove(dir_ / "mig" / "20250102000000_b.sql");
  auto fewer = Discover();
  ASSERT_TRUE(fewer.ok());
  ASSERT_EQ(fewer->size(), 2u);
  auto rewritten = base::ReadFile(cache());
  ASSERT_TRUE(rewritten.ok());
  EXPECT_EQ(rewritten->find("20250102000000_b.sql"), std::string::npos);
  EXPECT_EQ(rewritten->find("not a cache line"), std::string::npos);
  EXPECT_NE(rewritten->find("20250103000000_c.sql"), std::string::npos);
  // Unchanged now: the file is not written again (its content stays what we put there).
  ASSERT_TRUE(base::WriteFile(cache(), *rewritten + "", true).ok());
  auto stamp = StampOf(cache());
  ASSERT_TRUE(Discover().ok());
  EXPECT_EQ(StampOf(cache()), stamp);
}

TEST_F(MigrationCacheTest, BadCachesAreColdAndErrorsStayErrors) {
  ASSERT_TRUE(base::MakeDirs(dir_.string() + "/.pgcrate/cache").ok());
  ASSERT_TRUE(base::WriteFile(cache(), "garbage\n\t\t\n", true).ok());
  Write("20250101000000_a.sql", "-- up\nSELECT 1;\n");
  auto files = Discover();
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  EXPECT_EQ(files->size(), 1u);
  // An invalid file is an error every time, cached or not.
  Write("20250102000000_b.sql", "SELECT 1;\n");
  EXPECT_FALSE(Discover().ok());
  EXPECT_FALSE(Discover().ok());
  // A removed file leaves the cache.
  std::filesystem::remove(dir_ / "mig" / "20250102000000_b.sql");
  ASSERT_TRUE(Discover().ok());
  EXPECT_EQ(base::ReadFile(cache()).value().find("20250102000000_b"), std::string::npos);
}

// An entry with one field too few or too many is a miss: the file is read again and its
// line written anew.
TEST_F(MigrationCacheTest, AnEntryWithTheWrongFieldsIsReadAgain) {
  Write("20250101000000_a.sql", "-- up\nSELECT 1;\n");
  Write("20250102000000_b.sql", "-- up\nSELECT 2;\n");
  auto cold = Discover();
  ASSERT_TRUE(cold.ok()) << cold.status().ToString();
  std::string good = base::ReadFile(cache()).value();
  for (const std::string& name :
       {std::string("20250101000000_a.sql"), std::string("20250102000000_b.sql")}) {
    for (bool extra : {true, false}) {
      std::string line_start = name + "\t";
      size_t at = good.find(line_start);
      ASSERT_NE(at, std::string::npos);
      size_t end = good.find('\n', at);
      std::string bad = good;
      if (extra) {
        bad.insert(end, "\tsurplus");
      } else {
        bad.erase(bad.rfind('\t', end), end - bad.rfind('\t', end));  // drop the last field
      }
      ASSERT_TRUE(base::WriteFile(cache(), bad, true).ok());
      auto warm = Discover();
      ASSERT_TRUE(warm.ok()) << warm.status().ToString();
      for (size_t i = 0; i < 2; ++i) {
        EXPECT_EQ((*warm)[i].checksum, (*cold)[i].checksum) << name << extra;
        EXPECT_EQ((*warm)[i].name, (*cold)[i].name) << name << extra;
      }
      EXPECT_EQ(base::ReadFile(cache()).value(), good) << name << extra;
    }
  }
}

TEST_F(MigrationCacheTest, FreshFilesAreNotCached) {
  std::ofstream((dir_ / "mig" / "20250101000000_a.sql").string()) << "-- up\nSELECT 1;\n";
  ASSERT_TRUE(Discover().ok());
  auto text = base::ReadFile(cache());
  EXPECT_TRUE(!text.ok() || text->find("20250101000000_a") == std::string::npos);
}

}  // namespace
}  // namespace pgcrate::migrate

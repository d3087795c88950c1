// Migration files as they come from disk (issue 10 #3, #10, #11, #17, #22): line endings,
// byte order marks, bytes that are not text, special files, huge files.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "base/files.h"
#include "migrate/migration_file.h"

namespace pgcrate::migrate {
namespace {

constexpr const char* kPath = "db/migrations/20251130000000_x.sql";

MigrationFile MustParse(const std::string& content) {
  auto m = ParseMigrationFile(kPath, content);
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  return m.ok() ? m.value() : MigrationFile{};
}

void ExpectError(const std::string& content, int line, int column, const std::string& needle) {
  auto m = ParseMigrationFile(kPath, content);
  ASSERT_FALSE(m.ok()) << content;
  EXPECT_EQ(m.status().code(), Code::kParse);
  EXPECT_EQ(m.status().location().file, kPath);
  EXPECT_EQ(m.status().location().line, line) << m.status().ToString();
  if (column > 0) {
    EXPECT_EQ(m.status().location().column, column) << m.status().ToString();
  }
  EXPECT_NE(m.status().ToString().find(needle), std::string::npos) << m.status().ToString();
}

TEST(MigrationFileInput, LoneCarriageReturnsBreakLines) {
  MigrationFile m = MustParse(
      "-- header\r-- up\rCREATE TABLE a ();\rSELECT 1;\r-- down\rDROP "
      "TABLE a;\r");
  EXPECT_EQ(m.up_sql, "CREATE TABLE a ();\rSELECT 1;\r");
  EXPECT_EQ(m.up_line, 3);
  EXPECT_EQ(m.down_sql, "DROP TABLE a;\r");
  EXPECT_EQ(m.down_line, 6);
  EXPECT_TRUE(m.has_down);
}

TEST(MigrationFileInput, CrLfAndLfAgree) {
  MigrationFile lf = MustParse("-- up\nSELECT 1;\n-- down\nSELECT 2;\n");
  MigrationFile crlf = MustParse("-- up\r\nSELECT 1;\r\n-- down\r\nSELECT 2;\r\n");
  EXPECT_EQ(crlf.up_sql, "SELECT 1;\r\n");
  EXPECT_EQ(crlf.down_sql, "SELECT 2;\r\n");
  EXPECT_EQ(lf.up_line, crlf.up_line);
  EXPECT_EQ(lf.down_line, crlf.down_line);
}

TEST(MigrationFileInput, MarkerSetApartByALoneCrInAnLfFileIsAmbiguous) {
  // An editor shows "SELECT 1;^M-- down" as one line; PostgreSQL ends the line at \r.
  ExpectError("-- up\nSELECT 1;\r-- down\nSELECT 2;\n", 3, 0, "lone carriage return");
  ExpectError("-- up\rCREATE TABLE a ();\n", 1, 0, "cannot be identified unambiguously");
  ExpectError("-- pgcrate: no-transaction\r-- up\nSELECT 1;\n", 1, 0, "lone carriage return");
}

TEST(MigrationFileInput, ByteOrderMarkIsSkipped) {
  std::string text = "\xEF\xBB\xBF-- up\nSELECT 1;\n";
  MigrationFile m = MustParse(text);
  EXPECT_EQ(m.up_sql, "SELECT 1;\n");
  EXPECT_EQ(m.up_line, 2);
  EXPECT_EQ(m.checksum, Sha256Hex(text));
  MigrationFile sql_first = MustParse("\xEF\xBB\xBF-- note\n-- up\nSELECT 1;\n");
  EXPECT_EQ(sql_first.up_line, 3);
}

TEST(MigrationFileInput, NulByteIsAnErrorAtLineAndColumn) {
  ExpectError(std::string("-- up\nSELECT 1;\nSELECT 'a\0b';\n", 30), 3, 10, "NUL byte");
}

TEST(MigrationFileInput, InvalidUtf8IsAnErrorAtLineAndColumn) {
  ExpectError("-- up\nSELECT 'caf\xE9';\n", 2, 12, "not valid UTF-8 (byte 0xE9)");
  ExpectError("-- up\nSELECT '\xC0\xAF';\n", 2, 9, "not valid UTF-8");      // overlong
  ExpectError("-- up\nSELECT '\xED\xA0\x80';\n", 2, 9, "not valid UTF-8");  // surrogate
  MigrationFile ok = MustParse("-- up\nSELECT 'caf\xC3\xA9 \xF0\x9F\x90\x98';\n");
  EXPECT_FALSE(ok.up_sql.empty());
}

// A file far larger than the scanner's window: markers and strings across window borders.
TEST(MigrationFileInput, HugeFileIsScannedInWindowsWithTheSameResult) {
  std::string up, big_string(3 << 20, 'x');
  for (int i = 0; i < 60000; ++i)
    up += "INSERT INTO t VALUES (" + std::to_string(i) + ", 'a;b');\n";
  // A multi-line string holding a fake marker, longer than a window, then a real marker.
  up += "SELECT '" + big_string + "\n-- down\n" + big_string + "';\n";
  std::string text = "-- up\n" + up + "-- down\nDROP TABLE t;\n";
  MigrationFile m = MustParse(text);
  EXPECT_EQ(m.up_sql, up);
  EXPECT_EQ(m.down_sql, "DROP TABLE t;\n");
  EXPECT_EQ(m.down_line, 60006);
  auto lean = ParseMigrationFile(kPath, text, /*with_sql=*/false);
  ASSERT_TRUE(lean.ok());
  EXPECT_TRUE(lean->up_sql.empty());
  EXPECT_EQ(lean->down_line, m.down_line);
  EXPECT_EQ(lean->checksum, m.checksum);
}

TEST(MigrationFileInput, UnterminatedStringInAHugeFileIsLocated) {
  std::string text = "-- up\n";
  for (int i = 0; i < 50000; ++i) text += "SELECT " + std::to_string(i) + ";\n";
  text += "SELECT 'never closed;\n";
  ExpectError(text, 50002, 8, "unterminated quoted string");
}

class InputDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("pgcrate_input_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void Write(const std::string& name, const std::string& content) {
    std::ofstream(dir_ / name) << content;
  }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  std::string dir() const { return dir_.string(); }
  std::filesystem::path dir_;
};

TEST_F(InputDirTest, LockFilesAndOtherNamesAreSkippedWithAWarning) {
  Write("20250101000000_a.sql", "-- up\nSELECT 1;\n");
  std::filesystem::create_symlink("user@host.1234:1700000000", dir_ / ".#20250101000000_a.sql");
  Write("notes.sql", "-- scratch\n");
  std::vector<std::string> warnings;
  auto files = DiscoverMigrations(dir(), &warnings);
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  EXPECT_EQ(files->size(), 1u);
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_NE(warnings[0].find(".#20250101000000_a.sql: an editor lock file"), std::string::npos)
      << warnings[0];
  EXPECT_NE(warnings[1].find("notes.sql: not a migration file name"), std::string::npos)
      << warnings[1];
}

TEST_F(InputDirTest, FifoIsRefusedWithoutBlocking) {
  ASSERT_EQ(::mkfifo(Path("20250101000000_fifo.sql").c_str(), 0644), 0);
  auto files = DiscoverMigrations(dir());
  ASSERT_FALSE(files.ok());
  EXPECT_NE(files.status().message().find("20250101000000_fifo.sql: it is a FIFO"),
            std::string::npos)
      << files.status().ToString();
  auto direct = base::ReadFile(Path("20250101000000_fifo.sql"));
  EXPECT_FALSE(direct.ok());
}

TEST_F(InputDirTest, DeviceAndSymlinkLoopAreRefusedNamingTheFile) {
  std::filesystem::create_symlink("/dev/zero", dir_ / "20250101000000_zero.sql");
  auto zero = DiscoverMigrations(dir());
  ASSERT_FALSE(zero.ok());
  EXPECT_NE(zero.status().message().find("20250101000000_zero.sql: it is a character device"),
            std::string::npos)
      << zero.status().ToString();
  std::filesystem::remove(dir_ / "20250101000000_zero.sql");
  std::filesystem::create_symlink("20250101000000_loop.sql", dir_ / "20250101000000_loop.sql");
  auto loop = DiscoverMigrations(dir());
  ASSERT_FALSE(loop.ok());
  EXPECT_NE(loop.status().message().find("20250101000000_loop.sql: it is a symbolic link loop"),
            std::string::npos)
      << loop.status().ToString();
}

TEST_F(InputDirTest, CreateNewFileNeverOverwritesAndLeavesNoTempFile) {
  ASSERT_TRUE(base::CreateNewFile(Path("a.sql"), "one").ok());
  Status again = base::CreateNewFile(Path("a.sql"), "two");
  EXPECT_EQ(again.code(), Code::kConflict);
  EXPECT_EQ(base::ReadFile(Path("a.sql")).value(), "one");
  ASSERT_TRUE(base::WriteFile(Path("a.sql"), "three", true).ok());
  EXPECT_EQ(base::ReadFile(Path("a.sql")).value(), "three");
  // A write that fails (the target is a directory) leaves no temporary file behind.
  std::filesystem::create_directories(dir_ / "d.sql");
  EXPECT_FALSE(base::WriteFile(Path("d.sql"), "x", true).ok());
  for (const auto& e : std::filesystem::directory_iterator(dir_)) {
    EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << e.path();
  }
}

}  // namespace
}  // namespace pgcrate::migrate

#include "migrate/migration_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace pgcrate::migrate {
namespace {

constexpr const char* kUsersPath = "db/migrations/20251130000000_create_users.sql";

TEST(MigrationFile, ParsesUpAndDown) {
  std::string text =
      "-- Create the users table\n"
      "\n"
      "-- up\n"
      "CREATE TABLE users (id serial primary key);\n"
      "CREATE INDEX users_id ON users (id);\n"
      "\n"
      "-- down\n"
      "DROP TABLE users;\n";
  auto m = ParseMigrationFile(kUsersPath, text);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->version, "20251130000000");
  EXPECT_EQ(m->name, "create_users");
  EXPECT_EQ(m->file_name, "20251130000000_create_users.sql");
  EXPECT_EQ(m->path, kUsersPath);
  EXPECT_EQ(m->up_line, 4);
  EXPECT_EQ(
      m->up_sql,
      "CREATE TABLE users (id serial primary key);\nCREATE INDEX users_id ON users (id);\n\n");
  EXPECT_EQ(m->down_line, 8);
  EXPECT_EQ(m->down_sql, "DROP TABLE users;\n");
  EXPECT_TRUE(m->has_down);
  EXPECT_FALSE(m->no_transaction);
  EXPECT_EQ(m->checksum.size(), 64u);
  EXPECT_EQ(m->checksum, Sha256Hex(text));
}

TEST(MigrationFile, Sha256IsTheStandardDigest) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(MigrationFile, UpOnlyAndEmptyDownHaveNoDown) {
  auto a = ParseMigrationFile(kUsersPath, "-- up\nSELECT 1;\n");
  ASSERT_TRUE(a.ok());
  EXPECT_FALSE(a->has_down);
  EXPECT_EQ(a->down_line, 0);
  EXPECT_EQ(a->up_line, 2);
  auto b = ParseMigrationFile(kUsersPath, "-- up\nSELECT 1;\n-- down\n-- nothing yet\n\n");
  ASSERT_TRUE(b.ok());
  EXPECT_FALSE(b->has_down);
  EXPECT_EQ(b->down_line, 4);
  EXPECT_EQ(b->up_sql, "SELECT 1;\n");
}

TEST(MigrationFile, OwnedContentGivesTheSameSections) {
  for (std::string text :
       {std::string("-- up\nSELECT 1;\n"),
        std::string("\xEF\xBB\xBF-- note\r\n-- up\r\nSELECT 1;\r\n-- down\r\nSELECT 2;"),
        std::string("-- up\nSELECT 1;\n-- down\n"), std::string("-- up")}) {
    auto viewed = ParseMigrationFile(kUsersPath, std::string_view(text));
    auto owned = ParseOwnedMigrationFile(kUsersPath, std::string(text));
    ASSERT_TRUE(viewed.ok() && owned.ok()) << text;
    EXPECT_EQ(owned->up_sql, viewed->up_sql) << text;
    EXPECT_EQ(owned->down_sql, viewed->down_sql) << text;
    EXPECT_EQ(owned->checksum, viewed->checksum) << text;
    EXPECT_EQ(owned->up_line, viewed->up_line) << text;
    EXPECT_EQ(owned->has_down, viewed->has_down) << text;
  }
  auto bad = ParseOwnedMigrationFile(kUsersPath, std::string("SELECT 1;\n"));
  EXPECT_FALSE(bad.ok());
}

TEST(MigrationFile, MarkersAreCaseAndSpaceTolerant) {
  auto m = ParseMigrationFile(kUsersPath, "  --   UP  \r\nSELECT 1;\n--Down\nSELECT 2;\n");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_TRUE(m->has_down);
  EXPECT_EQ(m->down_sql, "SELECT 2;\n");
}

TEST(MigrationFile, NoTransactionDirective) {
  auto m = ParseMigrationFile(kUsersPath,
                              "-- pgcrate: no-transaction\n-- up\nCREATE INDEX CONCURRENTLY i ON t "
                              "(a);\n");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_TRUE(m->no_transaction);
  EXPECT_EQ(m->up_line, 3);
}

TEST(MigrationFile, BlockCommentsInHeaderAreAllowed) {
  auto m = ParseMigrationFile(kUsersPath, "/* a\n   multi-line comment\n*/\n-- up\nSELECT 1;\n");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->up_line, 5);
}

// Markers are found by PostgreSQL's scanner: a line reading `-- down` inside a function
// body, a string or a block comment is part of the SQL, not a section marker.
TEST(MigrationFile, MarkersInsideBodiesStringsAndBlockCommentsAreSql) {
  std::string up =
      "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$\n"
      "BEGIN\n"
      "-- down\n"
      "  RETURN 1;\n"
      "END $body$;\n"
      "INSERT INTO notes VALUES ('\n-- up\n');\n"
      "/*\n-- down\n*/\n"
      "SELECT 1; -- down\n";
  auto m = ParseMigrationFile(kUsersPath, "-- up\n" + up + "-- down\nDROP FUNCTION f();\n");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->up_sql, up);
  EXPECT_EQ(m->down_sql, "DROP FUNCTION f();\n");
  EXPECT_EQ(m->down_line, 15);
  EXPECT_TRUE(m->has_down);
}

TEST(MigrationFile, HeaderBlockCommentMayMentionMarkers) {
  auto m = ParseMigrationFile(kUsersPath, "/* write `-- up` then\n-- down\n*/\n-- up\nSELECT 1;\n");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->up_line, 5);
  EXPECT_FALSE(m->has_down);
}

TEST(MigrationFile, UnterminatedQuoteIsASyntaxErrorWithItsPosition) {
  auto m = ParseMigrationFile(kUsersPath, "-- up\nSELECT 1;\nSELECT $x$ never closed;\n-- down\n");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), Code::kParse);
  EXPECT_EQ(m.status().location().file, kUsersPath);
  EXPECT_EQ(m.status().location().line, 3) << m.status().ToString();
  EXPECT_NE(m.status().message().find("unterminated dollar-quoted string"), std::string::npos)
      << m.status().message();
}

void ExpectError(const std::string& content, int line, const std::string& needle) {
  auto m = ParseMigrationFile(kUsersPath, content);
  ASSERT_FALSE(m.ok()) << content;
  EXPECT_EQ(m.status().code(), Code::kParse);
  EXPECT_EQ(m.status().location().file, kUsersPath);
  EXPECT_EQ(m.status().location().line, line) << m.status().ToString();
  EXPECT_NE(m.status().message().find(needle), std::string::npos) << m.status().message();
}

TEST(MigrationFile, LayoutErrorsNameFileAndLine) {
  ExpectError("CREATE TABLE t ();\n-- up\nSELECT 1;\n", 1, "SQL before the `-- up` marker");
  ExpectError("-- comment\n\nSELECT 1;\n", 3, "SQL before the `-- up` marker");
  ExpectError("-- just a comment\n", 0, "no `-- up` marker");
  ExpectError("", 0, "no `-- up` marker");
  ExpectError("-- down\nDROP TABLE t;\n-- up\nSELECT 1;\n", 1, "`-- down` comes before");
  ExpectError("-- up\nSELECT 1;\n-- up\nSELECT 2;\n", 3, "second `-- up`");
  ExpectError("-- up\nSELECT 1;\n-- down\nSELECT 2;\n-- down\n", 5, "second `-- down`");
  ExpectError("-- pgcrate: no-transactoin\n-- up\nSELECT 1;\n", 1, "unknown pgcrate directive");
  ExpectError("-- up\n-- pgcrate: no-transaction\nSELECT 1;\n", 2, "must be in the header");
}

void ExpectBadName(const std::string& name, const std::string& needle) {
  std::string version, desc;
  Status st = ParseMigrationFileName(name, version, desc);
  ASSERT_FALSE(st.ok()) << name;
  EXPECT_NE(st.message().find(name), std::string::npos) << st.message();
  EXPECT_NE(st.message().find(needle), std::string::npos) << st.message();
}

TEST(MigrationFile, FileNames) {
  std::string version, name;
  ASSERT_TRUE(ParseMigrationFileName("20251130000000_add-Index_2.sql", version, name).ok());
  EXPECT_EQ(version, "20251130000000");
  EXPECT_EQ(name, "add-Index_2");
  ExpectBadName("20251130000000_create_users.up.sql", "legacy .up.sql/.down.sql");
  ExpectBadName("20251130000000_create_users.down.sql", "legacy .up.sql/.down.sql");
  ExpectBadName("001_initial.sql", "3 digits");
  ExpectBadName("V1__initial.sql", "Flyway");
  ExpectBadName("create_users.sql", "14-digit timestamp");
  ExpectBadName("20251130000000.sql", "followed by '_'");
  ExpectBadName("20251130000000_.sql", "description must be non-empty");
  ExpectBadName("20251130000000_has space.sql", "only letters");
  ExpectBadName("202511300000001_x.sql", "15 digits");
  ExpectBadName("20251130000000_x.txt", "does not end in .sql");
}

class DiscoverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("pgcrate_discover_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void Write(const std::string& name, const std::string& content) {
    std::ofstream(dir_ / name) << content;
  }
  std::string dir() const { return dir_.string(); }

  std::filesystem::path dir_;
};

TEST_F(DiscoverTest, SortsAndIgnoresOtherFiles) {
  Write("20250102000000_b.sql", "-- up\nSELECT 2;\n");
  Write("20250101000000_a.sql", "-- up\nSELECT 1;\n");
  Write("README.md", "not a migration");
  std::filesystem::create_directories(dir_ / "archive.sql");
  auto files = DiscoverMigrations(dir());
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  ASSERT_EQ(files->size(), 2u);
  EXPECT_EQ((*files)[0].name, "a");
  EXPECT_EQ((*files)[1].name, "b");
  EXPECT_EQ((*files)[0].path, dir() + "/20250101000000_a.sql");
}

TEST_F(DiscoverTest, RejectsDuplicateVersions) {
  Write("20250101000000_a.sql", "-- up\nSELECT 1;\n");
  Write("20250101000000_b.sql", "-- up\nSELECT 2;\n");
  auto files = DiscoverMigrations(dir());
  ASSERT_FALSE(files.ok());
  EXPECT_NE(files.status().message().find("duplicate migration version 20250101000000"),
            std::string::npos);
  EXPECT_NE(files.status().message().find("20250101000000_b.sql"), std::string::npos);
}

TEST_F(DiscoverTest, RejectsLegacyPairsAndListsAllBadFiles) {
  Write("20250101000000_a.up.sql", "SELECT 1;\n");
  Write("20250101000000_a.down.sql", "SELECT 2;\n");
  Write("20250102000000_ok.sql", "-- up\nSELECT 1;\n");
  auto files = DiscoverMigrations(dir());
  ASSERT_FALSE(files.ok());
  EXPECT_NE(files.status().message().find("20250101000000_a.down.sql"), std::string::npos);
  EXPECT_NE(files.status().details().find("20250101000000_a.up.sql"), std::string::npos);
  EXPECT_NE(files.status().details().find("2 invalid migration files"), std::string::npos);
}

TEST_F(DiscoverTest, LayoutErrorCarriesThePath) {
  Write("20250101000000_a.sql", "SELECT 1;\n");
  auto files = DiscoverMigrations(dir());
  ASSERT_FALSE(files.ok());
  EXPECT_EQ(files.status().location().file, dir() + "/20250101000000_a.sql");
  EXPECT_EQ(files.status().location().line, 1);
}

TEST_F(DiscoverTest, MissingDirectoryIsNotFound) {
  auto files = DiscoverMigrations(dir() + "/nope");
  ASSERT_FALSE(files.ok());
  EXPECT_EQ(files.status().code(), Code::kNotFound);
}

}  // namespace
}  // namespace pgcrate::migrate

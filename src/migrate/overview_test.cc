#include "migrate/overview.h"

#include <gtest/gtest.h>

#include "migrate/migration_file.h"
#include "migrate/prepare.h"
#include "migrate/script_exec.h"

namespace pgcrate::migrate {
namespace {

MigrationFile File(const std::string& version, const std::string& body) {
  auto f = ParseMigrationFile("db/migrations/" + version + "_m.sql", "-- up\n" + body);
  EXPECT_TRUE(f.ok()) << f.status().ToString();
  return f.value();
}

AppliedMigration Row(const std::string& version, const std::string& checksum) {
  return {version, "m", checksum, "2025-01-01T00:00:00Z", std::nullopt, "postgres"};
}

TEST(Overview, ClassifiesEveryState) {
  std::vector<MigrationFile> files = {
      File("20250101000000", "SELECT 1;"), File("20250102000000", "SELECT 2;"),
      File("20250103000000", "SELECT 3;"), File("20250105000000", "SELECT 5;")};
  std::vector<AppliedMigration> rows = {Row("20250101000000", files[0].checksum),
                                        Row("20250102000000", "0000"),
                                        Row("20250104000000", "abcd"), Row("20250100000000", "")};
  Overview o = Compare(files, rows);
  EXPECT_EQ(o.applied.size(), 4u);
  ASSERT_EQ(o.pending.size(), 2u);
  EXPECT_EQ(o.pending[0]->version, "20250103000000");
  ASSERT_EQ(o.out_of_order.size(), 1u);  // 03 is older than the latest applied 04
  EXPECT_EQ(o.out_of_order[0]->version, "20250103000000");
  ASSERT_EQ(o.missing.size(), 2u);  // 04 and 00 have no file
  ASSERT_EQ(o.changed.size(), 1u);
  EXPECT_EQ(o.changed[0].file->version, "20250102000000");
  EXPECT_EQ(o.changed[0].recorded_checksum, "0000");
  EXPECT_EQ(o.latest_applied, "20250104000000");
  EXPECT_EQ(o.FileFor("20250105000000"), &files[3]);
  EXPECT_EQ(o.FileFor("20991231000000"), nullptr);
}

// FileFor finds every file whatever order it is asked in (its guess is the entry after the
// last one found), unsorted files included, and the last of files sharing a version.
TEST(Overview, FileForFindsEveryFileInAnyOrder) {
  std::vector<MigrationFile> files = {
      File("20250103000000", "SELECT 3;"), File("20250101000000", "SELECT 1;"),
      File("20250102000000", "SELECT 2;"), File("20250102000000", "SELECT 22;")};
  Overview o = Compare(files, {});
  for (int pass = 0; pass < 2; ++pass) {
    EXPECT_EQ(o.FileFor("20250101000000"), &files[1]);
    EXPECT_EQ(o.FileFor("20250102000000"), &files[3]);
    EXPECT_EQ(o.FileFor("20250102000000"), &files[3]);  // the same one twice
    EXPECT_EQ(o.FileFor("20250103000000"), &files[0]);
    EXPECT_EQ(o.FileFor("20250102500000"), nullptr);
    EXPECT_EQ(o.FileFor("20250103000000"), &files[0]);
    EXPECT_EQ(o.FileFor("20250101000000"), &files[1]);  // back to the start
    EXPECT_EQ(o.FileFor(""), nullptr);
    EXPECT_EQ(o.FileFor("20991231000000"), nullptr);
  }
  EXPECT_EQ(Compare({}, {}).FileFor("20250101000000"), nullptr);
}

TEST(Prepare, RefusesNonTransactionalStatementsWithoutTheDirective) {
  MigrationFile f = File("20250101000000",
                         "CREATE TABLE t (a int);\n-- why\n"
                         "CREATE INDEX CONCURRENTLY i ON t (a);\n");
  auto p = PrepareMigrations({&f}, Direction::kUp);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().location().line, 4);
  EXPECT_EQ(p.status().location().column, 1);
  EXPECT_NE(p.status().hint().find("-- pgcrate: no-transaction"), std::string::npos);
  f.no_transaction = true;
  auto ok = PrepareMigrations({&f}, Direction::kUp);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->front().statements.size(), 2u);
}

TEST(Prepare, EnumAddValueNeedsTheDirectiveOnlyBeforePostgres12) {
  MigrationFile f = File("20250101000000", "ALTER TYPE mood ADD VALUE 'meh' AFTER 'ok';\n");
  EXPECT_TRUE(PrepareMigrations({&f}, Direction::kUp, 150000).ok());
  EXPECT_TRUE(PrepareMigrations({&f}, Direction::kUp, 0).ok());
  auto old = PrepareMigrations({&f}, Direction::kUp, 110000);
  ASSERT_FALSE(old.ok());
  EXPECT_NE(old.status().message().find("cannot run inside a transaction"), std::string::npos)
      << old.status().message();
  MigrationFile rename = File("20250101000000", "ALTER TYPE mood RENAME VALUE 'meh' TO 'ok2';\n");
  EXPECT_TRUE(PrepareMigrations({&rename}, Direction::kUp, 110000).ok());
  f.no_transaction = true;
  EXPECT_TRUE(PrepareMigrations({&f}, Direction::kUp, 110000).ok());
}

TEST(Prepare, SyntaxErrorsPointIntoTheFile) {
  MigrationFile f = File("20250101000000", "SELECT 1;\nSELEC 2;\n");
  auto p = PrepareMigrations({&f}, Direction::kUp);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().location().file, "db/migrations/20250101000000_m.sql");
  EXPECT_EQ(p.status().location().line, 3);
}

TEST(Prepare, TransactionControlIsRefusedInATransactionalMigration) {
  MigrationFile f = File("20250101000000", "BEGIN;\nSELECT 1;\nCOMMIT;\n");
  EXPECT_FALSE(PrepareMigrations({&f}, Direction::kUp).ok());
  f.no_transaction = true;
  EXPECT_TRUE(PrepareMigrations({&f}, Direction::kUp).ok());
}

TEST(Helpers, SkipLeadingComments) {
  std::string text = "  -- a\n/* b /* nested */ */\nSELECT 1";
  EXPECT_EQ(SkipLeadingComments(text, 0), text.find("SELECT"));
}

TEST(Helpers, SanitizeName) {
  EXPECT_EQ(SanitizeName("Add Email Column!"), "add_email_column");
  EXPECT_EQ(SanitizeName("  create--users  "), "create_users");
  EXPECT_EQ(SanitizeName("!!!"), "");
}

}  // namespace
}  // namespace pgcrate::migrate

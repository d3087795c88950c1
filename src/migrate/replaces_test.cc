#include "migrate/replaces.h"

#include <gtest/gtest.h>

#include "migrate/overview.h"

namespace pgcrate::migrate {
namespace {

constexpr const char* kV1 = "20250101000000";
constexpr const char* kV2 = "20250102000000";
constexpr const char* kV3 = "20250103000000";
constexpr const char* kV4 = "20250104000000";

MigrationFile File(const std::string& version, const std::string& header, const std::string& body) {
  auto f = ParseMigrationFile("db/migrations/" + version + "_m.sql", header + "-- up\n" + body);
  EXPECT_TRUE(f.ok()) << f.status().ToString();
  return f.value();
}

// 03 squashes 01..03; 04 is an ordinary later file.
std::vector<MigrationFile> SquashedFiles() {
  return {File(kV3,
               "-- pgcrate: replaces 20250101000000 20250102000000\n-- pgcrate: replaces "
               "20250103000000\n",
               "CREATE TABLE t (id int);\n"),
          File(kV4, "", "SELECT 4;\n")};
}

AppliedMigration AppliedRow(const std::string& version, const std::string& checksum) {
  return {version, "m", checksum, "2025-01-01T00:00:00Z", std::nullopt, "postgres"};
}

TEST(Replaces, DirectiveListsVersionsOverSeveralLines) {
  auto files = SquashedFiles();
  EXPECT_EQ(files[0].replaces, (std::vector<std::string>{kV1, kV2, kV3}));
  EXPECT_TRUE(files[1].replaces.empty());
}

TEST(Replaces, BadDirectivesNameTheLine) {
  auto empty = ParseMigrationFile("db/migrations/20250103000000_m.sql",
                                  "-- x\n-- pgcrate: replaces\n-- up\nSELECT 1;\n");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().location().line, 2);
  EXPECT_NE(empty.status().message().find("lists no versions"), std::string::npos);
  auto word = ParseMigrationFile("db/migrations/20250103000000_m.sql",
                                 "-- pgcrate: replaces 20250101000000 abc\n-- up\nSELECT 1;\n");
  ASSERT_FALSE(word.ok());
  EXPECT_NE(word.status().message().find("'abc'"), std::string::npos);
  auto twice = ParseMigrationFile(
      "db/migrations/20250103000000_m.sql",
      "-- pgcrate: replaces 20250101000000\n-- pgcrate: replaces 20250101000000\n-- up\n");
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.status().message().find("twice"), std::string::npos);
  auto after_up = ParseMigrationFile("db/migrations/20250103000000_m.sql",
                                     "-- up\n-- pgcrate: replaces 20250101000000\nSELECT 1;\n");
  EXPECT_FALSE(after_up.ok());
}

TEST(Replaces, OldHistoryCountsAsTheSquashedFileApplied) {
  auto files = SquashedFiles();
  std::vector<AppliedMigration> rows = {AppliedRow(kV1, "c1"), AppliedRow(kV2, "c2"),
                                        AppliedRow(kV3, "old3"),
                                        AppliedRow(kV4, files[1].checksum)};
  ReplacedRows r = ResolveReplaced(files, rows);
  EXPECT_EQ(r.superseded, (std::set<std::string>{kV1, kV2}));
  EXPECT_EQ(r.adopted, (std::set<std::string>{kV3}));
  Overview o = Compare(files, rows);
  EXPECT_EQ(o.applied.size(), 2u);  // 03 (for the squashed file) and 04
  EXPECT_TRUE(o.pending.empty());
  EXPECT_TRUE(o.missing.empty());
  EXPECT_TRUE(o.changed.empty());
}

TEST(Replaces, FreshDatabaseRunsTheSquashedFileAndThenComparesItsChecksum) {
  auto files = SquashedFiles();
  Overview fresh = Compare(files, {});
  ASSERT_EQ(fresh.pending.size(), 2u);
  EXPECT_EQ(fresh.pending[0]->version, kV3);
  EXPECT_TRUE(CheckPartlyReplaced(fresh.pending, {}).ok());
  // Ran it: its own row with its checksum; an edit afterwards is a change as for any file.
  std::vector<AppliedMigration> ran = {AppliedRow(kV3, files[0].checksum)};
  EXPECT_TRUE(Compare(files, ran).changed.empty());
  std::vector<AppliedMigration> edited = {AppliedRow(kV3, "edited")};
  EXPECT_EQ(Compare(files, edited).changed.size(), 1u);
  EXPECT_TRUE(ResolveReplaced(files, edited).adopted.empty());
}

TEST(Replaces, PartOfTheOldRangeIsRefusedAndShownMissing) {
  auto files = SquashedFiles();
  std::vector<AppliedMigration> rows = {AppliedRow(kV1, "c1")};
  Overview o = Compare(files, rows);
  ASSERT_EQ(o.missing.size(), 1u);
  ASSERT_EQ(o.pending.size(), 2u);
  Status st = CheckPartlyReplaced(o.pending, rows);
  EXPECT_EQ(st.code(), Code::kConflict);
  EXPECT_NE(st.message().find("applied only some of them (20250101000000)"), std::string::npos)
      << st.message();
}

TEST(Replaces, RollbackCleanupCoversTheSupersededRowsOnly) {
  auto files = SquashedFiles();
  std::vector<AppliedMigration> old = {AppliedRow(kV1, "c1"), AppliedRow(kV2, "c2"),
                                       AppliedRow(kV3, "old3")};
  EXPECT_FALSE(SupersededRowsCleanup({&files[0]}, old, {}).empty());
  EXPECT_TRUE(SupersededRowsCleanup({&files[1]}, old, {}).empty());
  std::vector<AppliedMigration> fresh = {AppliedRow(kV3, files[0].checksum)};
  EXPECT_TRUE(SupersededRowsCleanup({&files[0]}, fresh, {}).empty());
}

}  // namespace
}  // namespace pgcrate::migrate

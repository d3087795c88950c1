// golang-migrate, pairs, numbered, Flyway and sqitch layouts.
#include "importer/import_test_util.h"

namespace pgcrate::importer::testing {
namespace {

using FormatImport = ImportTest;

TEST_F(FormatImport, GolangMigratePairsOptionalDownsAndTransactionModes) {
  Write("000001_create.up.sql", "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n");
  Write("000001_create.down.sql", "DROP TABLE b;\nDROP TABLE a;\n");
  Write("2_index.up.sql", "CREATE INDEX CONCURRENTLY ai ON a (id);\n");
  Write("1700000000_wrapped.up.sql", "BEGIN;\nCREATE TABLE c (id int);\nCOMMIT;\n");
  Write("3_x.up.json", "{}");
  ImportPlan plan = Plan(Tool::kGolangMigrate);
  ASSERT_EQ(plan.migrations.size(), 3u);
  EXPECT_EQ(plan.migrations[0].file.version, "00000000000001");
  EXPECT_EQ(plan.migrations[0].tracking_key, "1");
  EXPECT_TRUE(plan.migrations[0].file.has_down);
  EXPECT_FALSE(plan.migrations[0].file.no_transaction);
  EXPECT_EQ(Reparse(plan.migrations[0]).down_sql, "DROP TABLE b;\nDROP TABLE a;\n");
  EXPECT_EQ(plan.migrations[1].file.version, "00000000000002");
  EXPECT_TRUE(plan.migrations[1].file.no_transaction);  // CREATE INDEX CONCURRENTLY
  EXPECT_FALSE(plan.migrations[1].file.has_down);
  EXPECT_EQ(plan.migrations[2].file.version, "00001700000000");
  EXPECT_TRUE(plan.migrations[2].file.no_transaction);  // its own BEGIN/COMMIT
  EXPECT_EQ(plan.skipped.size(), 1u);
}

TEST_F(FormatImport, HostileNamesKeepTheirOriginalInTheHeader) {
  Write("7_add \"quoted\" $(touch x) ünïcode.up.sql", "SELECT 1;\n");
  Write("7_add \"quoted\" $(touch x) ünïcode.down.sql", "SELECT 2;\n");
  ImportPlan gm = Plan(Tool::kGolangMigrate);
  ASSERT_EQ(gm.migrations.size(), 1u);
  EXPECT_EQ(gm.migrations[0].file.file_name, "00000000000007_add_quoted_touch_x_n_code.sql");
  EXPECT_EQ(gm.migrations[0].source_name, "add \"quoted\" $(touch x) ünïcode");
  EXPECT_NE(gm.migrations[0].content.find("ünïcode"), std::string::npos);
  std::filesystem::remove_all(dir_);
  std::filesystem::create_directories(dir_);
  Write("V3__it's a `test` $(x).sql", "SELECT 3;\n");
  Write("R__view «ü».sql", "CREATE OR REPLACE VIEW v AS SELECT 1 AS x;\n");
  ImportPlan fw = Plan(Tool::kFlyway);
  ASSERT_EQ(fw.migrations.size(), 1u);
  EXPECT_EQ(fw.migrations[0].file.file_name, "00000000000003_it_s_a_test_x.sql");
  ASSERT_EQ(fw.code_files.size(), 1u);
  EXPECT_EQ(fw.code_files[0].relative_path, "view.sql");
}

TEST_F(FormatImport, GolangMigrateDuplicateAndOrphanAndUnparsableAreRefused) {
  Write("1_a.up.sql", "SELECT 1;\n");
  Write("01_b.up.sql", "SELECT 1;\n");
  auto dup = PlanImport(Tool::kGolangMigrate, dir());
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().code(), Code::kConflict);
  std::filesystem::remove(Path("01_b.up.sql"));
  Write("2_c.down.sql", "SELECT 1;\n");
  auto orphan = PlanImport(Tool::kGolangMigrate, dir());
  ASSERT_FALSE(orphan.ok());
  EXPECT_EQ(orphan.status().location().file, Path("2_c.down.sql"));
  std::filesystem::remove(Path("2_c.down.sql"));
  Write("3_bad.up.sql", "SELECT 1;\nSELEC 2;\n");
  auto bad = PlanImport(Tool::kGolangMigrate, dir());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().location().file, Path("3_bad.up.sql"));
  EXPECT_EQ(bad.status().location().line, 2);
}

TEST_F(FormatImport, PairsNeedTheirDownFile) {
  Write("1_a.up.sql", "SELECT 1;\n");
  auto plan = PlanImport(Tool::kPairs, dir());
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().location().file, Path("1_a.up.sql"));
  EXPECT_NE(plan.status().message().find("down"), std::string::npos);
  Write("1_a.down.sql", "SELECT 2;\n");
  ImportPlan ok = Plan(Tool::kPairs);
  ASSERT_EQ(ok.migrations.size(), 1u);
  EXPECT_EQ(Reparse(ok.migrations[0]).down_sql, "SELECT 2;\n");
}

TEST_F(FormatImport, NumberedIsUpOnlyAndRefusesPairs) {
  Write("001_first.sql", "CREATE TABLE a (id int);\n");
  Write("002_second.sql", "CREATE TABLE b (id int);");
  ImportPlan plan = Plan(Tool::kNumbered);
  ASSERT_EQ(plan.migrations.size(), 2u);
  EXPECT_EQ(plan.migrations[1].file.file_name, "00000000000002_second.sql");
  EXPECT_FALSE(plan.migrations[1].file.has_down);
  EXPECT_EQ(Reparse(plan.migrations[1]).up_sql, "CREATE TABLE b (id int);");
  Write("003_x.up.sql", "SELECT 1;\n");
  EXPECT_FALSE(PlanImport(Tool::kNumbered, dir()).ok());
}

TEST_F(FormatImport, FlywayVersionsUndoRepeatablesAndConf) {
  Write("V1__init.sql", "CREATE TABLE a (id int);\n");
  Write("sub/V1.1__add_b.sql", "CREATE TABLE b (id int);\n");
  Write("U1.1__add_b.sql", "DROP TABLE b;\n");
  Write("V1_2__idx.sql", "CREATE INDEX ai ON a (id);\n");
  Write("V1_2__idx.sql.conf", "# settings\nexecuteInTransaction=false\n");
  Write("V2__two.sql", "SELECT 2;\n");
  Write("R__a_view.sql", "CREATE OR REPLACE VIEW v AS SELECT 1 AS x;\n");
  Write("afterMigrate.sql", "SELECT 1;\n");
  ImportPlan plan = Plan(Tool::kFlyway);
  ASSERT_EQ(plan.migrations.size(), 4u);
  EXPECT_EQ(plan.migrations[0].file.version, "00000000000010");
  EXPECT_EQ(plan.migrations[1].file.version, "00000000000011");
  EXPECT_EQ(plan.migrations[1].tracking_key, "1.1");
  EXPECT_EQ(Reparse(plan.migrations[1]).down_sql, "DROP TABLE b;\n");
  EXPECT_EQ(plan.migrations[2].file.version, "00000000000012");
  EXPECT_TRUE(plan.migrations[2].file.no_transaction);
  EXPECT_EQ(plan.migrations[2].source_version, "1.2");
  EXPECT_EQ(plan.migrations[3].file.version, "00000000000020");
  ASSERT_EQ(plan.code_files.size(), 1u);
  EXPECT_EQ(plan.code_files[0].relative_path, "a_view.sql");
  EXPECT_EQ(plan.skipped.size(), 1u);
}

TEST_F(FormatImport, FlywayRefusesEqualVersionsAndBadOnes) {
  Write("V1__a.sql", "SELECT 1;\n");
  Write("V1.0__b.sql", "SELECT 1;\n");
  auto dup = PlanImport(Tool::kFlyway, dir());
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().code(), Code::kConflict);
  std::filesystem::remove(Path("V1.0__b.sql"));
  Write("V1a__c.sql", "SELECT 1;\n");
  EXPECT_FALSE(PlanImport(Tool::kFlyway, dir()).ok());
  std::filesystem::remove(Path("V1a__c.sql"));
  Write("U7__orphan.sql", "SELECT 1;\n");
  EXPECT_FALSE(PlanImport(Tool::kFlyway, dir()).ok());
}

constexpr const char* kSqitchPlan =
    "%syntax-version=1.0.0\n"
    "%project=flipr\n"
    "%uri=https://example.com/flipr/\n"
    "\n"
    "# a comment\n"
    "appschema 2013-12-30T23:49:00Z Marge N. O'Vera <marge@example.com> # App schema.\n"
    "users [appschema] 2013-12-30T23:49:00Z Marge <marge@example.com> # Users.\n"
    "@v1.0 2013-12-31T00:00:00Z Marge <marge@example.com> # Tag v1.0.\n"
    "\n"
    "users [users@v1.0] 2014-01-02T10:00:00Z Marge <marge@example.com> # Reworked.\n";

TEST_F(FormatImport, SqitchPlanWithTagsDependenciesAndRework) {
  Write("sqitch.plan", kSqitchPlan);
  Write("deploy/appschema.sql", "BEGIN;\nCREATE SCHEMA flipr;\nCOMMIT;\n");
  Write("revert/appschema.sql", "BEGIN;\nDROP SCHEMA flipr;\nCOMMIT;\n");
  Write("deploy/users@v1.0.sql", "BEGIN;\nCREATE TABLE flipr.users (id int);\nCOMMIT;\n");
  Write("revert/users@v1.0.sql", "DROP TABLE flipr.users;\n");
  Write("deploy/users.sql", "ALTER TABLE flipr.users ADD COLUMN n text;\n");
  Write("revert/users.sql", "ALTER TABLE flipr.users DROP COLUMN n;\n");
  Write("verify/users.sql", "SELECT 1;\n");
  ImportPlan plan = Plan(Tool::kSqitch);
  EXPECT_EQ(plan.project, "flipr");
  ASSERT_EQ(plan.migrations.size(), 3u);
  EXPECT_EQ(plan.migrations[0].file.version, "20131230234900");
  EXPECT_EQ(plan.migrations[1].file.version, "20131230234901");  // same second: +1s
  EXPECT_EQ(plan.migrations[1].tracking_key, "users@2013-12-30T23:49:00Z");
  EXPECT_EQ(plan.migrations[1].source, "deploy/users@v1.0.sql, revert/users@v1.0.sql");
  EXPECT_EQ(plan.migrations[2].file.version, "20140102100000");
  EXPECT_EQ(Reparse(plan.migrations[2]).up_sql, "ALTER TABLE flipr.users ADD COLUMN n text;\n");
  for (const auto& m : plan.migrations) EXPECT_TRUE(m.file.no_transaction);
  EXPECT_FALSE(plan.warnings.empty());
}

TEST_F(FormatImport, SqitchRefusesAnUnreadablePlanLineAndMissingScripts) {
  Write("sqitch.plan", "%project=p\nfirst 2020-01-01T00:00:00Z A <a@b>\nsecond 2020-13 A\n");
  Write("deploy/first.sql", "SELECT 1;\n");
  auto bad = PlanImport(Tool::kSqitch, dir());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().location().file, Path("sqitch.plan"));
  EXPECT_EQ(bad.status().location().line, 3);
  Write("sqitch.plan",
        "%project=p\nfirst 2020-01-01T00:00:00Z A <a@b>\nmissing 2020-01-02T00:00:00Z A <a@b>\n");
  EXPECT_FALSE(PlanImport(Tool::kSqitch, dir()).ok());
  Write("deploy/missing.sql", "\\set ON_ERROR_STOP 1\nSELECT 1;\n");
  auto meta = PlanImport(Tool::kSqitch, dir());
  ASSERT_FALSE(meta.ok());
  EXPECT_EQ(meta.status().location().file, Path("deploy/missing.sql"));
}

TEST(ImportTools, ParseToolNamesEveryTool) {
  for (const auto& name : ToolNames()) {
    auto t = ParseTool(name);
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(ToolName(*t), name);
  }
  auto bad = ParseTool("liquibase");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Code::kUsage);
}

}  // namespace
}  // namespace pgcrate::importer::testing

// dbmate's layout: sections, options, hostile names, and the files dbmate itself refuses.
#include "importer/import_test_util.h"

namespace pgcrate::importer::testing {
namespace {

using DbmateImport = ImportTest;

TEST_F(DbmateImport, ConvertsSectionsOptionsAndHostileNames) {
  Write("20200101000000_create users 'q' $(rm -rf x) café.sql",
        "-- header comment\n\n-- migrate:up\nCREATE TABLE \"u s\" (id int);\n"
        "-- migrate:down\nDROP TABLE \"u s\";\n");
  Write("20200102000000_idx.sql",
        "--   migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (id);\n\n"
        "-- migrate:down\nDROP INDEX i;\n");
  Write("README.md", "not a migration");
  ImportPlan plan = Plan(Tool::kDbmate);
  ASSERT_EQ(plan.migrations.size(), 2u);
  const PlannedMigration& a = plan.migrations[0];
  EXPECT_EQ(a.file.file_name, "20200101000000_create_users_q_rm_-rf_x_caf.sql");
  EXPECT_EQ(a.source_name, "create users 'q' $(rm -rf x) café");
  EXPECT_EQ(a.tracking_key, "20200101000000");
  EXPECT_FALSE(a.file.no_transaction);
  migrate::MigrationFile fa = Reparse(a);
  EXPECT_EQ(fa.up_sql, "CREATE TABLE \"u s\" (id int);\n");
  EXPECT_EQ(fa.down_sql, "DROP TABLE \"u s\";\n");
  EXPECT_NE(a.content.find("café"), std::string::npos) << "the original name stays visible";
  const PlannedMigration& b = plan.migrations[1];
  EXPECT_TRUE(b.file.no_transaction);
  EXPECT_EQ(Reparse(b).up_sql, "CREATE INDEX CONCURRENTLY i ON t (id);\n\n");
  ASSERT_EQ(plan.skipped.size(), 1u);
  EXPECT_NE(plan.skipped[0].find("README.md"), std::string::npos);
}

TEST_F(DbmateImport, ShortVersionsArePaddedAndSeveralSectionsJoin) {
  Write("001_a.sql",
        "-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n"
        "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY ai ON a (id);\n"
        "-- migrate:down\nDROP INDEX ai;\n");
  ImportPlan plan = Plan(Tool::kDbmate);
  ASSERT_EQ(plan.migrations.size(), 1u);
  EXPECT_EQ(plan.migrations[0].file.version, "00000000000001");
  EXPECT_EQ(plan.migrations[0].tracking_key, "001");
  EXPECT_TRUE(plan.migrations[0].file.no_transaction);
  migrate::MigrationFile f = Reparse(plan.migrations[0]);
  EXPECT_EQ(f.up_sql, "CREATE TABLE a (id int);\nCREATE INDEX CONCURRENTLY ai ON a (id);\n");
  EXPECT_EQ(f.down_sql, "DROP TABLE a;\nDROP INDEX ai;\n");
}

TEST_F(DbmateImport, MissingDownIsRefusedNamingFileAndLine) {
  Write("20200101000000_a.sql", "\n-- migrate:up\nCREATE TABLE a (id int);\n");
  auto plan = PlanImport(Tool::kDbmate, dir());
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().location().file, Path("20200101000000_a.sql"));
  EXPECT_EQ(plan.status().location().line, 2);
  EXPECT_NE(plan.status().message().find("migrate:down"), std::string::npos);
}

TEST_F(DbmateImport, SqlBeforeUpIsRefused) {
  Write("20200101000000_a.sql", "-- ok\nSELECT 1;\n-- migrate:up\n-- migrate:down\n");
  auto plan = PlanImport(Tool::kDbmate, dir());
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().location().line, 2);
}

TEST_F(DbmateImport, DuplicateVersionsAfterPaddingAreRefused) {
  Write("001_a.sql", "-- migrate:up\n-- migrate:down\n");
  Write("1_b.sql", "-- migrate:up\n-- migrate:down\n");
  auto plan = PlanImport(Tool::kDbmate, dir());
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), Code::kConflict);
  EXPECT_NE(plan.status().message().find("001_a.sql"), std::string::npos);
  EXPECT_NE(plan.status().message().find("1_b.sql"), std::string::npos);
}

TEST_F(DbmateImport, VersionsWhoseOrderWouldChangeAreRefused) {
  // dbmate runs 10_b before 9_a (file-name order); padded numbers would swap them.
  Write("9_a.sql", "-- migrate:up\n-- migrate:down\n");
  Write("10_b.sql", "-- migrate:up\n-- migrate:down\n");
  auto plan = PlanImport(Tool::kDbmate, dir());
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().message().find("order"), std::string::npos);
}

TEST_F(DbmateImport, ASourceLineThatReadsLikeAPgcrateMarkerIsRefused) {
  Write("20200101000000_a.sql",
        "-- migrate:up\nCREATE TABLE a (id int);\n-- down\nSELECT 1;\n-- migrate:down\n");
  auto plan = PlanImport(Tool::kDbmate, dir());
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().location().file, Path("20200101000000_a.sql"));
  EXPECT_EQ(plan.status().location().line, 3);
}

TEST_F(DbmateImport, AVersionLongerThanFourteenDigitsIsRefused) {
  Write("202001010000001_a.sql", "-- migrate:up\n-- migrate:down\n");
  EXPECT_FALSE(PlanImport(Tool::kDbmate, dir()).ok());
}

TEST_F(DbmateImport, AMissingDirectoryIsNotFound) {
  auto plan = PlanImport(Tool::kDbmate, Path("nope"));
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), Code::kNotFound);
}

}  // namespace
}  // namespace pgcrate::importer::testing

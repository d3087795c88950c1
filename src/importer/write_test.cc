// Writing a plan: all at once into a fresh directory, file by file next to other migrations,
// and nothing at all when one target is taken.
#include "importer/write.h"

#include "base/files.h"
#include "importer/import_test_util.h"

namespace pgcrate::importer::testing {
namespace {

class WriteImport : public ImportTest {
 protected:
  ImportPlan TwoMigrations() {
    Write("src/20240101000000_a.sql", "-- migrate:up\nSELECT 1;\n-- migrate:down\n");
    Write("src/20240102000000_b.sql", "-- migrate:up\nSELECT 2;\n-- migrate:down\n");
    auto plan = PlanImport(Tool::kDbmate, Path("src"));
    EXPECT_TRUE(plan.ok());
    return plan.ok() ? std::move(plan).value() : ImportPlan{};
  }
};

int Entries(const std::string& dir) {
  int n = 0;
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator(dir, ec);
       !ec && it != std::filesystem::directory_iterator(); ++it) {
    ++n;
  }
  return n;
}

TEST_F(WriteImport, AFreshDirectoryGetsEveryFileAndNoStagingIsLeft) {
  ImportPlan plan = TwoMigrations();
  std::filesystem::create_directories(Path("db/migrations"));  // empty: staged too
  auto set = PlanWrites(plan, {Path("db/migrations"), Path("db/code")});
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  ASSERT_TRUE(WriteFiles(*set).ok());
  EXPECT_EQ(Entries(Path("db/migrations")), 2);
  EXPECT_EQ(Entries(Path("db")), 1) << "the staging directory is gone";
  EXPECT_EQ(base::ReadFile(Path("db/migrations/20240101000000_a.sql")).value(),
            plan.migrations[0].content);
  // Planned again: the same bytes are there, nothing to write.
  auto again = PlanWrites(plan, {Path("db/migrations"), Path("db/code")});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->migrations[1].state, WriteState::kUnchanged);
}

TEST_F(WriteImport, NextToOtherMigrationsFilesAreWrittenOneByOne) {
  ImportPlan plan = TwoMigrations();
  Write("db/migrations/20230101000000_older.sql", "-- up\nSELECT 0;\n");
  auto set = PlanWrites(plan, {Path("db/migrations"), Path("db/code")});
  ASSERT_TRUE(set.ok());
  ASSERT_TRUE(WriteFiles(*set).ok());
  EXPECT_EQ(Entries(Path("db/migrations")), 3);
}

TEST_F(WriteImport, ATakenTargetOrVersionWritesNothing) {
  ImportPlan plan = TwoMigrations();
  Write("db/migrations/20240102000000_other_name.sql", "-- up\nSELECT 9;\n");
  auto set = PlanWrites(plan, {Path("db/migrations"), Path("db/code")});
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.status().code(), Code::kConflict);
  EXPECT_NE(set.status().message().find("already has version 20240102000000"), std::string::npos)
      << set.status().message();
  EXPECT_EQ(Entries(Path("db/migrations")), 1);
}

}  // namespace
}  // namespace pgcrate::importer::testing

// The migration engine as a library (what embedders, `migrate lint` and the shadow-database
// work of `migrate check` call): discover files, apply them to a connection, read back what
// is applied — no CLI involved.
#include "migrate/apply.h"
#include "migrate/migration_file.h"
#include "migrate/runner.h"
#include "migrate/store.h"
#include "migrate_itest_support.h"

namespace pgcrate::migrate {
namespace {

class MigrateLibraryTest : public testing::MigrateTest {};

TEST_F(MigrateLibraryTest, ApplyFilesThenReadAppliedVersions) {
  Write("20250101000000", "a", "-- up\nCREATE TABLE a (x int);\n");
  Write("20250102000000", "b",
        "-- pgcrate: no-transaction\n-- up\nCREATE INDEX CONCURRENTLY a_x ON a (x);\n");
  auto files = DiscoverMigrations(MigrationsDir());
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  auto before = ReadAppliedVersions(conn());
  ASSERT_TRUE(before.ok());
  EXPECT_TRUE(before->empty());  // no tracking table yet, and none created by reading
  EXPECT_EQ(Scalar("SELECT to_regclass('pgcrate.schema_migrations') IS NULL"), "t");
  std::vector<MigrationOutcome> done;
  Status st = ApplyFiles(conn(), files.value(), ApplyOptions{}, &done);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(done.size(), 2u);
  auto after = ReadAppliedVersions(conn());
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(*after, (std::set<std::string>{"20250101000000", "20250102000000"}));
  EXPECT_EQ(Scalar("SELECT count(*) FROM pg_index WHERE indexrelid = 'a_x'::regclass"), "1");
}

TEST_F(MigrateLibraryTest, UpCallsThePreRunCheckAndStopsOnItsVerdict) {
  Write("20250101000000", "a", "-- up\nCREATE TABLE a (x int);\n");
  auto files = DiscoverMigrations(MigrationsDir());
  ASSERT_TRUE(files.ok());
  UpOptions o;
  std::vector<std::string> seen;
  o.pre_run_check = [&seen](const std::vector<MigrationFile>& pending) {
    for (const auto& f : pending) seen.push_back(f.file_name);
    return Status(Code::kRefused, "lint found problems.");
  };
  RunResult r;
  Status st = MigrateUp(conn(), files.value(), o, &r);
  EXPECT_EQ(st.code(), Code::kRefused);
  EXPECT_EQ(seen, std::vector<std::string>{"20250101000000_a.sql"});
  EXPECT_EQ(Scalar("SELECT to_regclass('public.a') IS NULL"), "t");
  o.pre_run_check = nullptr;
  RunResult r2;
  ASSERT_TRUE(MigrateUp(conn(), files.value(), o, &r2).ok());
  EXPECT_EQ(r2.done.size(), 1u);
}

TEST_F(MigrateLibraryTest, DownDryRunListsWithoutRollingBack) {
  Write("20250101000000", "a", "-- up\nCREATE TABLE a (x int);\n-- down\nDROP TABLE a;\n");
  ASSERT_EQ(Run({"migrate", "up"}).exit_code, 0);
  auto r = Run({"--json", "migrate", "down", "--steps", "1", "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(testing::JsonField(r.out, "/rolled_back/0/version"), "20250101000000");
  EXPECT_EQ(TrackedCount(), 1);
  EXPECT_EQ(Scalar("SELECT to_regclass('public.a') IS NOT NULL"), "t");
}

}  // namespace
}  // namespace pgcrate::migrate

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

// A migration bigger than ApplyOptions::part_bytes goes in several queries inside its one
// transaction: applied whole, or, when a part fails, rolled back whole and reported at the
// failing line and column of the file, as when it goes in one query.
TEST_F(MigrateLibraryTest, BigMigrationsSentInPartsStayAtomic) {
  std::string rows;  // 40 statements on lines 3..82 of a file whose line 2 is one CREATE
  for (int i = 1; i <= 40; ++i) {
    rows += "-- row " + std::to_string(i) + "\nINSERT INTO big VALUES (" + std::to_string(i) +
            ", 'a; -- not a cut');\n";
  }
  ApplyOptions o;
  o.part_bytes = 200;  // about five statements a part
  Write("20250101000000", "big",
        "-- up\nCREATE TABLE big (id int PRIMARY KEY, note text);\n" + rows);
  auto files = DiscoverMigrations(MigrationsDir());
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  std::vector<MigrationOutcome> done;
  Status st = ApplyFiles(conn(), files.value(), o, &done);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(Scalar("SELECT count(*) FROM big"), "40");
  EXPECT_EQ(Scalar("SELECT count(*) FROM pgcrate.schema_migrations"), "1");

  ASSERT_TRUE(conn().Run("TRUNCATE big").ok());
  Write("20250102000000", "bad",
        "-- up\nCREATE TABLE other (x int);\n" + rows +
            "INSERT INTO big (id, nope) VALUES (100, 1);\n");  // line 83, "nope" at column 22
  files = DiscoverMigrations(MigrationsDir());
  ASSERT_TRUE(files.ok());
  std::vector<MigrationFile> bad{files->back()};
  st = ApplyFiles(conn(), bad, o, &done);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.location().line, 83) << st.ToString();
  EXPECT_EQ(st.location().column, 22) << st.ToString();
  EXPECT_NE(st.details().find("rolled back as a whole"), std::string::npos) << st.details();
  EXPECT_EQ(Scalar("SELECT to_regclass('public.other') IS NULL"), "t");
  EXPECT_EQ(Scalar("SELECT count(*) FROM big"), "0");
  EXPECT_EQ(Scalar("SELECT count(*) FROM pgcrate.schema_migrations"), "1");
  // The same file in one query fails at the same place.
  o.part_bytes = size_t{1} << 20;
  Status whole = ApplyFiles(conn(), bad, o, &done);
  EXPECT_EQ(whole.location().line, 83) << whole.ToString();
  EXPECT_EQ(whole.location().column, 22) << whole.ToString();

  // A failure without a server position (a duplicate key) in a middle part: the statement's
  // line, counted over the parts before it.
  ASSERT_TRUE(conn().Run("INSERT INTO big VALUES (20, 'taken')").ok());
  o.part_bytes = 200;
  st = ApplyFiles(conn(), bad, o, &done);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.location().line, 42) << st.ToString();  // row 20's INSERT
  EXPECT_EQ(Scalar("SELECT count(*) FROM big"), "1");
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

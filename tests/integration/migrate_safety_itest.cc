// The execution side of the migration engine against the real server: atomic failure with
// file:line:column, non-transactional statements with and without the directive, lock
// timeouts and retries, the safety session settings, and in-place upgrade of old tracking
// tables.
#include <chrono>
#include <thread>

#include "migrate_itest_support.h"

namespace pgcrate::testing {
namespace {

class MigrateSafetyTest : public MigrateTest {};

TEST_F(MigrateSafetyTest, FailingMigrationLeavesNothingAndReportsFileLineColumn) {
  Write("20250101000000", "good", "-- up\nCREATE TABLE good (a int);\n");
  std::string bad = Write("20250102000000", "bad",
                          "-- comment\n-- up\nCREATE TABLE half (a int);\nINSERT INTO half "
                          "VALUES (1);\n\nSELECT nosuch FROM half;\n");
  auto r = Run({"migrate", "up"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(bad + ":6:8: column \"nosuch\" does not exist"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("sqlstate: 42703"), std::string::npos) << r.err;
  EXPECT_EQ(Scalar("SELECT to_regclass('public.half') IS NULL"), "t");
  EXPECT_EQ(Scalar("SELECT to_regclass('public.good') IS NOT NULL"), "t");
  EXPECT_EQ(Scalar("SELECT string_agg(version, ',') FROM pgcrate.schema_migrations"),
            "20250101000000");
  // Fixed, a rerun continues where it stopped.
  Write("20250102000000", "bad", "-- up\nCREATE TABLE half (a int);\n");
  ASSERT_EQ(Run({"migrate", "up"}).exit_code, 0);
  EXPECT_EQ(TrackedCount(), 2);
}

TEST_F(MigrateSafetyTest, ErrorWithoutPositionPointsAtTheFailingStatement) {
  std::string path = Write("20250101000000", "dup",
                           "-- up\nCREATE TABLE d (a int);\n-- again:\nCREATE TABLE d (a int);\n");
  auto r = Run({"--json", "migrate", "up"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(JsonField(r.out, "/error/message"), path + ":4:1: relation \"d\" already exists")
      << r.out;
  EXPECT_EQ(Scalar("SELECT to_regclass('public.d') IS NULL"), "t");
}

TEST_F(MigrateSafetyTest, SyntaxErrorIsFoundBeforeAnythingRuns) {
  Write("20250101000000", "a", "-- up\nCREATE TABLE a (x int);\n");
  std::string path = Write("20250102000000", "b", "-- up\nCREATE TABLE b (x int;\n");
  auto r = Run({"migrate", "up"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(path + ":2:"), std::string::npos) << r.err;
  EXPECT_EQ(Scalar("SELECT to_regclass('public.a') IS NULL"), "t");  // nothing ran
}

TEST_F(MigrateSafetyTest, ConcurrentlyWithoutDirectiveIsRefusedBeforeAnythingRuns) {
  Write("20250101000000", "t", "-- up\nCREATE TABLE t (a int);\n");
  std::string path =
      Write("20250102000000", "idx", "-- up\nCREATE INDEX CONCURRENTLY t_a ON t (a);\n");
  auto r = Run({"migrate", "up"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(path + ":2:1:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("-- pgcrate: no-transaction"), std::string::npos) << r.err;
  EXPECT_EQ(Scalar("SELECT to_regclass('public.t') IS NULL"), "t");
}

TEST_F(MigrateSafetyTest, ConcurrentlyWithDirectiveRunsOutsideATransaction) {
  Write("20250101000000", "t", "-- up\nCREATE TABLE t (a int, b int);\n");
  Write("20250102000000", "idx",
        "-- pgcrate: no-transaction\n-- up\nCREATE INDEX CONCURRENTLY t_a ON t (a);\n"
        "CREATE INDEX CONCURRENTLY t_b ON t (b);\n-- down\nDROP INDEX CONCURRENTLY t_b;\n"
        "DROP INDEX CONCURRENTLY t_a;\n");
  auto r = Run({"migrate", "up"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Scalar("SELECT count(*) FROM pg_index WHERE indrelid = 't'::regclass AND "
                   "indisvalid"),
            "2");
  EXPECT_EQ(TrackedCount(), 2);
  auto down = Run({"migrate", "down", "--steps", "1", "--yes"});
  ASSERT_EQ(down.exit_code, 0) << down.err;
  EXPECT_EQ(Scalar("SELECT count(*) FROM pg_index WHERE indrelid = 't'::regclass"), "0");
  EXPECT_EQ(TrackedCount(), 1);
}

TEST_F(MigrateSafetyTest, FailedConcurrentIndexNamesTheInvalidIndexAndWhatRan) {
  Write("20250101000000", "t", "-- up\nCREATE TABLE t (a int);\nINSERT INTO t VALUES (1), (1);\n");
  std::string path = Write("20250102000000", "idx",
                           "-- pgcrate: no-transaction\n-- up\nCREATE INDEX CONCURRENTLY t_plain "
                           "ON t (a);\nCREATE UNIQUE INDEX CONCURRENTLY t_uniq ON t (a);\n");
  auto r = Run({"migrate", "up"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(path + ":4:1:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("1 statement(s) before it already ran"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("lines 3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("DROP INDEX CONCURRENTLY IF EXISTS public.t_uniq;"), std::string::npos)
      << r.err;
  EXPECT_EQ(TrackedCount(), 1);
}

TEST_F(MigrateSafetyTest, BeginCommitInATransactionalMigrationIsRefused) {
  std::string path = Write("20250101000000", "tx",
                           "-- up\nBEGIN;\nCREATE TABLE x (a int);\n"
                           "COMMIT;\n");
  auto r = Run({"migrate", "up"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(path + ":2:1:"), std::string::npos) << r.err;
  EXPECT_EQ(Scalar("SELECT to_regclass('public.x') IS NULL"), "t");
}

TEST_F(MigrateSafetyTest, RunsWithTheSafetySessionSettings) {
  WriteRaw("pgcrate.toml", "[migrate]\nlock_timeout = \"3s\"\nstatement_timeout = \"10min\"\n");
  Write("20250101000000", "probe",
        "-- up\nCREATE TABLE probe AS SELECT current_setting('lock_timeout') AS lt, "
        "current_setting('statement_timeout') AS st, "
        "current_setting('idle_in_transaction_session_timeout') AS it, "
        "current_setting('application_name') AS app;\n");
  ASSERT_EQ(Run({"migrate", "up"}).exit_code, 0);
  EXPECT_EQ(Scalar("SELECT lt || ' ' || st || ' ' || it || ' ' || app FROM probe"),
            "3s 10min 1min migration:20250101000000");
}

TEST_F(MigrateSafetyTest, LockTimeoutFailsFastThenRetriesSucceedOnceReleased) {
  WriteRaw("pgcrate.toml", "[migrate]\nlock_timeout = \"200ms\"\n");
  Exec("CREATE TABLE busy (a int)");
  Write("20250101000000", "alter", "-- up\nALTER TABLE busy ADD COLUMN b int;\n");
  auto holder = pg::Connection::Open(url(), {});
  ASSERT_TRUE(holder.ok());
  ASSERT_TRUE((*holder)->Run("BEGIN; LOCK TABLE busy IN ACCESS SHARE MODE").ok());
  auto start = std::chrono::steady_clock::now();
  auto r = Run({"migrate", "up", "--lock-retries", "0"});
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("lock timeout"), std::string::npos) << r.err;
  EXPECT_LT(took, std::chrono::seconds(3));
  EXPECT_EQ(TrackedCount(), 0);
  // Release the lock while the runner is retrying: it says so on stderr and then succeeds.
  auto run = Start({"migrate", "up", "--lock-retries", "8"});
  // Commit once the runner said it retries (not after a fixed delay: a slow start under
  // sanitizers could miss the lock entirely).
  auto retrying = [&] { return run->err().find("retrying in") != std::string::npos; };
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!retrying() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE((*holder)->Run("COMMIT").ok());
  EXPECT_EQ(run->Wait(), 0) << run->err();
  EXPECT_EQ(TrackedCount(), 1);
  EXPECT_TRUE(retrying()) << run->err();
}

TEST_F(MigrateSafetyTest, OldTrackingTableIsUpgradedInPlace) {
  Exec(
      "CREATE SCHEMA pgcrate; CREATE TABLE pgcrate.schema_migrations (version TEXT PRIMARY KEY, "
      "applied_at TIMESTAMPTZ DEFAULT now()); INSERT INTO pgcrate.schema_migrations (version) "
      "VALUES ('20250101000000')");
  Write("20250101000000", "old", "-- up\nCREATE TABLE old_t (a int);\n");
  Write("20250102000000", "new", "-- up\nCREATE TABLE new_t (a int);\n");
  auto st = Run({"--json", "migrate", "status"});
  EXPECT_EQ(JsonField(st.out, "/counts/applied"), "1") << st.out;
  ASSERT_EQ(Run({"migrate", "up"}).exit_code, 0);
  EXPECT_EQ(Scalar("SELECT to_regclass('public.old_t') IS NULL"), "t");
  EXPECT_EQ(Scalar("SELECT checksum IS NOT NULL AND name = 'new' FROM pgcrate.schema_migrations "
                   "WHERE version = '20250102000000'"),
            "t");
  auto verify = Run({"migrate", "verify"});
  EXPECT_EQ(verify.exit_code, 0);
  EXPECT_NE(verify.err.find("no recorded checksum"), std::string::npos) << verify.err;
}

}  // namespace
}  // namespace pgcrate::testing

// Exactly-once and crash safety: 8 `migrate up` processes racing on 200 files, and SIGKILL of
// the runner at random moments (the database objects must always match the tracking table,
// and a rerun completes).
#include <signal.h>

#include <chrono>
#include <random>
#include <thread>

#include "migrate_itest_support.h"

namespace pgcrate::testing {
namespace {

class MigrateConcurrencyTest : public MigrateTest {
 protected:
  // The killed runner's backend may still be finishing its statement; wait until it is gone.
  void WaitForOtherSessionsToEnd() {
    for (int i = 0; i < 500; ++i) {
      if (Scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND "
                 "pid <> pg_backend_pid()") == "0") {
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ADD_FAILURE() << "the killed runner's session did not end";
  }

  // Rows in the tracking table; 0 when the runner died before creating it.
  int TrackedOrZero() {
    if (Scalar("SELECT to_regclass('pgcrate.schema_migrations') IS NULL") == "t") return 0;
    return TrackedCount();
  }

  // Tables t_<i> that exist versus migrations recorded; they must always agree.
  void ExpectObjectsMatchTracking() {
    std::string tables = Scalar(
        "SELECT count(*) FROM pg_class WHERE relkind = 'r' AND relname ~ '^t_[0-9]+$' AND "
        "relnamespace = 'public'::regnamespace");
    std::string indexes = Scalar(
        "SELECT count(*) FROM pg_class WHERE relkind = 'i' AND relname ~ '^t_[0-9]+_created$'");
    std::string tracked = std::to_string(TrackedOrZero());
    EXPECT_EQ(tables, tracked);
    EXPECT_EQ(indexes, tracked);
    // Every recorded version's table exists (not just the same count).
    if (tracked != "0") {
      EXPECT_EQ(Scalar("SELECT count(*) FROM pgcrate.schema_migrations m WHERE to_regclass("
                       "'public.t_' || (substr(m.version, 5)::bigint - 1)) IS NULL"),
                "0");
    }
  }
};

TEST_F(MigrateConcurrencyTest, EightRunnersApplyEachMigrationExactlyOnce) {
  WriteTableMigrations(200);
  std::vector<std::unique_ptr<BackgroundPgcrate>> runners;
  for (int i = 0; i < 8; ++i) runners.push_back(Start({"migrate", "up"}));
  for (auto& r : runners) EXPECT_EQ(r->Wait(), 0) << r->err();
  EXPECT_EQ(TrackedCount(), 200);
  EXPECT_EQ(Scalar("SELECT count(DISTINCT version) FROM pgcrate.schema_migrations"), "200");
  ExpectObjectsMatchTracking();
  // Together the runners reported exactly 200 applications.
  int applied_lines = 0;
  for (const auto& r : runners) {
    std::string err = r->err();
    for (size_t p = 0; (p = err.find("] applied ", p)) != std::string::npos; ++p) ++applied_lines;
  }
  EXPECT_EQ(applied_lines, 200);
}

TEST_F(MigrateConcurrencyTest, SigkillAtRandomMomentsNeverLeavesHalfAMigration) {
  WriteTableMigrations(200);
  std::mt19937 rng(12345);
  std::uniform_int_distribution<int> delay_ms(5, 400);
  int interrupted = 0;
  for (int round = 0; round < 20; ++round) {
    // Each round starts from an empty database so the kill lands somewhere in the 200 files.
    Exec(
        "DROP SCHEMA IF EXISTS pgcrate CASCADE; DROP SCHEMA public CASCADE; "
        "CREATE SCHEMA public");
    auto run = Start({"migrate", "up"});
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
    run->Signal(SIGKILL);
    run->Wait();
    WaitForOtherSessionsToEnd();
    ExpectObjectsMatchTracking();
    if (TrackedOrZero() < 200) ++interrupted;
    auto r = Run({"migrate", "up"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(TrackedCount(), 200);
    ExpectObjectsMatchTracking();
    if (HasFailure()) return;
  }
  EXPECT_GE(interrupted, 10);  // most kills really landed mid-run
}

}  // namespace
}  // namespace pgcrate::testing

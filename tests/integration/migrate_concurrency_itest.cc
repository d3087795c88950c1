// Exactly-once and crash safety: 8 `migrate up` processes racing on 200 files, and SIGKILL of
// the runner at random moments (the database objects must always match the tracking table,
// and a rerun completes).
#include <chrono>
#include <random>
#include <thread>

#include "base/files.h"
#include "migrate_itest_support.h"

namespace pgcrate::testing {
namespace {

class MigrateConcurrencyTest : public MigrateTest {
 protected:
  // Tables t_<i> that exist versus migrations recorded; they must always agree.
  void ExpectObjectsMatchTracking() {
    std::string tables = Scalar(
        "SELECT count(*) FROM pg_class WHERE relkind = 'r' AND relname ~ '^t_[0-9]+$' AND "
        "relnamespace = 'public'::regnamespace");
    std::string indexes = Scalar(
        "SELECT count(*) FROM pg_class WHERE relkind = 'i' AND relname ~ '^t_[0-9]+_created$'");
    std::string tracked = Scalar(
        "SELECT CASE WHEN to_regclass('pgcrate.schema_migrations') IS NULL THEN 0 ELSE "
        "(SELECT count(*) FROM pgcrate.schema_migrations) END");
    EXPECT_EQ(tables, tracked);
    EXPECT_EQ(indexes, tracked);
    // Every recorded version's table exists (not just the same count).
    if (tracked != "0") {
      EXPECT_EQ(Scalar("SELECT count(*) FROM pgcrate.schema_migrations m WHERE to_regclass("
                       "'public.t_' || (substr(m.version, 5)::bigint - 1)) IS NULL"), "0");
    }
  }
};

TEST_F(MigrateConcurrencyTest, EightRunnersApplyEachMigrationExactlyOnce) {
  WriteTableMigrations(200);
  std::vector<pid_t> pids;
  for (int i = 0; i < 8; ++i) pids.push_back(Spawn({"migrate", "up"}, "r" + std::to_string(i)));
  for (size_t i = 0; i < pids.size(); ++i) {
    int code = Wait(pids[i]);
    auto err = base::ReadFile(Dir() + "/r" + std::to_string(i) + ".err");
    EXPECT_EQ(code, 0) << (err.ok() ? err.value() : "");
  }
  EXPECT_EQ(TrackedCount(), 200);
  EXPECT_EQ(Scalar("SELECT count(DISTINCT version) FROM pgcrate.schema_migrations"), "200");
  ExpectObjectsMatchTracking();
  // Together the runners reported exactly 200 applications.
  int applied_lines = 0;
  for (int i = 0; i < 8; ++i) {
    auto err = base::ReadFile(Dir() + "/r" + std::to_string(i) + ".err");
    for (size_t p = 0; err.ok() && (p = err->find("] applied ", p)) != std::string::npos; ++p) {
      ++applied_lines;
    }
  }
  EXPECT_EQ(applied_lines, 200);
}

TEST_F(MigrateConcurrencyTest, SigkillAtRandomMomentsNeverLeavesHalfAMigration) {
  WriteTableMigrations(200);
  std::mt19937 rng(12345);
  std::uniform_int_distribution<int> delay_ms(5, 250);
  for (int round = 0; round < 20; ++round) {
    pid_t pid = Spawn({"migrate", "up"}, "kill");
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
    ::kill(pid, SIGKILL);
    Wait(pid);
    // The server may still be finishing the killed session's last statement; its locks go
    // with it, so wait until no migration session remains before comparing.
    for (int i = 0; i < 100 && Scalar("SELECT count(*) FROM pg_stat_activity WHERE "
                                      "application_name LIKE 'migration:%' OR "
                                      "(application_name = 'pgcrate' AND datname = "
                                      "current_database())") != "0"; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ExpectObjectsMatchTracking();
    if (HasFailure()) return;
  }
  auto r = Run({"migrate", "up"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(TrackedCount(), 200);
  ExpectObjectsMatchTracking();
}

}  // namespace
}  // namespace pgcrate::testing

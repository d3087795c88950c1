// Each core dba check against a database that really has the problem: a sequence at 95%,
// a lock held by one session blocking another, a long idle-in-transaction session, unused /
// duplicate / invalid indexes and a FK without an index, dead tuples with autovacuum off, a
// table never analyzed, old XIDs; and a clean database where every check is healthy.
#include <thread>

#include "dba_itest.h"

namespace pgcrate::testing {
namespace {

class DbaChecksTest : public PgTest {};

TEST_F(DbaChecksTest, SequenceAt95PercentIsCriticalWithUpgradeFix) {
  Exec("CREATE SEQUENCE order_seq AS integer");
  Exec("SELECT setval('order_seq', 2040109466)");  // 95% of 2^31-1
  Exec("CREATE TABLE ok_t (id serial PRIMARY KEY)");
  Exec("INSERT INTO ok_t DEFAULT VALUES");
  DbaRun r = RunDba(url(), {"--json", "dba", "sequences"});
  ASSERT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_EQ(r.doc["status"], "critical");
  auto f = Findings(r.doc, "sequence_exhaustion");
  ASSERT_EQ(f.size(), 1u) << r.out;
  EXPECT_EQ(f[0]["object"], "public.order_seq");
  EXPECT_NEAR(f[0]["details"]["percent_used"].get<double>(), 95.0, 0.01);
  EXPECT_EQ(f[0]["fix"]["sql"], "ALTER SEQUENCE public.order_seq AS bigint;");
  // Text output names the sequence, the percentage and the fix command.
  DbaRun text = RunDba(url(), {"dba", "sequences"});
  EXPECT_EQ(text.exit_code, 2);
  EXPECT_NE(text.out.find("public.order_seq: 95.0% of its range used"), std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("dba fix sequence public.order_seq --upgrade-to bigint"),
            std::string::npos);
  DbaRun quiet = RunDba(url(), {"--quiet", "dba", "sequences"});
  EXPECT_EQ(quiet.exit_code, 2);
  EXPECT_EQ(quiet.out, "");
}

TEST_F(DbaChecksTest, SerialColumnLimitsABigintSequence) {
  Exec("CREATE TABLE t (id integer NOT NULL)");
  Exec("CREATE SEQUENCE t_id_seq AS bigint OWNED BY t.id");
  Exec("SELECT setval('t_id_seq', 1717986918)");  // 80% of the integer column's range
  DbaRun r = RunDba(url(), {"--json", "dba", "sequences"});
  ASSERT_EQ(r.exit_code, 1) << r.out;
  auto f = Findings(r.doc, "sequence_exhaustion");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0]["message"].get<std::string>().find("limited by integer column"),
            std::string::npos);
  EXPECT_TRUE(f[0]["fix"].is_null());  // the sequence is bigint already: the column must change
}

TEST_F(DbaChecksTest, BlockingLockReportsBothSessionsChainAndDurations) {
  Exec("CREATE TABLE acct (id int PRIMARY KEY, balance int)");
  Exec("INSERT INTO acct VALUES (1, 0)");
  auto holder = OpenExtra(url(), "holder");
  ASSERT_TRUE(holder);
  ASSERT_TRUE(holder->Run("BEGIN").ok());
  ASSERT_TRUE(holder->Run("UPDATE acct SET balance = 1 WHERE id = 1").ok());
  std::string holder_pid = holder->Exec("SELECT pg_backend_pid()")->str(0, 0);
  std::thread waiter([u = url()] {
    auto w = OpenExtra(u, "waiter");
    if (w) (void)w->Run("UPDATE acct SET balance = 2 WHERE id = 1");
  });
  ASSERT_TRUE(WaitUntil(conn(),
                        "SELECT count(*) > 0 FROM pg_stat_activity WHERE datname = "
                        "current_database() AND wait_event_type = 'Lock'"));
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  DbaRun r = RunDba(url(), {"--json", "dba", "locks"});
  ASSERT_TRUE(holder->Run("ROLLBACK").ok());
  waiter.join();
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  auto blocked = Findings(r.doc, "blocked_session");
  auto blocking = Findings(r.doc, "blocking_session");
  ASSERT_EQ(blocked.size(), 1u) << r.out;
  ASSERT_EQ(blocking.size(), 1u) << r.out;
  EXPECT_EQ(blocking[0]["object"], "pid " + holder_pid);
  auto chain = blocked[0]["details"]["chain"];
  ASSERT_EQ(chain.size(), 2u);
  EXPECT_EQ(std::to_string(chain[1].get<int64_t>()), holder_pid);
  EXPECT_GE(blocked[0]["details"]["wait_seconds"].get<double>(), 1.0);
  EXPECT_GE(blocking[0]["details"]["xact_seconds"].get<double>(), 1.0);
  EXPECT_EQ(blocking[0]["details"]["state"], "idle in transaction");
}

TEST_F(DbaChecksTest, LongIdleInTransactionSessionIsReported) {
  auto idle = OpenExtra(url(), "forgetful-app");
  ASSERT_TRUE(idle);
  ASSERT_TRUE(idle->Run("BEGIN").ok());
  ASSERT_TRUE(idle->Run("SELECT 1").ok());
  std::string pid = idle->Exec("SELECT pg_backend_pid()")->str(0, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(2200));
  std::string toml =
      "[dba.locks]\nidle_in_transaction_warning_seconds = 1\n"
      "idle_in_transaction_critical_seconds = 2\n";
  DbaRun r = RunDba(url(), {"--json", "dba", "locks"}, toml);
  ASSERT_EQ(r.exit_code, 2) << r.out << r.err;
  auto f = Findings(r.doc, "idle_in_transaction");
  ASSERT_EQ(f.size(), 1u) << r.out;
  EXPECT_EQ(f[0]["object"], "pid " + pid);
  EXPECT_EQ(f[0]["details"]["application"], "forgetful-app");
  // With the default thresholds (60 s) the same session is not a problem yet.
  DbaRun defaults = RunDba(url(), {"--json", "dba", "locks"});
  EXPECT_EQ(defaults.exit_code, 0) << defaults.out;
}

TEST_F(DbaChecksTest, IndexProblemsAreEachReported) {
  Exec("CREATE TABLE parent (id int PRIMARY KEY)");
  Exec(
      "CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent, v int, w int, "
      "u int)");
  Exec("INSERT INTO parent SELECT g FROM generate_series(1, 10) g");
  Exec("INSERT INTO child SELECT g, g % 10 + 1, g, g % 3, g FROM generate_series(1, 100000) g");
  Exec("CREATE INDEX child_v_idx ON child (v)");
  Exec("CREATE INDEX child_v_dup_idx ON child (v)");
  Exec("CREATE INDEX child_u_idx ON child (u)");
  // A unique index built concurrently over duplicates fails and stays behind INVALID.
  EXPECT_FALSE(conn().Run("CREATE UNIQUE INDEX CONCURRENTLY child_w_uniq ON child (w)").ok());
  // Real reads of the table (through its primary key): only then are its indexes judged.
  Exec("DO $$ BEGIN FOR i IN 1..120 LOOP PERFORM 1 FROM child WHERE id = i; END LOOP; END $$");
  ASSERT_TRUE(WaitUntil(conn(),
                        "SELECT idx_scan >= 120 FROM pg_stat_user_tables "
                        "WHERE relname = 'child'"));
  DbaRun r = RunDba(url(), {"--json", "dba", "indexes"});
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(HasFinding(r.doc, "invalid_index", "public.child_w_uniq")) << r.out;
  EXPECT_TRUE(HasFinding(r.doc, "duplicate_index", "public.child_v_dup_idx")) << r.out;
  EXPECT_TRUE(HasFinding(r.doc, "unused_index", "public.child_u_idx")) << r.out;
  EXPECT_TRUE(HasFinding(r.doc, "fk_without_index", "public.child")) << r.out;
  EXPECT_FALSE(HasFinding(r.doc, "unused_index", "public.child_pkey"));
  auto fk = Findings(r.doc, "fk_without_index");
  EXPECT_NE(fk[0]["action"].get<std::string>().find("ON public.child (parent_id)"),
            std::string::npos);
  // Indexing the FK column removes that finding.
  Exec("CREATE INDEX child_parent_idx ON child (parent_id)");
  DbaRun again = RunDba(url(), {"--json", "dba", "indexes"});
  EXPECT_TRUE(Findings(again.doc, "fk_without_index").empty()) << again.out;
}

TEST_F(DbaChecksTest, DeadTuplesWithAutovacuumOffAreCritical) {
  Exec("CREATE TABLE churn (id int, pad text) WITH (autovacuum_enabled = false)");
  Exec("INSERT INTO churn SELECT g, 'x' FROM generate_series(1, 10000) g");
  Exec("DELETE FROM churn WHERE id <= 6000");
  ASSERT_TRUE(WaitUntil(conn(),
                        "SELECT n_dead_tup >= 6000 FROM pg_stat_user_tables "
                        "WHERE relname = 'churn'"));
  DbaRun r = RunDba(url(), {"--json", "dba", "vacuum"});
  ASSERT_EQ(r.exit_code, 2) << r.out << r.err;
  auto f = Findings(r.doc, "dead_tuples");
  ASSERT_EQ(f.size(), 1u) << r.out;
  EXPECT_EQ(f[0]["object"], "public.churn");
  EXPECT_EQ(f[0]["details"]["autovacuum_enabled"], false);
  EXPECT_NEAR(f[0]["details"]["dead_pct"].get<double>(), 60.0, 0.5);
  EXPECT_EQ(f[0]["fix"]["sql"], "VACUUM (ANALYZE) public.churn;");
}

TEST_F(DbaChecksTest, NeverAnalyzedTableIsReported) {
  Exec("CREATE TABLE fresh (id int) WITH (autovacuum_enabled = false)");
  Exec("INSERT INTO fresh SELECT generate_series(1, 5000)");
  Exec("CREATE TABLE known (id int)");
  Exec("INSERT INTO known SELECT generate_series(1, 5000)");
  Exec("ANALYZE known");
  ASSERT_TRUE(WaitUntil(conn(),
                        "SELECT n_mod_since_analyze >= 5000 FROM pg_stat_user_tables "
                        "WHERE relname = 'fresh'"));
  DbaRun r = RunDba(url(), {"--json", "dba", "stats-age"});
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(HasFinding(r.doc, "never_analyzed", "public.fresh")) << r.out;
  EXPECT_FALSE(HasFinding(r.doc, "never_analyzed", "public.known")) << r.out;
}

TEST_F(DbaChecksTest, XidAgeAboveThresholdIsReportedPerTableAndDatabase) {
  Exec("CREATE TABLE old_rows (id int)");
  for (int i = 0; i < 3; ++i) Exec("INSERT INTO old_rows VALUES (1)");
  DbaRun healthy = RunDba(url(), {"--json", "dba", "xid"});
  EXPECT_EQ(healthy.exit_code, 0) << healthy.out;
  // Real ages on a fresh cluster are tiny; a threshold of 1e-7 % (about 2 XIDs) makes them
  // count, which proves the ages are read and compared.
  DbaRun r = RunDba(url(), {"--json", "dba", "xid"},
                    "[dba.xid]\nwarning_pct = 0.0000001\ncritical_pct = 99\n");
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(HasFinding(r.doc, "xid_wraparound", "database " + db_name())) << r.out;
  EXPECT_FALSE(Findings(r.doc, "table_xid_age").empty());
}

TEST_F(DbaChecksTest, ChecksDoNotWaitOnAnExclusivelyLockedTable) {
  Exec("CREATE TABLE busy (id int PRIMARY KEY, v text)");
  Exec("INSERT INTO busy SELECT g, 'x' FROM generate_series(1, 1000) g");
  Exec("ANALYZE busy");
  auto holder = OpenExtra(url(), "migration");
  ASSERT_TRUE(holder);
  ASSERT_TRUE(holder->Run("BEGIN").ok());
  ASSERT_TRUE(holder->Run("LOCK TABLE busy IN ACCESS EXCLUSIVE MODE").ok());
  for (std::string check : {"sequences", "xid", "indexes", "vacuum", "stats-age", "bloat",
                            "storage", "connections", "autovacuum-progress", "config"}) {
    DbaRun r = RunDba(url(), {"--json", "--lock-timeout", "200", "dba", check});
    EXPECT_NE(r.exit_code, 10) << check << ": " << r.out;
    EXPECT_EQ(r.doc["ok"], true) << check << ": " << r.out;
  }
  ASSERT_TRUE(holder->Run("ROLLBACK").ok());
}

TEST_F(DbaChecksTest, CleanDatabaseIsHealthyEverywhere) {
  Exec("CREATE TABLE parent (id int PRIMARY KEY, name text)");
  Exec(
      "CREATE TABLE child (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
      "parent_id int NOT NULL REFERENCES parent)");
  Exec("CREATE INDEX child_parent_idx ON child (parent_id)");
  Exec("INSERT INTO parent SELECT g, 'n' || g FROM generate_series(1, 100) g");
  Exec("INSERT INTO child (parent_id) SELECT g % 100 + 1 FROM generate_series(1, 1000) g");
  Exec("ANALYZE");
  for (std::string check :
       {"locks", "sequences", "xid", "indexes", "vacuum", "stats-age", "connections"}) {
    DbaRun r = RunDba(url(), {"--json", "dba", check});
    EXPECT_EQ(r.exit_code, 0) << check << ": " << r.out << r.err;
    EXPECT_EQ(r.doc["status"], "healthy") << check << ": " << r.out;
    EXPECT_EQ(r.doc["ok"], true);
  }
}

TEST_F(DbaChecksTest, UnknownThresholdIsAWarningAndBadValueAnError) {
  DbaRun warn = RunDba(url(), {"dba", "sequences"}, "[dba.sequences]\nwarn_pct = 50\n");
  EXPECT_EQ(warn.exit_code, 0);
  EXPECT_NE(warn.err.find("unknown threshold 'warn_pct' in [dba.sequences]"), std::string::npos)
      << warn.err;
  DbaRun bad =
      RunDba(url(), {"--json", "dba", "sequences"}, "[dba.sequences]\nwarning_pct = \"high\"\n");
  EXPECT_EQ(bad.exit_code, 10) << bad.out;
  EXPECT_EQ(bad.doc["ok"], false);
  EXPECT_NE(bad.doc["error"]["message"].get<std::string>().find("pgcrate.toml:2"),
            std::string::npos)
      << bad.out;
}

TEST_F(DbaChecksTest, UnreachableServerIsAnOperationalFailure) {
  DbaRun r = RunDba("postgresql://nobody@127.0.0.1:1/none", {"--json", "dba", "locks"});
  EXPECT_EQ(r.exit_code, 10) << r.out;
  EXPECT_EQ(r.doc["ok"], false);
}

}  // namespace
}  // namespace pgcrate::testing

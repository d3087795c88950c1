// explain, bloat and storage against real problems: a large sequential scan with a filter, a
// table and index left bloated by a mass DELETE, a large table.
#include <thread>

#include "dba_itest.h"

namespace pgcrate::testing {
namespace {

class DbaPlansTest : public PgTest {
 protected:
  void BigTable() {
    Exec("CREATE TABLE users (id int PRIMARY KEY, email text, created_at int)");
    Exec(
        "INSERT INTO users SELECT g, 'u' || g || '@example.com', g % 1000 "
        "FROM generate_series(1, 200000) g");
    Exec("ANALYZE users");
  }
};

TEST_F(DbaPlansTest, LargeSeqScanIsCriticalAndSuggestsAnIndex) {
  BigTable();
  DbaRun r =
      RunDba(url(), {"--json", "dba", "explain",
                     "SELECT * FROM users WHERE email = 'u5@example.com'", "--include-actions"});
  ASSERT_EQ(r.exit_code, 2) << r.out << r.err;
  auto seq = Findings(r.doc, "seq_scan_large_table");
  ASSERT_EQ(seq.size(), 1u) << r.out;
  EXPECT_EQ(seq[0]["severity"], "critical");
  EXPECT_EQ(seq[0]["object"], "public.users");
  auto idx = Findings(r.doc, "missing_index_on_filter");
  ASSERT_EQ(idx.size(), 1u);
  EXPECT_EQ(idx[0]["fix"]["sql"], "CREATE INDEX CONCURRENTLY ON public.users (email);");
  ASSERT_EQ(r.doc["actions"].size(), 1u);
  EXPECT_EQ(r.doc["data"]["plan"]["Plan"]["Node Type"], "Seq Scan");
  // With the index the plan is healthy.
  Exec("CREATE INDEX users_email_idx ON users (email)");
  DbaRun ok = RunDba(
      url(), {"--json", "dba", "explain", "SELECT * FROM users WHERE email = 'u5@example.com'"});
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_EQ(ok.doc["status"], "healthy");
}

TEST_F(DbaPlansTest, ExplainThresholdsSortNestedLoopCostAndAnalyze) {
  BigTable();
  TempDir dir;
  std::string file = dir.Write("q.sql", "SELECT * FROM users ORDER BY created_at");
  DbaRun r = RunDba(url(), {"--json", "dba", "explain", "--file", file, "--analyze"});
  ASSERT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_FALSE(Findings(r.doc, "sort_without_index").empty()) << r.out;
  EXPECT_FALSE(Findings(r.doc, "high_cost_estimate").empty()) << r.out;
  EXPECT_TRUE(r.doc["data"]["analyzed"].get<bool>());
  EXPECT_TRUE(r.doc["data"].contains("execution_ms"));
  DbaRun nl = RunDba(url(), {"--json", "dba", "explain",
                             "SELECT * FROM users a JOIN users b ON b.id > a.id WHERE a.id < 50"});
  EXPECT_FALSE(Findings(nl.doc, "nested_loop_large_set").empty()) << nl.out;
}

TEST_F(DbaPlansTest, ExplainRefusesWritesUnderAnalyzeAndBadInput) {
  Exec("CREATE TABLE t (id int)");
  DbaRun w = RunDba(url(), {"--json", "dba", "explain", "--analyze", "DELETE FROM t"});
  EXPECT_EQ(w.exit_code, 11) << w.out;
  EXPECT_NE(w.doc["error"]["message"].get<std::string>().find("--read-write"), std::string::npos);
  Exec("INSERT INTO t VALUES (1)");
  DbaRun allowed =
      RunDba(url(), {"--json", "--read-write", "dba", "explain", "--analyze", "DELETE FROM t"});
  EXPECT_EQ(allowed.exit_code, 0) << allowed.out;
  EXPECT_EQ(Scalar("SELECT count(*) FROM t"), "1");  // rolled back
  DbaRun two = RunDba(url(), {"--json", "dba", "explain", "SELECT 1; SELECT 2"});
  EXPECT_EQ(two.exit_code, 12) << two.out;  // dba usage error
  DbaRun syntax = RunDba(url(), {"--json", "dba", "explain", "SELEC 1"});
  EXPECT_EQ(syntax.doc["ok"], false);
  EXPECT_EQ(syntax.exit_code, 10);
  DbaRun none = RunDba(url(), {"--json", "dba", "explain"});
  EXPECT_EQ(none.exit_code, 12);
}

TEST_F(DbaPlansTest, BloatAfterMassDeleteIsEstimatedForTableAndIndex) {
  Exec("CREATE TABLE events (id int, payload text) WITH (autovacuum_enabled = false)");
  Exec("INSERT INTO events SELECT g, repeat('x', 100) FROM generate_series(1, 100000) g");
  Exec("CREATE INDEX events_id_idx ON events (id)");
  Exec("ANALYZE events");
  std::string toml = "[dba.bloat]\nmin_bytes = 1000000\n";
  DbaRun clean = RunDba(url(), {"--json", "dba", "bloat"}, toml);
  EXPECT_EQ(clean.exit_code, 0) << clean.out;
  Exec("DELETE FROM events WHERE id <= 80000");
  Exec("VACUUM events");
  Exec("ANALYZE events");
  DbaRun r = RunDba(url(), {"--json", "dba", "bloat"}, toml);
  ASSERT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(HasFinding(r.doc, "table_bloat", "public.events")) << r.out;
  EXPECT_TRUE(HasFinding(r.doc, "index_bloat", "public.events_id_idx")) << r.out;
  auto t = Findings(r.doc, "table_bloat");
  EXPECT_GT(t[0]["details"]["wasted_pct"].get<double>(), 60);
  // With the default 10 MB floor this small table is not worth reporting.
  DbaRun defaults = RunDba(url(), {"--json", "dba", "bloat"});
  EXPECT_TRUE(Findings(defaults.doc, "index_bloat").empty()) << defaults.out;
}

TEST_F(DbaPlansTest, StorageListsLargestTablesAndFlagsOverThreshold) {
  Exec("CREATE TABLE small (id int)");
  Exec("CREATE TABLE big (id int, body text)");
  Exec("ALTER TABLE big ALTER COLUMN body SET STORAGE EXTERNAL");  // no compression
  Exec("INSERT INTO big SELECT g, repeat('y', 3000) FROM generate_series(1, 2000) g");
  Exec("VACUUM big");  // sizes come from relpages, which VACUUM sets
  DbaRun r =
      RunDba(url(), {"--json", "dba", "storage"}, "[dba.storage]\ntable_warning_bytes = 1000000\n");
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(HasFinding(r.doc, "large_table", "public.big")) << r.out;
  EXPECT_FALSE(HasFinding(r.doc, "large_table", "public.small"));
  EXPECT_EQ(r.doc["data"]["tables"][0]["table"], "public.big");
  EXPECT_GT(r.doc["data"]["tables"][0]["toast_bytes"].get<double>(), 1000000);
  EXPECT_TRUE(r.doc["data"]["wal"].is_object());
  DbaRun defaults = RunDba(url(), {"--json", "dba", "storage"});
  EXPECT_EQ(defaults.exit_code, 0) << defaults.out;
}

}  // namespace
}  // namespace pgcrate::testing

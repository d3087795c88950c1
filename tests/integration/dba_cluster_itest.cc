// Cluster-wide problems need a cluster of their own (the shared test cluster must stay
// healthy for the other tests): each test here starts a small throwaway cluster in a temp
// directory — max_connections = 10 to saturate it, pg_stat_statements preloaded, fsync on so
// the config review has nothing critical — and builds the problem for real.
#include <thread>

#include "dba_itest.h"
#include "dev/cluster.h"

namespace pgcrate::testing {
namespace {

class DbaClusterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cluster_ = std::make_unique<dev::Cluster>(
        dev::ClusterOptions{.dir = dir_.path() + "/cluster",
                            .bindir = "",
                            .settings = {"max_connections=10", "superuser_reserved_connections=3",
                                         "shared_preload_libraries=pg_stat_statements", "fsync=on",
                                         "full_page_writes=on", "synchronous_commit=on"}});
    Status st = cluster_->Start();
    ASSERT_TRUE(st.ok()) << st.ToString();
    url_ = cluster_->Url("postgres");
  }
  void TearDown() override {
    conns_.clear();
    if (cluster_) (void)cluster_->Stop();
  }
  void Exec(const std::string& sql) {
    if (!admin_) admin_ = OpenExtra(url_, "admin");
    ASSERT_TRUE(admin_);
    Status st = admin_->Run(sql);
    ASSERT_TRUE(st.ok()) << sql << ": " << st.ToString();
  }

  TempDir dir_;
  std::unique_ptr<dev::Cluster> cluster_;
  std::string url_;
  std::unique_ptr<pg::Connection> admin_;
  std::vector<std::unique_ptr<pg::Connection>> conns_;
};

TEST_F(DbaClusterTest, ConnectionsNearMaxConnectionsAreReported) {
  DbaRun clean = RunDba(url_, {"--json", "dba", "connections"});
  EXPECT_EQ(clean.exit_code, 0) << clean.out;
  // 7 slots for ordinary roles (10 - 3 reserved); 5 sessions + pgcrate's own = 6 = 86%.
  for (int i = 0; i < 5; ++i) conns_.push_back(OpenExtra(url_, "app"));
  DbaRun warn = RunDba(url_, {"--json", "dba", "connections"});
  ASSERT_EQ(warn.exit_code, 1) << warn.out << warn.err;
  auto f = Findings(warn.doc, "connection_saturation");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0]["details"]["connections"], 6);
  EXPECT_EQ(f[0]["details"]["available"], 7);
  conns_.push_back(OpenExtra(url_, "app"));
  DbaRun crit = RunDba(url_, {"--json", "dba", "connections"});
  EXPECT_EQ(crit.exit_code, 2) << crit.out;
  EXPECT_EQ(crit.doc["by_client"].is_null(), true);  // rows live under "data"
  EXPECT_EQ(crit.doc["data"]["by_client"][0]["application"], "app");
  // Triage shows it too.
  DbaRun triage = RunDba(url_, {"--json", "dba", "triage"});
  EXPECT_EQ(triage.exit_code, 2) << triage.out;
}

TEST_F(DbaClusterTest, ConfigReviewIsCleanWithSafeSettingsAndFlagsTrackCountsOff) {
  DbaRun clean = RunDba(url_, {"--json", "dba", "config"});
  EXPECT_EQ(clean.exit_code, 0) << clean.out;  // only suggestions (info)
  EXPECT_FALSE(Findings(clean.doc, "setting").empty());
  Exec("ALTER DATABASE postgres SET track_counts = off");
  DbaRun bad = RunDba(url_, {"--json", "dba", "config"});
  EXPECT_EQ(bad.exit_code, 2) << bad.out;
  EXPECT_TRUE(HasFinding(bad.doc, "setting", "track_counts")) << bad.out;
}

TEST_F(DbaClusterTest, InactiveSlotAndRequestedCheckpointsAreReported) {
  for (std::string check : {"replication", "checkpoints"}) {
    DbaRun clean = RunDba(url_, {"--json", "dba", check});
    EXPECT_EQ(clean.exit_code, 0) << check << clean.out;
  }
  Exec("SELECT pg_create_physical_replication_slot('gone_standby', true)");
  DbaRun slot = RunDba(url_, {"--json", "dba", "replication"});
  EXPECT_EQ(slot.exit_code, 1) << slot.out;
  EXPECT_TRUE(HasFinding(slot.doc, "replication_slot", "gone_standby")) << slot.out;
  Exec("CREATE TABLE w (id int)");
  for (int i = 0; i < 12; ++i) {
    Exec("INSERT INTO w VALUES (" + std::to_string(i) + ")");
    Exec("CHECKPOINT");
  }
  DbaRun ckpt = RunDba(url_, {"--json", "dba", "checkpoints"});
  EXPECT_EQ(ckpt.exit_code, 2) << ckpt.out;
  auto f = Findings(ckpt.doc, "requested_checkpoints");
  ASSERT_EQ(f.size(), 1u) << ckpt.out;
  EXPECT_GE(f[0]["details"]["requested"].get<double>(), 12);
  EXPECT_EQ(ckpt.doc["data"]["source"], "pg_stat_bgwriter");
}

TEST_F(DbaClusterTest, SlowStatementsComeFromPgStatStatements) {
  DbaRun missing = RunDba(url_, {"--json", "dba", "queries"});
  EXPECT_EQ(missing.exit_code, 0) << missing.out;
  EXPECT_EQ(missing.doc["status"], "skipped");
  EXPECT_NE(missing.doc["skipped"].get<std::string>().find("needs the pg_stat_statements"),
            std::string::npos);
  Exec("CREATE EXTENSION pg_stat_statements");
  for (int i = 0; i < 3; ++i) Exec("SELECT pg_sleep(0.2)");
  DbaRun r = RunDba(url_, {"--json", "dba", "queries"}, "[dba.queries]\nmean_warning_ms = 150\n");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  auto f = Findings(r.doc, "slow_query");
  ASSERT_EQ(f.size(), 1u) << r.out;
  EXPECT_NE(f[0]["details"]["query"].get<std::string>().find("pg_sleep"), std::string::npos);
  EXPECT_EQ(f[0]["details"]["calls"], 3);
}

// Needs its own cluster: a transaction of another test anywhere in the cluster lowers the
// freeze cutoff, and then VACUUM (FREEZE) has no reason to wait for the pinned page.
TEST_F(DbaClusterTest, VacuumStuckBehindAPinnedPageShowsInProgress) {
  Exec("CREATE TABLE pinned (id int) WITH (autovacuum_enabled = false)");
  Exec("INSERT INTO pinned SELECT generate_series(1, 1000)");
  DbaRun idle = RunDba(url_, {"--json", "dba", "autovacuum-progress"});
  EXPECT_EQ(idle.exit_code, 0) << idle.out;
  auto cursor = OpenExtra(url_, "cursor-holder");
  ASSERT_TRUE(cursor);
  ASSERT_TRUE(cursor->Run("BEGIN").ok());
  ASSERT_TRUE(cursor->Run("DECLARE c CURSOR FOR SELECT * FROM pinned").ok());
  ASSERT_TRUE(cursor->Run("FETCH 1 FROM c").ok());  // keeps the first page pinned
  std::thread vacuum([u = url_] {
    auto v = OpenExtra(u, "vacuumer");
    if (v) (void)v->Run("VACUUM (FREEZE) pinned");
  });
  bool seen = WaitUntil(*admin_, "SELECT count(*) > 0 FROM pg_stat_progress_vacuum");
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  DbaRun r = RunDba(url_, {"--json", "dba", "autovacuum-progress"},
                    "[dba.autovacuum-progress]\nwarning_seconds = 1\n");
  (void)cursor->Run("CLOSE c");
  (void)cursor->Run("COMMIT");
  vacuum.join();
  ASSERT_TRUE(seen);
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  auto f = Findings(r.doc, "long_vacuum");
  ASSERT_EQ(f.size(), 1u) << r.out;
  EXPECT_EQ(f[0]["object"], "pinned");
  EXPECT_NE(f[0]["message"].get<std::string>().find("manual VACUUM"), std::string::npos);
}

}  // namespace
}  // namespace pgcrate::testing

// Cluster-wide problems need a cluster of their own (the shared test cluster must stay
// healthy for the other tests): each test here starts a small throwaway cluster in a temp
// directory — max_connections = 10 to saturate it, pg_stat_statements preloaded, fsync on so
// the config review has nothing critical — and builds the problem for real: saturated
// connections, a bad setting, an inactive slot, forced checkpoints, a slow statement, a VACUUM
// stuck on a pinned page, a streaming standby (fixes refuse there), and a real XID age near
// wraparound (pg_resetwal).
#include <pwd.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "base/files.h"
#include "base/process.h"
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
  // On a loaded machine other statements of the test (CREATE EXTENSION, ...) may also average
  // over 150 ms: the pg_sleep one must be among the findings, as exactly one entry.
  DbaRun r = RunDba(url_, {"--json", "dba", "queries"},
                    "[dba.queries]\nmean_warning_ms = 150\nmean_critical_ms = 1000000\n");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  std::vector<nlohmann::json> sleeps;
  for (const auto& one : Findings(r.doc, "slow_query")) {
    if (one["details"]["query"].get<std::string>().find("pg_sleep") != std::string::npos) {
      sleeps.push_back(one);
    }
  }
  ASSERT_EQ(sleeps.size(), 1u) << r.out;
  EXPECT_EQ(sleeps[0]["details"]["calls"], 3);
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

// A real streaming standby (pg_basebackup -R from the primary): replication reports it on both
// sides, and every fix refuses to run on it even with --read-write --primary --yes.
TEST_F(DbaClusterTest, StandbyIsReportedAndFixesRefuseToRunOnIt) {
  Exec("CREATE TABLE t (id int)");
  Exec("CREATE SEQUENCE s AS integer");
  std::ofstream(cluster_->GetStatus().data_dir + "/pg_hba.conf", std::ios::app)
      << "local replication all trust\n";
  Exec("SELECT pg_reload_conf()");
  std::string standby_dir = dir_.path() + "/standby";
  ASSERT_TRUE(base::MakeDirs(standby_dir).ok());
  std::string run_as;
  if (base::IsRoot()) {
    struct passwd* pw = ::getpwnam("postgres");
    ASSERT_NE(pw, nullptr);
    ASSERT_EQ(::chown(standby_dir.c_str(), pw->pw_uid, pw->pw_gid), 0);
    run_as = "postgres";
  }
  dev::ClusterStatus primary = cluster_->GetStatus();
  std::string bindir = dev::FindPgBinDir("");
  auto backup =
      base::RunProcess({base::FindProgram("pg_basebackup", {bindir}), "-D", standby_dir + "/data",
                        "-R", "-X", "stream", "-c", "fast", "-h", primary.socket_dir, "-p",
                        std::to_string(primary.port), "-U", "postgres"},
                       {.run_as_user = run_as});
  ASSERT_TRUE(backup.ok() && backup->exit_code == 0) << (backup.ok() ? backup->output : "");
  dev::Cluster standby({.dir = standby_dir, .bindir = "", .settings = {"fsync=on"}});
  ASSERT_TRUE(standby.Start().ok());
  std::string standby_url = standby.Url("postgres");
  auto sconn = OpenExtra(standby_url, "check");
  ASSERT_TRUE(sconn);
  ASSERT_TRUE(WaitUntil(*admin_,
                        "SELECT count(*) = 1 FROM pg_stat_replication "
                        "WHERE state = 'streaming'"));
  DbaRun on_primary = RunDba(url_, {"--json", "dba", "replication"});
  EXPECT_EQ(on_primary.exit_code, 0) << on_primary.out;
  EXPECT_EQ(on_primary.doc["data"]["standbys"].size(), 1u) << on_primary.out;
  DbaRun on_standby = RunDba(standby_url, {"--json", "dba", "replication"});
  EXPECT_EQ(on_standby.exit_code, 0) << on_standby.out;
  EXPECT_EQ(on_standby.doc["data"]["in_recovery"], true) << on_standby.out;
  for (std::vector<std::string> fix :
       {std::vector<std::string>{"vacuum", "public.t"},
        std::vector<std::string>{"sequence", "public.s", "--upgrade-to", "bigint"}}) {
    std::vector<std::string> args = {"--json", "--read-write", "--primary", "dba", "fix"};
    args.insert(args.end(), fix.begin(), fix.end());
    args.push_back("--yes");
    DbaRun r = RunDba(standby_url, args);
    EXPECT_EQ(r.exit_code, 11) << r.out;
    EXPECT_NE(r.out.find("standby"), std::string::npos) << r.out;
  }
  sconn.reset();
  (void)standby.Stop();
}

// Real wraparound age: pg_resetwal moves the next XID to 1.7 billion on a stopped cluster, so
// every database's datfrozenxid is ~79% of the way to the 2^31 limit. autovacuum_freeze_max_age
// at its maximum keeps anti-wraparound vacuums from freezing it away during the test.
TEST_F(DbaClusterTest, XidAgeNearWraparoundIsCritical) {
  Exec("CREATE TABLE old_rows (id int)");
  Exec("INSERT INTO old_rows VALUES (1)");
  admin_.reset();
  ASSERT_TRUE(cluster_->Stop().ok());
  dev::ClusterStatus st = cluster_->GetStatus();
  // The commit-log segment holding XID 1.7e9 (1,048,576 XIDs per segment) must exist.
  std::string seg = st.data_dir + "/pg_xact/0655";
  std::ofstream(seg, std::ios::binary) << std::string(262144, '\0');
  std::string run_as;
  if (base::IsRoot()) {
    struct passwd* pw = ::getpwnam("postgres");
    ASSERT_NE(pw, nullptr);
    ASSERT_EQ(::chown(seg.c_str(), pw->pw_uid, pw->pw_gid), 0);
    run_as = "postgres";
  }
  auto reset = base::RunProcess({base::FindProgram("pg_resetwal", {dev::FindPgBinDir("")}), "-x",
                                 "1700000000", "-D", st.data_dir},
                                {.run_as_user = run_as});
  ASSERT_TRUE(reset.ok() && reset->exit_code == 0) << (reset.ok() ? reset->output : "");
  dev::Cluster aged({.dir = dir_.path() + "/cluster",
                     .bindir = "",
                     .settings = {"autovacuum_freeze_max_age=2000000000"}});
  ASSERT_TRUE(aged.Start().ok());
  DbaRun r = RunDba(aged.Url("postgres"), {"--json", "dba", "xid"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(HasFinding(r.doc, "xid_wraparound", "database postgres")) << r.out;
  // The oldest tables (--limit, 10) each get a finding with the VACUUM (FREEZE) fix.
  auto tables = Findings(r.doc, "table_xid_age");
  ASSERT_EQ(tables.size(), 10u) << r.out;
  EXPECT_NE(tables[0]["fix"]["sql"].get<std::string>().find("VACUUM (FREEZE)"), std::string::npos);
  auto f = Findings(r.doc, "xid_wraparound");
  ASSERT_FALSE(f.empty());
  EXPECT_GT(f[0]["details"]["percent"].get<double>(), 75);
  DbaRun triage = RunDba(aged.Url("postgres"), {"--json", "dba", "triage", "--include-fixes"});
  EXPECT_EQ(triage.exit_code, 2) << triage.out;
  (void)aged.Stop();
}

}  // namespace
}  // namespace pgcrate::testing

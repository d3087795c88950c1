// Issue 10 regressions for dev, dba and shadow databases, each against a real server: a dev
// cluster in a directory whose name is a shell injection (#9), fix commands quoted for the
// shell (#9), replication without pg_monitor (#12), stale shadow databases of killed runs
// (#16), the dev-cluster fallback of `migrate check` said out loud (#22), and the dba gaps of
// #20. Tests that need cluster-wide state (a WAL sender, prepared transactions, a leftover
// database) start a private cluster so the shared one stays healthy for the other tests.
#include <libpq-fe.h>
#include <sys/stat.h>

#include <fstream>

#include "base/files.h"
#include "base/process.h"
#include "base/strings.h"
#include "dba_itest.h"
#include "dev/cluster.h"
#include "sql/quote.h"

namespace pgcrate::testing {
namespace {

// A cluster of its own in a temp directory, stopped when the test ends.
class PrivateCluster {
 public:
  explicit PrivateCluster(std::vector<std::string> settings = {}) {
    cluster_ = std::make_unique<dev::Cluster>(dev::ClusterOptions{
        .dir = dir_.path() + "/cluster", .bindir = "", .settings = std::move(settings)});
    Status st = cluster_->Start();
    EXPECT_TRUE(st.ok()) << st.ToString();
    started_ = st.ok();
  }
  ~PrivateCluster() { (void)cluster_->Stop(); }
  bool started() const { return started_; }
  std::string Url(const std::string& db = "postgres") const { return cluster_->Url(db); }
  // The URL as `user` (trust over the socket).
  std::string UrlAs(const std::string& user, const std::string& db = "postgres") const {
    return base::ReplaceAll(Url(db), "postgres@", user + "@");
  }
  const TempDir& dir() const { return dir_; }

 private:
  TempDir dir_;
  std::unique_ptr<dev::Cluster> cluster_;
  bool started_ = false;
};

void RunSql(const std::string& url, const std::string& sql) {
  auto c = OpenExtra(url, "setup");
  ASSERT_TRUE(c);
  Status st = c->Run(sql);
  ASSERT_TRUE(st.ok()) << sql << ": " << st.ToString();
}

// #9: pg_ctl used to paste the data directory, the log file and -o options into a /bin/sh -c
// command line, so `$(...)` in the project path ran and a `'` broke the start.
TEST(HardeningDev, StartsAndStopsInADirectoryNamedLikeAShellInjection) {
  TempDir base;
  std::string project = base.path() + "/p$(touch pwned)'q";
  ASSERT_TRUE(base::MakeDirs(project).ok());
  // Writable by the postgres OS user too, so an injected `touch` would succeed if it ran.
  ::chmod(project.c_str(), 0777);
  CliRun start = RunPgcrate({"dev", "start"}, {.cwd = project});
  ASSERT_EQ(start.exit_code, 0) << start.out << start.err;
  CliRun status = RunPgcrate({"--json", "dev", "status"}, {.cwd = project});
  std::string url = JsonField(status.out, "/url");
  auto conn = OpenExtra(url, "injection");
  ASSERT_TRUE(conn) << status.out;
  EXPECT_EQ(conn->Exec("SELECT 41 + 1")->str(0, 0), "42");
  conn.reset();
  CliRun stop = RunPgcrate({"dev", "stop"}, {.cwd = project});
  EXPECT_EQ(stop.exit_code, 0) << stop.out << stop.err;
  EXPECT_EQ(JsonField(RunPgcrate({"--json", "dev", "status"}, {.cwd = project}).out, "/running"),
            "false");
  EXPECT_FALSE(base::Exists(project + "/pwned"));
  EXPECT_FALSE(base::Exists(base.path() + "/pwned"));
  EXPECT_FALSE(base::Exists(project + "/.pgcrate/dev/data/pwned"));
}

// pg_ctl pastes its own directory into a /bin/sh command line: a [tools] bindir that holds
// shell syntax is refused before initdb or pg_ctl runs.
TEST(HardeningDev, ABinDirThatPgCtlWouldPasteIntoAShellIsRefused) {
  TempDir base;
  std::string marker = base.path() + "/ran";
  std::string bindir = base.path() + "/b\"$(touch " + base.path() + "/pwned)";
  ASSERT_TRUE(base::MakeDirs(bindir).ok());
  for (const char* tool : {"initdb", "pg_ctl"}) {
    std::string path = bindir + "/" + tool;
    ASSERT_TRUE(base::WriteFile(path, "#!/bin/sh\ntouch '" + marker + "'\n", false).ok());
    ::chmod(path.c_str(), 0755);
  }
  std::string project = base.path() + "/project";
  ASSERT_TRUE(base::MakeDirs(project).ok());
  ASSERT_TRUE(
      base::WriteFile(project + "/pgcrate.toml", "[tools]\nbindir = '" + bindir + "'\n", false)
          .ok());
  CliRun start = RunPgcrate({"dev", "start"}, {.cwd = project});
  EXPECT_NE(start.exit_code, 0) << start.out << start.err;
  EXPECT_NE(start.err.find("pg_ctl pastes its own directory"), std::string::npos) << start.err;
  EXPECT_FALSE(base::Exists(marker));
  EXPECT_FALSE(base::Exists(base.path() + "/pwned"));
}

// #9: a suggested fix command names an object whose name is shell syntax; pasted into sh it
// must give back exactly that object name, and run nothing.
class HardeningDbaTest : public PgTest {};

TEST_F(HardeningDbaTest, FixCommandsAreQuotedForTheShell) {
  TempDir scratch;
  std::string evil = "x$(touch " + scratch.path() + "/pwned)'";
  Exec("CREATE TABLE t (v int)");
  Exec("CREATE INDEX t_v ON t (v)");
  Exec("CREATE INDEX " + sql::QuoteIdent(evil) + " ON t (v)");
  DbaRun r = RunDba(url(), {"--json", "dba", "indexes"});
  auto dup = Findings(r.doc, "duplicate_index");
  ASSERT_EQ(dup.size(), 1u) << r.out;
  std::string command = dup[0]["fix"]["command"];
  // The shell splits the command into words; the object is one word, unchanged.
  auto words = base::RunProcess({"sh", "-c", "set -- " + command + "; printf '%s\\n' \"$@\""});
  ASSERT_TRUE(words.ok());
  std::vector<std::string> argv = base::Split(base::Trim(words->output), '\n');
  ASSERT_GE(argv.size(), 9u) << words->output;
  EXPECT_EQ(argv[0], "pgcrate");
  EXPECT_EQ(argv[7], "public." + sql::QuoteIdent(evil)) << command;
  EXPECT_EQ(argv.back(), "--yes");
  EXPECT_FALSE(base::Exists(scratch.path() + "/pwned"));
}

// #12: without pg_monitor the state of other roles' WAL senders reads NULL, which looked like
// a broken standby (a WARNING, exit 1). Now the check says what it needs.
TEST(HardeningDba, ReplicationWithoutPgMonitorIsSkipped) {
  PrivateCluster cluster;
  ASSERT_TRUE(cluster.started());
  RunSql(cluster.Url(), "CREATE ROLE watcher LOGIN");
  // A WAL sender (a logical replication connection) the unprivileged role cannot look into.
  std::string repl = cluster.Url() + "&replication=database";
  PGconn* sender = PQconnectdb(repl.c_str());
  ASSERT_EQ(PQstatus(sender), CONNECTION_OK) << PQerrorMessage(sender);
  DbaRun admin = RunDba(cluster.Url(), {"--json", "dba", "replication"});
  EXPECT_EQ(admin.doc["data"]["standbys"].size(), 1u) << admin.out;
  for (std::string cmd : {"replication", "triage", "doctor"}) {
    DbaRun r = RunDba(cluster.UrlAs("watcher"), {"--json", "dba", cmd});
    EXPECT_EQ(r.exit_code, 0) << cmd << ": " << r.out << r.err;
    std::string text = r.out;
    EXPECT_NE(text.find("needs pg_monitor"), std::string::npos) << cmd << ": " << text;
  }
  DbaRun plain = RunDba(cluster.UrlAs("watcher"), {"dba", "replication"});
  EXPECT_EQ(plain.exit_code, 0) << plain.out;
  EXPECT_NE(plain.out.find("skipped: needs pg_monitor"), std::string::npos) << plain.out;
  // With pg_monitor the same role sees the sender again.
  RunSql(cluster.Url(), "GRANT pg_monitor TO watcher");
  DbaRun granted = RunDba(cluster.UrlAs("watcher"), {"--json", "dba", "replication"});
  EXPECT_TRUE(granted.doc["skipped"].is_null()) << granted.out;
  PQfinish(sender);
}

// #16: a killed `migrate check` left its pgcrate_shadow_* database behind forever. A shadow
// whose creator's advisory lock nobody holds is reported by doctor and dropped by the next
// run; one whose creator is alive is left alone.
TEST(HardeningShadow, StaleShadowDatabasesAreReportedAndDropped) {
  PrivateCluster cluster;
  ASSERT_TRUE(cluster.started());
  RunSql(cluster.Url(), "CREATE DATABASE pgcrate_shadow_999999_0_1");
  RunSql(cluster.Url(), "CREATE DATABASE pgcrate_shadow_999999_0_2");
  // A live run: its connection holds the lock for the second one.
  auto live = OpenExtra(cluster.Url(), "live");
  ASSERT_TRUE(live);
  ASSERT_TRUE(
      live->Run("SELECT pg_advisory_lock(1885561714, hashtext('pgcrate_shadow_999999_0_2'))").ok());
  TempDir project;
  project.Write("db/migrations/20250101000000_t.sql", "-- up\nCREATE TABLE t (id int);\n");
  CliOptions in_project{.cwd = project.path()};
  CliRun doctor = RunPgcrate({"-d", cluster.Url(), "--json", "dba", "doctor"}, in_project);
  bool reported = false;
  nlohmann::json doc = nlohmann::json::parse(doctor.out, nullptr, false);
  ASSERT_TRUE(doc.is_object()) << doctor.out << doctor.err;
  for (const auto& c : doc["checks"]) {
    if (c["name"] != "shadow-databases") continue;
    reported = true;
    EXPECT_EQ(c["status"], "warning");
    EXPECT_EQ(c["details"]["stale"], nlohmann::json::array({"pgcrate_shadow_999999_0_1"}));
  }
  EXPECT_TRUE(reported) << doctor.out;
  RunSql(cluster.Url(), "CREATE TABLE t (id int)");
  CliRun check = RunPgcrate({"-d", cluster.Url(), "migrate", "check"}, in_project);
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_NE(check.err.find("dropped pgcrate_shadow_999999_0_1"), std::string::npos) << check.err;
  auto dbs = live->Exec(
      "SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database "
      "WHERE datname LIKE 'pgcrate_shadow%'");
  ASSERT_TRUE(dbs.ok());
  EXPECT_EQ(dbs->str(0, 0), "pgcrate_shadow_999999_0_2");
}

// #22: without CREATEDB, `migrate check` used the dev cluster without a word.
TEST(HardeningShadow, DevClusterFallbackIsAnnounced) {
  PrivateCluster cluster;
  ASSERT_TRUE(cluster.started());
  RunSql(cluster.Url(), "CREATE ROLE nocreatedb LOGIN");
  RunSql(cluster.Url(), "CREATE TABLE t (id int)");
  TempDir project;
  ::chmod(project.path().c_str(), 0755);
  project.Write("db/migrations/20250101000000_t.sql", "-- up\nCREATE TABLE t (id int);\n");
  CliRun check =
      RunPgcrate({"-d", cluster.UrlAs("nocreatedb"), "migrate", "check"}, {.cwd = project.path()});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_NE(check.err.find("lacks CREATEDB"), std::string::npos) << check.err;
  EXPECT_NE(check.err.find("pgcrate dev cluster"), std::string::npos) << check.err;
  CliRun as_json = RunPgcrate({"-d", cluster.UrlAs("nocreatedb"), "--json", "migrate", "check"},
                              {.cwd = project.path()});
  EXPECT_NE(JsonField(as_json.out, "/shadow_fallback_reason").find("CREATEDB"), std::string::npos)
      << as_json.out;
}

// #20: a bigint sequence feeding an integer column through DEFAULT nextval() (no OWNED BY)
// overflows at 2^31-1 like a serial; it was judged against the bigint range.
TEST_F(HardeningDbaTest, SequenceFeedingAnIntColumnByDefaultIsJudgedByTheColumn) {
  Exec("CREATE SEQUENCE shared_ids AS bigint");
  Exec("CREATE TABLE narrow (id int DEFAULT nextval('shared_ids'), v text)");
  Exec("CREATE TABLE wide (id bigint DEFAULT nextval('shared_ids'))");
  Exec("SELECT setval('shared_ids', 2000000000)");
  DbaRun r = RunDba(url(), {"--json", "dba", "sequences"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  auto f = Findings(r.doc, "sequence_exhaustion");
  ASSERT_EQ(f.size(), 1u) << r.out;
  EXPECT_EQ(f[0]["object"], "public.shared_ids");
  EXPECT_EQ(f[0]["details"]["table"], "public.narrow");
  EXPECT_EQ(f[0]["details"]["column_type"], "integer");
  // The clean case: the same sequence feeding only a bigint column is nowhere near its end.
  Exec("ALTER TABLE narrow ALTER COLUMN id DROP DEFAULT");
  DbaRun clean = RunDba(url(), {"--json", "dba", "sequences"});
  EXPECT_EQ(clean.exit_code, 0) << clean.out;
}

// #20: CREATE INDEX scans the table and PostgreSQL counts that as a sequential scan, so right
// after building indexes the table read as "missing index" and the new indexes as unused.
TEST_F(HardeningDbaTest, FreshIndexesAreNeitherUnusedNorMissing) {
  Exec("CREATE TABLE events (id int, kind int, at int)");
  Exec("INSERT INTO events SELECT g, g % 7, g FROM generate_series(1, 20000) g");
  for (const char* ix : {"events_id", "events_kind", "events_at", "events_kind_at"}) {
    std::string cols = std::string(ix) == "events_kind_at" ? "kind, at" : std::string(ix + 7);
    Exec(std::string("CREATE INDEX ") + ix + " ON events (" + cols + ")");
  }
  ASSERT_TRUE(WaitUntil(conn(),
                        "SELECT seq_scan >= 4 FROM pg_stat_user_tables "
                        "WHERE relname = 'events'"));
  std::string toml = "[dba.indexes]\nunused_min_bytes = 0\nmissing_index_min_rows = 1000\n";
  DbaRun fresh = RunDba(url(), {"--json", "dba", "indexes"}, toml);
  EXPECT_TRUE(Findings(fresh.doc, "missing_index").empty()) << fresh.out;
  EXPECT_TRUE(Findings(fresh.doc, "unused_index").empty()) << fresh.out;
  // Real full scans (no index on v) outnumbering real index use make both judgeable again.
  Exec("ALTER TABLE events ADD COLUMN v int");
  Exec(
      "DO $$ BEGIN FOR i IN 1..60 LOOP PERFORM count(*) FROM events WHERE v = i; END LOOP; "
      "FOR i IN 1..45 LOOP PERFORM 1 FROM events WHERE id = i; END LOOP; END $$");
  ASSERT_TRUE(WaitUntil(conn(),
                        "SELECT seq_scan >= 64 AND idx_scan >= 45 "
                        "FROM pg_stat_user_tables WHERE relname = 'events'"));
  DbaRun used = RunDba(url(), {"--json", "dba", "indexes"}, toml);
  EXPECT_TRUE(HasFinding(used.doc, "missing_index", "public.events")) << used.out;
  EXPECT_TRUE(HasFinding(used.doc, "unused_index", "public.events_at")) << used.out;
  EXPECT_FALSE(HasFinding(used.doc, "unused_index", "public.events_id")) << used.out;
}

// #20: sizes came from relpages, 0 before the first VACUUM.
TEST_F(HardeningDbaTest, StorageReportsRealSizesBeforeAnyVacuum) {
  Exec("CREATE TABLE fresh (id int PRIMARY KEY, body text)");
  Exec("INSERT INTO fresh SELECT g, repeat('z', 200) FROM generate_series(1, 20000) g");
  DbaRun r = RunDba(url(), {"--json", "dba", "storage"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto& t = r.doc["data"]["tables"][0];
  EXPECT_EQ(t["table"], "public.fresh") << r.out;
  EXPECT_GT(t["heap_bytes"].get<double>(), 3000000) << r.out;
  EXPECT_GT(t["index_bytes"].get<double>(), 200000) << r.out;
  EXPECT_EQ(t["estimated"], false);
  // A table held under ACCESS EXCLUSIVE does not make the check wait: it is estimated.
  auto holder = OpenExtra(url(), "migration");
  ASSERT_TRUE(holder);
  ASSERT_TRUE(holder->Run("BEGIN; LOCK TABLE fresh IN ACCESS EXCLUSIVE MODE").ok());
  DbaRun locked = RunDba(url(), {"--json", "dba", "storage"});
  ASSERT_EQ(locked.exit_code, 0) << locked.out << locked.err;
  bool seen = false;
  for (const auto& row : locked.doc["data"]["tables"]) {
    if (row["table"] != "public.fresh") continue;
    seen = true;
    EXPECT_EQ(row["estimated"], true) << locked.out;
  }
  EXPECT_TRUE(seen) << locked.out;
  ASSERT_TRUE(holder->Run("ROLLBACK").ok());
}

TEST_F(HardeningDbaTest, DisabledTriggersAreReported) {
  Exec("CREATE TABLE p (id int PRIMARY KEY)");
  Exec("CREATE TABLE c (id int, p_id int REFERENCES p)");
  Exec("CREATE FUNCTION noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$");
  Exec("CREATE TRIGGER audit BEFORE INSERT ON c FOR EACH ROW EXECUTE FUNCTION noop()");
  DbaRun clean = RunDba(url(), {"--json", "dba", "disabled-triggers"});
  EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
  EXPECT_TRUE(clean.doc["findings"].empty()) << clean.out;
  Exec("ALTER TABLE c DISABLE TRIGGER audit");
  Exec("ALTER TABLE p DISABLE TRIGGER ALL");
  DbaRun r = RunDba(url(), {"--json", "dba", "disabled-triggers"});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  auto f = Findings(r.doc, "disabled_trigger");
  ASSERT_EQ(f.size(), 3u) << r.out;  // audit, and p's two FK action triggers
  EXPECT_TRUE(HasFinding(r.doc, "disabled_trigger", "public.c"));
  EXPECT_TRUE(HasFinding(r.doc, "disabled_trigger", "public.p"));
  EXPECT_NE(r.out.find("foreign key is not enforced"), std::string::npos) << r.out;
}

TEST_F(HardeningDbaTest, CacheHitRatioIsJudgedPerDatabase) {
  // Bigger than a quarter of shared_buffers: written and scanned through small rings, so the scan
  // reads blocks from outside shared buffers on every version (a small table's blocks can all
  // stay cached, as on PostgreSQL 17).
  Exec("CREATE TABLE t AS SELECT g FROM generate_series(1, 1500000) g");
  Exec("SELECT count(*) FROM t");
  ASSERT_TRUE(WaitUntil(conn(),
                        "SELECT blks_read > 0 FROM pg_stat_database "
                        "WHERE datname = current_database()"));
  // Every database misses sometimes; with a 100% bar and no minimum, this one is reported.
  DbaRun strict = RunDba(url(), {"--json", "dba", "cache-hit"},
                         "[dba.cache-hit]\nwarning_pct = 100\ncritical_pct = 0\nmin_blocks = 1\n");
  EXPECT_TRUE(HasFinding(strict.doc, "low_cache_hit_ratio", db_name())) << strict.out;
  // With the defaults a database this young (few block accesses) is not judged.
  DbaRun defaults = RunDba(url(), {"--json", "dba", "cache-hit"});
  EXPECT_FALSE(HasFinding(defaults.doc, "low_cache_hit_ratio", db_name())) << defaults.out;
  bool listed = false;
  for (const auto& d : defaults.doc["data"]["databases"]) listed |= d["database"] == db_name();
  EXPECT_TRUE(listed) << defaults.out;
}

TEST_F(HardeningDbaTest, LargeTablesWithoutPrimaryKeyAreReported) {
  Exec("CREATE TABLE keyed (id int PRIMARY KEY)");
  Exec("CREATE TABLE small_log (v int)");
  Exec("CREATE TABLE big_log (v int)");
  Exec("INSERT INTO keyed SELECT generate_series(1, 20000)");
  Exec("INSERT INTO small_log SELECT generate_series(1, 100)");
  Exec("INSERT INTO big_log SELECT generate_series(1, 20000)");
  Exec("ANALYZE keyed, small_log, big_log");
  DbaRun r = RunDba(url(), {"--json", "dba", "primary-keys"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  auto f = Findings(r.doc, "table_without_primary_key");
  ASSERT_EQ(f.size(), 1u) << r.out;
  EXPECT_EQ(f[0]["object"], "public.big_log");
  Exec("ALTER TABLE big_log ADD PRIMARY KEY (v)");
  DbaRun clean = RunDba(url(), {"--json", "dba", "primary-keys"});
  EXPECT_EQ(clean.exit_code, 0) << clean.out;
}

TEST_F(HardeningDbaTest, UnloggedTablesHoldingDataAreReported) {
  Exec("CREATE UNLOGGED TABLE cache_empty (v int)");
  Exec("CREATE UNLOGGED TABLE cache_full (v int)");
  DbaRun clean = RunDba(url(), {"--json", "dba", "unlogged-tables"});
  EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
  Exec("INSERT INTO cache_full SELECT generate_series(1, 500)");
  Exec("ANALYZE cache_full");
  DbaRun r = RunDba(url(), {"--json", "dba", "unlogged-tables"});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  auto f = Findings(r.doc, "unlogged_table_with_data");
  ASSERT_EQ(f.size(), 1u) << r.out;
  EXPECT_EQ(f[0]["object"], "public.cache_full");
}

TEST_F(HardeningDbaTest, IndexesLeadingAWiderOneAreRedundant) {
  Exec("CREATE TABLE r (a int, b int, c int, d text)");
  Exec("CREATE INDEX r_ab ON r (a, b)");
  DbaRun clean = RunDba(url(), {"--json", "dba", "redundant-indexes"});
  EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
  Exec("CREATE INDEX r_a ON r (a)");             // redundant: leads r_ab
  Exec("CREATE UNIQUE INDEX r_b_key ON r (b)");  // unique: enforces something
  Exec("CREATE INDEX r_bc ON r (b, c)");
  Exec("CREATE INDEX r_c_pos ON r (c) WHERE c > 0");  // other predicate than r_cb
  Exec("CREATE INDEX r_cb ON r (c, b)");
  Exec("CREATE INDEX r_a_desc ON r (a DESC)");        // other sort order
  Exec("CREATE INDEX r_d_c ON r (d COLLATE \"C\")");  // other collation than r_d_x
  Exec("CREATE INDEX r_d_x ON r (d, a)");
  DbaRun r = RunDba(url(), {"--json", "dba", "redundant-indexes"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  auto f = Findings(r.doc, "redundant_index");
  ASSERT_EQ(f.size(), 1u) << r.out;
  EXPECT_EQ(f[0]["object"], "public.r_a");
  EXPECT_EQ(f[0]["details"]["covered_by"], "public.r_ab");
  EXPECT_NE(f[0]["fix"]["command"].get<std::string>().find("--drop public.r_a"), std::string::npos);
}

// Prepared transactions need max_prepared_transactions > 0: a cluster of its own.
TEST(HardeningDbaCluster, PreparedTransactionsLeftOpenAreReported) {
  PrivateCluster cluster({"max_prepared_transactions=5"});
  ASSERT_TRUE(cluster.started());
  std::string toml = "[dba.prepared-xacts]\nwarning_seconds = 0\n";
  DbaRun clean = RunDba(cluster.Url(), {"--json", "dba", "prepared-xacts"}, toml);
  EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
  RunSql(cluster.Url(), "CREATE TABLE t (id int)");
  auto tx = OpenExtra(cluster.Url(), "2pc");
  ASSERT_TRUE(tx);
  ASSERT_TRUE(tx->Run("BEGIN; INSERT INTO t VALUES (1); PREPARE TRANSACTION 'pay''ment-42'").ok());
  DbaRun r = RunDba(cluster.Url(), {"--json", "dba", "prepared-xacts"}, toml);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  auto f = Findings(r.doc, "prepared_transaction_open");
  ASSERT_EQ(f.size(), 1u) << r.out;
  EXPECT_EQ(f[0]["object"], "pay'ment-42");
  EXPECT_NE(f[0]["action"].get<std::string>().find("ROLLBACK PREPARED 'pay''ment-42'"),
            std::string::npos);
  // With the default thresholds a transaction prepared a moment ago is not a problem yet.
  DbaRun defaults = RunDba(cluster.Url(), {"--json", "dba", "prepared-xacts"});
  EXPECT_EQ(defaults.exit_code, 0) << defaults.out;
  ASSERT_TRUE(tx->Run("ROLLBACK PREPARED 'pay''ment-42'").ok());
}

}  // namespace
}  // namespace pgcrate::testing

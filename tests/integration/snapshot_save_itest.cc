// `pgcrate snapshot save` / `restore` of dump snapshots against the real server: the round
// trip (pg_dump -s and row counts identical), interrupted and killed saves leaving no
// snapshot, corrupted or incomplete snapshots refused naming the file, pg_dump/pg_restore
// older than the server refused naming both versions and the [tools] key, the password kept
// out of the manifest and of pg_dump's argv, and hostile snapshot names.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "base/files.h"
#include "integration/snapshot_itest.h"

namespace pgcrate::testing {
namespace {

TEST_F(SnapshotTest, SaveAndRestoreRoundTripGivesTheSameSchemaAndRows) {
  Fill();
  Exec("INSERT INTO orders (customer_id, total) VALUES (NULL, 0)");
  CliRun save = Snap({"save", "snap1", "--jobs", "2"});
  ASSERT_EQ(save.exit_code, 0) << save.err << save.out;
  EXPECT_NE(save.out.find("Saved snapshot snap1"), std::string::npos) << save.out;
  std::string target = ExtraDb(db_name() + "_snap1");
  CliRun restore = Snap({"--verbose", "restore", "snap1", "--jobs", "2"});
  ASSERT_EQ(restore.exit_code, 0) << restore.err << restore.out;
  EXPECT_NE(restore.out.find(target), std::string::npos) << restore.out;
  EXPECT_EQ(SchemaDump(target), SchemaDump(db_name()));
  EXPECT_EQ(RowCounts(target, kTables), RowCounts(db_name(), kTables));
  EXPECT_EQ(RowCounts(target, kTables), "customers=500;orders=2001;audit.\"Log Entries\"=30;");
  // The identity sequence continues where the source's stood.
  EXPECT_EQ(On(target, "INSERT INTO customers (email) VALUES ('x') RETURNING id"), "501");
  // No temporary database is left behind.
  std::vector<std::string> temps = TempDbsIn(restore.err);
  ASSERT_FALSE(temps.empty()) << restore.err;
  for (const std::string& db : temps) EXPECT_FALSE(DbExists(db)) << db;
}

TEST_F(SnapshotTest, ManifestRecordsTheSourceWithoutPasswordAndEveryFileHash) {
  Fill();
  Exec("CREATE SCHEMA pgcrate");
  Exec(
      "CREATE TABLE pgcrate.schema_migrations (version text PRIMARY KEY, applied_at "
      "timestamptz DEFAULT now())");
  Exec(
      "INSERT INTO pgcrate.schema_migrations (version) VALUES ('20250101000000'), "
      "('20260102000000')");
  // The socket trusts us; the password must still never be written anywhere.
  std::string with_password = ReplaceAllPassword(url());
  std::string spy = Script("spy_pg_dump",
                           "if [ \"$1\" = --version ]; then exec pg_dump --version; fi\n"
                           "echo \"$@\" > \"$(dirname \"$0\")/argv.txt\"\n"
                           "echo \"$PGPASSWORD\" > \"$(dirname \"$0\")/pw.txt\"\n"
                           "exec pg_dump \"$@\"\n");
  dir_.Write("pgcrate.toml", "[snapshot]\ndir = \"snaps\"\n[tools]\npg_dump = \"" + spy + "\"\n");
  CliRun save = Snap({"--json", "save", "m1", "--exclude-table-data", "orders"}, with_password);
  ASSERT_EQ(save.exit_code, 0) << save.err << save.out;
  EXPECT_EQ(save.out.find("s3cr3t-pw"), std::string::npos) << save.out;
  // pg_dump got the password through PGPASSWORD only, never in its argv.
  EXPECT_EQ(base::Trim(*base::ReadFile(dir_.path() + "/pw.txt")), "s3cr3t-pw");
  auto argv = base::ReadFile(dir_.path() + "/argv.txt");
  ASSERT_TRUE(argv.ok());
  EXPECT_EQ(argv->find("s3cr3t-pw"), std::string::npos) << *argv;
  EXPECT_NE(argv->find("--jobs="), std::string::npos) << *argv;
  auto text = base::ReadFile(SnapDir() + "/m1/pgcrate-snapshot.json");
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(text->find("s3cr3t-pw"), std::string::npos) << *text;
  json m = json::parse(*text);
  EXPECT_EQ(m["name"], "m1");
  EXPECT_EQ(m["kind"], "dump");
  EXPECT_EQ(m["source"]["database"], db_name());
  EXPECT_NE(m["source"]["url"].get<std::string>().find("********"), std::string::npos);
  EXPECT_EQ(m["migration_version"], "20260102000000");
  EXPECT_EQ(m["anonymized"], false);
  EXPECT_EQ(m["schema_only"], false);
  EXPECT_EQ(m["filters"]["exclude_table_data"], json::array({"orders"}));
  EXPECT_EQ(m["row_counts"], "estimate");
  std::map<std::string, json> tables;
  for (const json& t : m["tables"])
    tables[t["schema"].get<std::string>() + "." + t["name"].get<std::string>()] = t;
  ASSERT_TRUE(tables.count("public.customers")) << m["tables"].dump();
  EXPECT_EQ(tables["public.customers"]["rows"], 500);  // never analyzed: counted
  EXPECT_EQ(tables["public.customers"]["rows_exact"], true);
  EXPECT_EQ(tables["public.customers"]["data"], true);
  EXPECT_EQ(tables["public.orders"]["data"], false);
  EXPECT_TRUE(tables.count("audit.Log Entries"));
  int64_t sum = 0;
  bool has_toc = false;
  for (const json& f : m["files"]) {
    sum += f["bytes"].get<int64_t>();
    has_toc |= f["path"] == "toc.dat";
    EXPECT_EQ(f["sha256"].get<std::string>().size(), 64u);
  }
  EXPECT_TRUE(has_toc);
  EXPECT_EQ(m["total_bytes"].get<int64_t>(), sum);
  // pg_dump is at least as new as the server (15 dumps a 14 server).
  EXPECT_GE(std::stoi(m["pg_dump_version"].get<std::string>()),
            std::stoi(m["server_version"].get<std::string>()));
}

TEST_F(SnapshotTest, FiltersChooseWhatIsSavedAndTheManifestListsExactlyThat) {
  Fill();
  CliRun save = Snap({"--json", "save", "f1", "--schema", "audit"});
  ASSERT_EQ(save.exit_code, 0) << save.err << save.out;
  json m = json::parse(save.out)["snapshot"];
  ASSERT_EQ(m["tables"].size(), 1u) << m["tables"].dump();
  EXPECT_EQ(m["tables"][0]["schema"], "audit");
  EXPECT_EQ(m["tables"][0]["name"], "Log Entries");
  EXPECT_EQ(m["filters"]["schemas"], json::array({"audit"}));
  std::string target = ExtraDb(db_name() + "_f1");
  ASSERT_EQ(Snap({"restore", "f1"}).exit_code, 0);
  EXPECT_EQ(On(target, "SELECT count(*) FROM audit.\"Log Entries\""), "30");
  EXPECT_EQ(On(target, "SELECT count(*) FROM pg_class WHERE relname = 'customers'"), "0");
  // Schema only: every table, no rows.
  save = Snap({"--json", "save", "f2", "--schema-only"});
  ASSERT_EQ(save.exit_code, 0) << save.err;
  m = json::parse(save.out)["snapshot"];
  EXPECT_EQ(m["tables"].size(), 3u);
  for (const json& t : m["tables"]) EXPECT_EQ(t["data"], false) << t.dump();
  std::string empty = ExtraDb(db_name() + "_f2");
  ASSERT_EQ(Snap({"restore", "f2"}).exit_code, 0);
  EXPECT_EQ(RowCounts(empty, kTables), "customers=0;orders=0;audit.\"Log Entries\"=0;");
  EXPECT_EQ(SchemaDump(empty), SchemaDump(db_name()));
}

TEST_F(SnapshotTest, AFailingPgDumpLeavesNoSnapshot) {
  Fill();
  // Dumps for real, then fails: the archive is complete but the save must not publish it.
  std::string fake = Script("fake_pg_dump",
                            "if [ \"$1\" = --version ]; then exec pg_dump --version; fi\n"
                            "pg_dump \"$@\"\necho 'pg_dump: error: disk full (simulated)' >&2\n"
                            "exit 1\n");
  dir_.Write("pgcrate.toml", "[snapshot]\ndir = \"snaps\"\n[tools]\npg_dump = \"" + fake + "\"\n");
  CliRun save = Snap({"save", "broken"});
  EXPECT_EQ(save.exit_code, 1) << save.err << save.out;
  EXPECT_NE(save.err.find("no snapshot was written"), std::string::npos) << save.err;
  EXPECT_NE(save.err.find("disk full (simulated)"), std::string::npos) << save.err;
  EXPECT_TRUE(SnapEntries().empty()) << base::Join(SnapEntries(), ", ");
  CliRun list = Snap({"--json", "list"});
  EXPECT_EQ(JsonField(list.out, "/snapshots"), "[]") << list.out;
}

TEST_F(SnapshotTest, AKilledSaveLeavesNoSnapshotAndIsCleanedUpLater) {
  Fill();
  std::string fake = Script("slow_pg_dump",
                            "if [ \"$1\" = --version ]; then exec pg_dump --version; fi\n"
                            "pg_dump \"$@\" && sleep 2\n");
  dir_.Write("pgcrate.toml", "[snapshot]\ndir = \"snaps\"\n[tools]\npg_dump = \"" + fake + "\"\n");
  {
    BackgroundPgcrate bg({"-d", url(), "snapshot", "save", "killed"}, dir_.path());
    bool started = false;
    for (int i = 0; i < 100 && !started; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      for (const std::string& e : SnapEntries()) started |= base::StartsWith(e, ".killed.tmp-");
    }
    ASSERT_TRUE(started);
    bg.Signal(SIGKILL);
    bg.Wait();
  }
  for (const std::string& e : SnapEntries()) EXPECT_NE(e, "killed");
  CliRun list = Snap({"--json", "list"});
  EXPECT_EQ(JsonField(list.out, "/snapshots"), "[]") << list.out;
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // the orphan pg_dump ends
  dir_.Write("pgcrate.toml", "[snapshot]\ndir = \"snaps\"\n");
  CliRun again = Snap({"save", "killed"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(SnapEntries(), std::vector<std::string>{"killed"});
}

TEST_F(SnapshotTest, AnInterruptedSaveStopsPgDumpAndLeavesNothing) {
  Fill();
  std::string fake = Script("stuck_pg_dump",
                            "if [ \"$1\" = --version ]; then exec pg_dump --version; fi\n"
                            "pg_dump \"$@\" && exec sleep 30\n");
  dir_.Write("pgcrate.toml", "[snapshot]\ndir = \"snaps\"\n[tools]\npg_dump = \"" + fake + "\"\n");
  BackgroundPgcrate bg({"-d", url(), "snapshot", "save", "termed"}, dir_.path());
  bool dumped = false;
  for (int i = 0; i < 200 && !dumped; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    for (const std::string& e : SnapEntries()) {
      dumped |=
          base::StartsWith(e, ".termed.tmp-") && base::Exists(SnapDir() + "/" + e + "/toc.dat");
    }
  }
  ASSERT_TRUE(dumped);
  auto start = std::chrono::steady_clock::now();
  bg.Signal(SIGTERM);
  EXPECT_EQ(bg.Wait(), 130) << bg.err();
  // pg_dump (here: its stuck wrapper) was told to stop: no 30 s wait.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_TRUE(SnapEntries().empty()) << base::Join(SnapEntries(), ", ");
}

TEST_F(SnapshotTest, ACorruptedOrIncompleteSnapshotIsRefusedNamingTheFile) {
  Fill();
  ASSERT_EQ(Snap({"save", "c1"}).exit_code, 0);
  std::string target = ExtraDb(db_name() + "_c1");
  json m = json::parse(*base::ReadFile(SnapDir() + "/c1/pgcrate-snapshot.json"));
  std::string data_file;
  for (const json& f : m["files"]) {
    if (f["path"] != "toc.dat" && f["bytes"].get<int64_t>() > 100) data_file = f["path"];
  }
  ASSERT_FALSE(data_file.empty());
  {
    std::fstream f(SnapDir() + "/c1/" + data_file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(40);
    f.put('X');
  }
  CliRun r = Snap({"restore", "c1"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("corrupted file: " + data_file), std::string::npos) << r.err;
  EXPECT_FALSE(DbExists(target));
  CliRun verify = Snap({"--json", "info", "c1", "--verify"});
  EXPECT_EQ(verify.exit_code, 1);
  EXPECT_NE(verify.out.find(data_file), std::string::npos) << verify.out;
  ASSERT_EQ(::unlink((SnapDir() + "/c1/toc.dat").c_str()), 0);
  r = Snap({"restore", "c1"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("missing the file toc.dat"), std::string::npos) << r.err;
  EXPECT_FALSE(DbExists(target));
}

TEST_F(SnapshotTest, AnOldPgDumpOrPgRestoreIsRefusedNamingVersionsAndTheToolsKey) {
  std::string old = Script("old_pg_dump", "echo 'pg_dump (PostgreSQL) 12.3'\nexit 0\n");
  dir_.Write("pgcrate.toml", "[snapshot]\ndir = \"snaps\"\n[tools]\npg_dump = \"" + old + "\"\n");
  CliRun r = Snap({"save", "v1"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("pg_dump 12.3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("older than the server (PostgreSQL " + std::to_string(ServerMajor()) + ")"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("[tools] pg_dump"), std::string::npos) << r.err;
  EXPECT_TRUE(SnapEntries().empty());
  std::string garbage = Script("odd_pg_dump", "echo 'hello'\n");
  dir_.Write("pgcrate.toml", "[tools]\npg_dump = \"" + garbage + "\"\n");
  r = Snap({"save", "v2"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("did not report a PostgreSQL version"), std::string::npos) << r.err;
  // pg_restore too, at restore time.
  dir_.Write("pgcrate.toml", "[snapshot]\ndir = \"snaps\"\n");
  ASSERT_EQ(Snap({"save", "v3"}).exit_code, 0);
  std::string old_restore = Script("old_pg_restore", "echo 'pg_restore (PostgreSQL) 13.1'\n");
  dir_.Write("pgcrate.toml",
             "[snapshot]\ndir = \"snaps\"\n[tools]\npg_restore = \"" + old_restore + "\"\n");
  ExtraDb(db_name() + "_v3");
  r = Snap({"restore", "v3"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("pg_restore 13.1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("[tools] pg_restore"), std::string::npos) << r.err;
  EXPECT_FALSE(DbExists(db_name() + "_v3"));
}

TEST_F(SnapshotTest, HostileNamesAreUsageErrors) {
  for (const std::string& name :
       {std::string("../evil"), std::string("a/b"), std::string(".hidden"), std::string("a..b"),
        std::string("with space"), std::string(49, 'x'), std::string("tab\tname")}) {
    for (const char* cmd : {"save", "restore", "info", "delete"}) {
      CliRun r = Snap({cmd, name});
      EXPECT_EQ(r.exit_code, 2) << cmd << " " << name << ": " << r.err;
      EXPECT_NE(r.err.find("invalid snapshot name"), std::string::npos) << r.err;
    }
  }
  EXPECT_TRUE(SnapEntries().empty());
  EXPECT_FALSE(base::Exists(dir_.path() + "/evil"));
  CliRun anon = Snap({"save", "ok", "--anonymize", "--template"});
  EXPECT_EQ(anon.exit_code, 2);
  EXPECT_NE(anon.err.find("cannot be combined"), std::string::npos) << anon.err;
}

}  // namespace
}  // namespace pgcrate::testing

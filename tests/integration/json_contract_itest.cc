// `--json` runs of the commands no other test runs with --json, so that each schema in
// docs/schemas/ is checked against real output (RunPgcrate validates every --json document;
// support/json_contract.h). The other tests cover the rest; what each command does is tested
// there, here only that it printed a successful document of its schema.
#include <nlohmann/json.hpp>

#include "integration/snapshot_itest.h"
#include "support/pg_test.h"

namespace pgcrate::testing {
namespace {

class JsonContractTest : public PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    dir_.Write("pgcrate.toml",
               "[paths]\nmigrations = \"db/migrations\"\ncode = \"db/code\"\nmodels = "
               "\"models\"\n");
    dir_.Write("db/migrations/20250101000000_create_a.sql",
               "-- up\nCREATE TABLE public.a (id integer PRIMARY KEY);\n-- down\nDROP TABLE "
               "public.a;\n");
  }
  // pgcrate -d <url> --json ARGS... in the project; fails the test unless it succeeded.
  nlohmann::json Json(std::vector<std::string> args) {
    args.insert(args.begin(), {"-d", url(), "--json"});
    CliRun r = RunPgcrate(args, {.cwd = dir_.path()});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    auto doc = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_TRUE(doc.is_object() && doc.value("ok", false)) << r.out;
    return doc;
  }
  TempDir dir_;
};

TEST_F(JsonContractTest, MigrateSqlBaselineAndVerify) {
  EXPECT_EQ(Json({"migrate", "sql", "--offline"})["migrations"].size(), 1u);
  EXPECT_EQ(Json({"migrate", "baseline", "--yes"})["count"], 1);
  EXPECT_EQ(Json({"migrate", "verify"})["verified"], 1);
  EXPECT_EQ(Json({"migrate", "sql"})["migrations"].size(), 0u);
}

TEST_F(JsonContractTest, ApplyAndItsDryRun) {
  dir_.Write("db/code/v.sql", "CREATE VIEW public.v AS SELECT id FROM public.a;\n");
  nlohmann::json dry = Json({"apply", "--dry-run"});
  EXPECT_TRUE(dry.contains("sql")) << dry.dump();
  nlohmann::json applied = Json({"apply"});
  EXPECT_EQ(applied["applied_migrations"].size(), 1u) << applied.dump();
  EXPECT_EQ(Json({"apply"})["up_to_date"], true);
}

TEST_F(JsonContractTest, ModelFileCommands) {
  EXPECT_EQ(Json({"model", "init"})["created"], true);
  Json({"model", "new", "public.m1"});
  dir_.Write("models/public/m2.sql", "-- deps: public.m1\nSELECT * FROM public.a\n");
  EXPECT_EQ(Json({"model", "graph"})["models"].size(), 2u);
  EXPECT_EQ(Json({"model", "compile"})["compiled"].size(), 2u);
  CliRun deps = RunPgcrate({"-d", url(), "--json", "model", "lint", "deps"}, {.cwd = dir_.path()});
  EXPECT_EQ(deps.exit_code, 1) << deps.out << deps.err;  // m2 declares m1 and reads public.a
  EXPECT_EQ(Json({"model", "lint", "deps", "--fix"})["models"].size(), 1u);
  EXPECT_EQ(Json({"model", "move", "public.m1", "public.m3"})["to"], "public.m3");
}

TEST_F(JsonContractTest, DevCommandsWithoutACluster) {
  // A project without a dev cluster: stop reports its state; url says there is none.
  CliRun stop = RunPgcrate({"--json", "dev", "stop"}, {.cwd = dir_.path()});
  EXPECT_EQ(JsonField(stop.out, "/ok"), "true") << stop.out << stop.err;
  CliRun url = RunPgcrate({"--json", "dev", "url"}, {.cwd = dir_.path()});
  EXPECT_FALSE(url.out.empty()) << url.err;
}

class JsonContractSnapshotTest : public SnapshotTest {};

TEST_F(JsonContractSnapshotTest, RestoreIntoANewDatabase) {
  Exec("CREATE TABLE t (id integer); INSERT INTO t VALUES (1)");
  ASSERT_EQ(Snap({"--json", "save", "s1"}).exit_code, 0);
  std::string target = ExtraDb(db_name() + "_r");
  CliRun r = Snap({"--json", "restore", "s1", "--to", ClusterUrl(target)});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(JsonField(r.out, "/method"), "pg_restore") << r.out;
}

}  // namespace
}  // namespace pgcrate::testing

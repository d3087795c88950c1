// `pgcrate model test` against the real server: every test type passing and failing with its
// count and example rows, NULL handling, a missing relation or column as an error (not a
// failure), selectors, --json, exit codes, hostile names and quoted literals. `model run` is
// not used: the tests create the relations the models describe directly.
#include <nlohmann/json.hpp>
#include <set>

#include "support/pg_test.h"

namespace pgcrate::testing {
namespace {

using json = nlohmann::json;

class ModelTestTest : public PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    dir_.Write("pgcrate.toml", "[paths]\nmodels = \"models\"\n");
  }
  CliRun Test(std::vector<std::string> args) {
    std::vector<std::string> full = {"-d", url(), "model", "test"};
    full.insert(full.end(), args.begin(), args.end());
    CliOptions o;
    o.cwd = dir_.path();
    return RunPgcrate(full, o);
  }
  json TestJson(std::vector<std::string> args, int expected_exit) {
    args.insert(args.begin(), "--json");
    CliRun r = Test(args);
    EXPECT_EQ(r.exit_code, expected_exit) << r.out << r.err;
    json j = json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.out;
    return j;
  }
  void WriteModel(const std::string& rel, const std::string& header, const std::string& sql = "") {
    dir_.Write("models/" + rel + ".sql", header + "\n" + (sql.empty() ? "SELECT 1 AS id" : sql));
  }
  // The outcome of `test` in a --json document.
  static json Find(const json& doc, const std::string& model, const std::string& test) {
    for (const json& t : doc["tests"]) {
      if (t["model"] == model && t["test"] == test) return t;
    }
    ADD_FAILURE() << "no outcome for " << model << " " << test << " in " << doc.dump();
    return json::object();
  }
  void Users() {
    Exec("CREATE SCHEMA staging");
    Exec("CREATE TABLE staging.users (id integer, email text, status text)");
    Exec(
        "INSERT INTO staging.users VALUES (1, 'a@x', 'active'), (2, 'b@x', 'active'), "
        "(3, NULL, 'gone'), (NULL, 'a@x', NULL), (5, 'a@x', 'weird'), (6, NULL, 'weird')");
  }
  TempDir dir_;
};

TEST_F(ModelTestTest, EveryTypePassesOnCleanData) {
  Exec("CREATE SCHEMA marts");
  Exec("CREATE TABLE marts.users (id integer, status text, n integer)");
  Exec("INSERT INTO marts.users VALUES (1, 'active', 1), (2, 'gone', NULL), (3, NULL, 2)");
  Exec("CREATE VIEW marts.orders AS SELECT 10 AS id, 1 AS user_id UNION ALL SELECT 11, NULL");
  WriteModel("marts/users",
             "-- materialized: table\n-- tests: not_null(id), unique(id), "
             "accepted_values(status, ['active', 'gone']), accepted_values(n, [1, 2])");
  WriteModel("marts/orders", "-- tests: unique(id), relationships(user_id, marts.users.id)");
  CliRun r = Test({});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("6 passed, 0 failed, 0 error(s)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("marts.orders"), std::string::npos);
  EXPECT_NE(r.out.find("relationships(user_id, marts.users.id)"), std::string::npos);
}

TEST_F(ModelTestTest, FailuresCountRowsShowExamplesAndIgnoreNulls) {
  Users();
  WriteModel(
      "staging/users",
      "-- tests: not_null(email), unique(email), accepted_values(status, ['active', 'gone']), "
      "not_null(id)");
  json j = TestJson({}, 1);
  EXPECT_EQ(j["ok"], true);
  EXPECT_EQ(j["passed"], 0);
  EXPECT_EQ(j["failed"], 4);
  EXPECT_EQ(j["errors"], 0);
  json nn = Find(j, "staging.users", "not_null(email)");
  EXPECT_EQ(nn["status"], "fail");
  EXPECT_EQ(nn["failing_rows"], 2);
  ASSERT_EQ(nn["examples"].size(), 2u);
  for (const json& e : nn["examples"]) EXPECT_TRUE(e["email"].is_null()) << e;
  // unique: one duplicated key value ('a@x', three rows); the two NULL emails are not duplicates.
  json un = Find(j, "staging.users", "unique(email)");
  EXPECT_EQ(un["failing_rows"], 1);
  EXPECT_EQ(un["examples"], json::parse(R"([{"email":"a@x","row_count":3}])"));
  // accepted_values: the two 'weird' rows; the NULL status is not a failure.
  json av = Find(j, "staging.users", "accepted_values(status, ['active', 'gone'])");
  EXPECT_EQ(av["failing_rows"], 2);
  for (const json& e : av["examples"]) EXPECT_EQ(e["status"], "weird") << e;
  EXPECT_EQ(Find(j, "staging.users", "not_null(id)")["failing_rows"], 1);
  EXPECT_TRUE(nn["elapsed_ms"].is_number());
  EXPECT_EQ(nn["message"], "");
}

TEST_F(ModelTestTest, TextOutputHasTheTableExamplesAndSummary) {
  Users();
  WriteModel("staging/users", "-- tests: unique(email), not_null(status)");
  CliRun r = Test({});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("failing rows"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("FAIL staging.users unique(email) ("), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("models/staging/users.sql:1): 1 failing row(s):"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(R"(  {"email":"a@x","row_count":3})"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("0 passed, 2 failed, 0 error(s)"), std::string::npos) << r.out;
}

TEST_F(ModelTestTest, AtMostFiveExamplesButTheFullCount) {
  Exec(
      "CREATE TABLE public.big AS SELECT g AS id, NULL::text AS label FROM generate_series(1, 40) "
      "g");
  WriteModel("public/big", "-- materialized: table\n-- tests: not_null(label)");
  json j = TestJson({}, 1);
  json t = Find(j, "public.big", "not_null(label)");
  EXPECT_EQ(t["failing_rows"], 40);
  EXPECT_EQ(t["examples"].size(), 5u);
  CliRun r = Test({});
  EXPECT_NE(r.out.find("40 failing row(s), first 5:"), std::string::npos) << r.out;
}

TEST_F(ModelTestTest, RelationshipsFindDanglingValuesOnly) {
  Users();
  Exec(
      "CREATE TABLE staging.orders AS SELECT * FROM (VALUES (1, 1), (2, 99), (3, NULL), (4, 98)) "
      "v(id, user_id)");
  WriteModel("staging/orders", "-- tests: relationships(user_id, staging.users.id)");
  json j = TestJson({}, 1);
  json t = Find(j, "staging.orders", "relationships(user_id, staging.users.id)");
  EXPECT_EQ(t["failing_rows"], 2);
  std::set<int> ids;
  for (const json& e : t["examples"]) ids.insert(e["user_id"].get<int>());
  EXPECT_EQ(ids, (std::set<int>{98, 99}));
}

TEST_F(ModelTestTest, AMissingRelationOrColumnIsAnErrorNotAFailure) {
  Users();
  WriteModel("staging/ghost", "-- tests: not_null(id)");
  WriteModel("staging/users", "-- tests: not_null(nope), relationships(id, staging.nothere.id)");
  WriteModel("staging/fine", "-- tests: not_null(id)", "SELECT 1 AS id");
  Exec("CREATE VIEW staging.fine AS SELECT 1 AS id");
  json j = TestJson({}, 1);
  EXPECT_EQ(j["errors"], 3);
  EXPECT_EQ(j["passed"], 1);
  json ghost = Find(j, "staging.ghost", "not_null(id)");
  EXPECT_EQ(ghost["status"], "error");
  std::string msg = ghost["message"];
  EXPECT_NE(msg.find("models/staging/ghost.sql:1: staging.ghost not_null(id):"), std::string::npos)
      << msg;
  EXPECT_NE(msg.find("does not exist"), std::string::npos) << msg;
  EXPECT_NE(msg.find("model run"), std::string::npos) << msg;
  std::string col = Find(j, "staging.users", "not_null(nope)")["message"];
  EXPECT_NE(col.find("column \"nope\" does not exist"), std::string::npos) << col;
  std::string ref = Find(j, "staging.users", "relationships(id, staging.nothere.id)")["message"];
  EXPECT_NE(ref.find("staging.nothere"), std::string::npos) << ref;
  CliRun r = Test({});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("models/staging/ghost.sql:1: staging.ghost not_null(id)"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("1 passed, 0 failed, 3 error(s)"), std::string::npos) << r.out;
}

TEST_F(ModelTestTest, SelectorsChooseTheModelsTested) {
  Users();
  Exec("CREATE VIEW staging.ok AS SELECT 1 AS id");
  WriteModel("staging/users", "-- tags: pii\n-- tests: not_null(email)");
  WriteModel("staging/ok", "-- tests: not_null(id)");
  json j = TestJson({"-s", "staging.ok"}, 0);
  ASSERT_EQ(j["tests"].size(), 1u);
  EXPECT_EQ(j["tests"][0]["model"], "staging.ok");
  j = TestJson({"-s", "tag:pii"}, 1);
  ASSERT_EQ(j["tests"].size(), 1u);
  EXPECT_EQ(j["tests"][0]["model"], "staging.users");
  j = TestJson({"-s", "tag:pii", "-s", "ok", "--threads", "1"}, 1);
  EXPECT_EQ(j["tests"].size(), 2u);
  CliRun r = Test({"-s", "staging.nope"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("staging.nope"), std::string::npos) << r.err;
}

TEST_F(ModelTestTest, HostileNamesAndQuotedLiterals) {
  Exec("CREATE SCHEMA \"we\"\"ird s\"");
  Exec(
      "CREATE TABLE \"we\"\"ird s\".\"Tab le\" (\"Col \"\"Q\" text, \"order\" integer, "
      "kind text)");
  Exec(
      "INSERT INTO \"we\"\"ird s\".\"Tab le\" VALUES ('it''s', 1, 'it''s'), (NULL, 1, 'x'), "
      "('b', 2, 'a')");
  WriteModel("we\"ird s/Tab le",
             "-- tests: not_null(\"Col \"\"Q\"), unique(order), "
             "accepted_values(kind, ['it''s', 'a']), relationships(\"order\", "
             "\"we\"\"ird s\".\"Tab le\".order)");
  json j = TestJson({}, 1);
  const std::string m = "we\"ird s.Tab le";
  json nn = Find(j, m, "not_null(\"Col \"\"Q\")");
  EXPECT_EQ(nn["status"], "fail") << nn;
  EXPECT_EQ(nn["failing_rows"], 1);
  EXPECT_EQ(nn["examples"][0]["kind"], "x");
  EXPECT_EQ(Find(j, m, "unique(order)")["examples"], json::parse(R"([{"order":1,"row_count":2}])"));
  json av = Find(j, m, "accepted_values(kind, ['it''s', 'a'])");
  EXPECT_EQ(av["failing_rows"], 1) << av;
  EXPECT_EQ(av["examples"][0]["kind"], "x");
  EXPECT_EQ(Find(j, m, "relationships(\"order\", \"we\"\"ird s\".\"Tab le\".order)")["status"],
            "pass");
}

TEST_F(ModelTestTest, NumericAndEnumAcceptedValues) {
  Exec("CREATE TYPE mood AS ENUM ('happy', 'sad', 'meh')");
  Exec(
      "CREATE TABLE public.m AS SELECT * FROM (VALUES ('happy'::mood, 1.0), ('meh', 2.5)) v(x, n)");
  WriteModel("public/m",
             "-- tests: accepted_values(x, ['happy', 'sad', 'unknown']), "
             "accepted_values(n, [1, 2.5])");
  json j = TestJson({}, 1);
  // An enum is compared as text, so a label the type lacks is no error.
  json x = Find(j, "public.m", "accepted_values(x, ['happy', 'sad', 'unknown'])");
  EXPECT_EQ(x["failing_rows"], 1) << x;
  EXPECT_EQ(x["examples"][0]["x"], "meh");
  EXPECT_EQ(Find(j, "public.m", "accepted_values(n, [1, 2.5])")["status"], "pass");
}

TEST_F(ModelTestTest, MissingModelsFolderNeedsInitAndThreadsAreChecked) {
  CliRun r = Test({});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.err.find("--init"), std::string::npos) << r.err;
  r = Test({"--init"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("No model tests found"), std::string::npos) << r.out;
  json j = TestJson({}, 0);
  EXPECT_EQ(j["tests"].size(), 0u);
  r = Test({"--threads", "0"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
}

TEST_F(ModelTestTest, ManyTestsOnFourConnectionsKeepTheirOrder) {
  Exec("CREATE TABLE public.wide AS SELECT g AS id, g % 3 AS k FROM generate_series(1, 30) g");
  std::string tests;
  // Twelve distinct tests (a test listed twice is an error): even ones pass, odd ones fail.
  auto name = [](int i) {
    return i % 2 ? "accepted_values(id, [" + std::to_string(i) + "])"
                 : "accepted_values(k, [0, 1, 2, " + std::to_string(10 * i + 10) + "])";
  };
  for (int i = 0; i < 12; ++i) tests += std::string(i ? ", " : "") + name(i);
  WriteModel("public/wide", "-- tests: " + tests);
  json j = TestJson({"--threads", "4"}, 1);
  ASSERT_EQ(j["tests"].size(), 12u);
  for (size_t i = 0; i < 12; ++i) {
    EXPECT_EQ(j["tests"][i]["test"], name(static_cast<int>(i)));
    EXPECT_EQ(j["tests"][i]["status"], i % 2 ? "fail" : "pass");
  }
  EXPECT_EQ(j["tests"][1]["failing_rows"], 29);
}

TEST_F(ModelTestTest, ANameTheParserDoesNotReadIsAnErrorAndNoConnectionIsAFailure) {
  Exec("CREATE TABLE public.t (id integer)");
  // A name that is not one identifier is refused when the file is read, at its line.
  WriteModel("public/t", "-- tests: not_null(id), not_null(a b)");
  CliRun file = Test({});
  EXPECT_EQ(file.exit_code, 1) << file.out;
  EXPECT_NE(file.err.find("models/public/t.sql:1:"), std::string::npos) << file.err;
  EXPECT_NE(file.err.find("\"a b\" is not a column name"), std::string::npos) << file.err;
  WriteModel("public/t", "-- tests: not_null(id)");
  CliOptions o;
  o.cwd = dir_.path();
  CliRun r = RunPgcrate({"-d", "postgresql://nobody@127.0.0.1:1/none", "model", "test"}, o);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("error"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace pgcrate::testing

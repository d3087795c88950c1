// The binary end to end: meta flags, usage errors and their exit codes, `sql` (read-only by
// default, typed JSON), `context`, `capabilities`.
#include <signal.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "support/pg_test.h"

namespace pgcrate::testing {
namespace {

using nlohmann::json;

class CliTest : public PgTest {
 protected:
  CliRun Pg(std::vector<std::string> args, CliOptions opts = {}) {
    args.insert(args.begin(), {"-d", url()});
    return RunPgcrate(args, opts);
  }
};

TEST(CliMeta, VersionHelpAndLlmHelp) {
  CliRun v = RunPgcrate({"--version"});
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_EQ(v.out.rfind("pgcrate ", 0), 0u);
  CliRun jv = RunPgcrate({"--json", "--version"});
  EXPECT_EQ(jv.exit_code, 0);
  EXPECT_EQ(JsonField(jv.out, "/ok"), "true");
  EXPECT_FALSE(JsonField(jv.out, "/version").empty());
  CliRun jh = RunPgcrate({"--json", "--help"});
  EXPECT_EQ(jh.exit_code, 0);
  EXPECT_NE(JsonField(jh.out, "/help").find("Subcommands"), std::string::npos);
  CliRun sub = RunPgcrate({"sql", "--help", "--json"});
  EXPECT_EQ(sub.exit_code, 0);
  EXPECT_NE(JsonField(sub.out, "/help").find("--allow-write"), std::string::npos);
  CliRun llm = RunPgcrate({"--help-llm"});
  EXPECT_EQ(llm.exit_code, 0);
  EXPECT_NE(llm.out.find("pgcrate sql"), std::string::npos);
  CliRun jllm = RunPgcrate({"--help-llm", "--json"});
  EXPECT_TRUE(JsonField(jllm.out, "/llm_help") == llm.out) << "llm_help differs from --help-llm";
  EXPECT_TRUE(jv.err.empty() && jh.err.empty() && jllm.err.empty());
}

TEST(CliMeta, UsageErrorsExitTwoAndAreJsonWithJson) {
  CliRun unknown = RunPgcrate({"contxt"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("did you mean 'pgcrate context'?"), std::string::npos) << unknown.err;
  EXPECT_TRUE(unknown.out.empty());
  CliRun json_unknown = RunPgcrate({"--json", "contxt"});
  EXPECT_EQ(json_unknown.exit_code, 2);
  EXPECT_EQ(JsonField(json_unknown.out, "/ok"), "false");
  EXPECT_NE(JsonField(json_unknown.out, "/error/message").find("contxt"), std::string::npos);
  EXPECT_TRUE(json_unknown.err.empty()) << json_unknown.err;
  CliRun bad_flag = RunPgcrate({"sql", "--no-such-flag", "--json"});
  EXPECT_EQ(bad_flag.exit_code, 2);
  EXPECT_EQ(JsonField(bad_flag.out, "/ok"), "false");
  CliRun bad_value = RunPgcrate({"--connect-timeout", "soon", "context"});
  EXPECT_EQ(bad_value.exit_code, 2);
  CliRun nothing = RunPgcrate({});
  EXPECT_EQ(nothing.exit_code, 2);
  CliRun dev_alone = RunPgcrate({"dev", "--json"});
  EXPECT_EQ(dev_alone.exit_code, 2);
  EXPECT_EQ(JsonField(dev_alone.out, "/ok"), "false");
}

TEST_F(CliTest, SqlJsonHasTypedValues) {
  CliRun r = Pg({"sql", "-c", "select 1 as ok", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  json doc = json::parse(r.out);
  EXPECT_EQ(doc["ok"], true);
  EXPECT_TRUE(doc["rows"][0]["ok"].is_number_integer());
  EXPECT_EQ(doc["rows"][0]["ok"], 1);
  EXPECT_EQ(doc["row_count"], 1);
  CliRun types = Pg({"--json", "query", "-c",
                     "select true b, 2::int8 i, 1.25::float8 f, 12.50::numeric n, "
                     "123456789012345678901234::numeric big, 'x'::text t, null::int z, "
                     "'{\"k\":[1,2]}'::jsonb j, 'NaN'::float8 nan, now() ts"});
  ASSERT_EQ(types.exit_code, 0) << types.out;
  json row = json::parse(types.out)["rows"][0];
  EXPECT_EQ(row["b"], true);
  EXPECT_EQ(row["i"], 2);
  EXPECT_EQ(row["f"], 1.25);
  EXPECT_EQ(row["n"], 12.5);
  EXPECT_EQ(row["big"], "123456789012345678901234");
  EXPECT_EQ(row["t"], "x");
  EXPECT_TRUE(row["z"].is_null());
  EXPECT_EQ(row["j"]["k"][1], 2);
  EXPECT_EQ(row["nan"], "NaN");
  EXPECT_TRUE(row["ts"].is_string());
}

TEST_F(CliTest, SqlTextOutputAndStdin) {
  CliRun r = Pg({"sql"}, {.stdin_data = "select 'a' as x union all select 'bb' order by 1;"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, " x  \n----\n a  \n bb \n(2 rows)\n");
  CliRun empty = Pg({"sql"}, {.use_stdin = true});
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_NE(empty.err.find("no SQL given"), std::string::npos);
  CliRun comments = Pg({"sql", "-c", "-- nothing\n"});
  EXPECT_EQ(comments.exit_code, 2);
}

TEST_F(CliTest, SqlRefusesWritesWithoutAllowWriteAndChangesNothing) {
  Exec("CREATE TABLE users (id int)");
  CliRun ins = Pg({"sql", "-c", "INSERT INTO users(id) VALUES (1)"});
  EXPECT_EQ(ins.exit_code, 1);
  EXPECT_NE(ins.err.find("--allow-write"), std::string::npos) << ins.err;
  EXPECT_EQ(Scalar("SELECT count(*) FROM users"), "0");
  for (const char* sneaky : {"COMMIT; INSERT INTO users VALUES (2)",
                             "WITH d AS (DELETE FROM users RETURNING *) SELECT * FROM d",
                             "SELECT 1; DROP TABLE users", "SELECT * INTO t2 FROM users"}) {
    CliRun r = Pg({"--json", "sql", "-c", sneaky});
    EXPECT_EQ(r.exit_code, 1) << sneaky;
    EXPECT_EQ(JsonField(r.out, "/ok"), "false");
  }
  EXPECT_EQ(Scalar("SELECT count(*) FROM pg_tables WHERE tablename IN ('users','t2')"), "1");
  // A write the parser cannot see (a function defined in the database) is stopped by the
  // server's READ ONLY transaction, and the error still says what to do.
  Exec(
      "CREATE FUNCTION sneaky() RETURNS int LANGUAGE sql AS "
      "'INSERT INTO users VALUES (9) RETURNING id'");
  CliRun fn = Pg({"sql", "-c", "SELECT sneaky()"});
  EXPECT_EQ(fn.exit_code, 1);
  EXPECT_NE(fn.err.find("read-only transaction"), std::string::npos) << fn.err;
  EXPECT_NE(fn.err.find("--allow-write"), std::string::npos);
  EXPECT_EQ(Scalar("SELECT count(*) FROM users"), "0");
  CliRun ok = Pg({"sql", "--allow-write", "-c", "INSERT INTO users(id) VALUES (1)"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out, "INSERT 0 1\n");
  EXPECT_EQ(Scalar("SELECT count(*) FROM users"), "1");
}

TEST_F(CliTest, SqlAllowWriteRunsConcurrentIndexOnItsOwn) {
  Exec("CREATE TABLE t (a int)");
  CliRun r = Pg({"sql", "--allow-write", "-c",
                 "CREATE INDEX CONCURRENTLY t_a ON t (a); INSERT INTO t VALUES (1)"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Scalar("SELECT count(*) FROM pg_indexes WHERE indexname = 't_a'"), "1");
}

TEST_F(CliTest, SqlSyntaxAndServerErrorsAreReported) {
  CliRun syntax = Pg({"sql", "-c", "SELECT 1;\nSELEC 2"});
  EXPECT_EQ(syntax.exit_code, 1);
  EXPECT_NE(syntax.err.find("-c:2:1: syntax error"), std::string::npos) << syntax.err;
  CliRun missing = Pg({"--json", "sql", "-c", "SELECT * FROM nope"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(JsonField(missing.out, "/error/message"), "-c:1:15: relation \"nope\" does not exist");
  EXPECT_NE(JsonField(missing.out, "/error/details").find("sqlstate: 42P01"), std::string::npos);
  CliRun multi = Pg({"--json", "sql", "-c", "SELECT 1 AS a; SELECT 2 AS b"});
  ASSERT_EQ(multi.exit_code, 0);
  EXPECT_EQ(JsonField(multi.out, "/rows/0/b"), "2");
  EXPECT_EQ(JsonField(multi.out, "/results/0/rows/0/a"), "1");
}

TEST_F(CliTest, VerboseAndQuiet) {
  CliRun v = Pg({"--verbose", "sql", "-c", "SELECT 42"});
  EXPECT_NE(v.err.find("SELECT 42"), std::string::npos);
  EXPECT_NE(v.err.find("BEGIN TRANSACTION READ ONLY"), std::string::npos);
  CliRun jv = Pg({"--verbose", "--json", "sql", "-c", "SELECT 42"});
  EXPECT_TRUE(jv.err.empty()) << jv.err;
  CliRun notice = Pg({"sql", "--allow-write", "-c", "DO $$BEGIN RAISE NOTICE 'hi'; END$$"});
  EXPECT_NE(notice.err.find("NOTICE: hi"), std::string::npos);
  CliRun quiet = Pg({"-q", "sql", "--allow-write", "-c", "DO $$BEGIN RAISE NOTICE 'hi'; END$$"});
  EXPECT_EQ(quiet.err.find("NOTICE"), std::string::npos);
}

TEST_F(CliTest, ContextAndCapabilities) {
  CliRun c = Pg({"context", "--json"});
  ASSERT_EQ(c.exit_code, 0) << c.out << c.err;
  json doc = json::parse(c.out);
  EXPECT_EQ(doc["ok"], true);
  EXPECT_EQ(doc["connection"]["database"], db_name());
  EXPECT_EQ(doc["connection"]["source"], "--database-url");
  EXPECT_EQ(doc["server"]["major"], ServerMajor());
  EXPECT_GE(doc["server"]["version_num"].get<int>(), ServerMajor() * 10000);
  EXPECT_EQ(doc["privileges"]["superuser"], true);
  EXPECT_EQ(doc["server"]["in_recovery"], false);
  CliRun text = Pg({"context"});
  EXPECT_NE(text.out.find("PostgreSQL " + std::to_string(ServerMajor())), std::string::npos);
  CliRun caps = Pg({"--json", "capabilities"});
  ASSERT_EQ(caps.exit_code, 0);
  json list = json::parse(caps.out)["capabilities"];
  ASSERT_GE(list.size(), 6u);
  for (const auto& cap : list) {
    EXPECT_TRUE(cap["available"].is_boolean());
    EXPECT_FALSE(cap["reason"].get<std::string>().empty());
    if (cap["name"] == "write" || cap["name"] == "migrate" || cap["name"] == "server_version") {
      EXPECT_EQ(cap["available"], true) << cap.dump();
    }
    if (cap["name"] == "merge") {
      EXPECT_EQ(cap["available"], ServerMajor() >= 17) << cap.dump();
    }
    // The pg_dump snapshots would use must be able to dump this server (not only exist).
    if (cap["name"] == "snapshot") {
      EXPECT_EQ(cap["available"], PgDumpTooOld().empty()) << cap.dump();
    }
  }
  EXPECT_EQ(list[0]["name"], "server_version");
  EXPECT_NE(list[0]["reason"].get<std::string>().find("is supported"), std::string::npos);
}

TEST_F(CliTest, CapabilitiesOfARestrictedRole) {
  std::string role = db_name() + "_ro";
  Exec("CREATE ROLE " + role + " LOGIN");
  Exec("REVOKE CREATE ON DATABASE " + db_name() + " FROM PUBLIC");
  std::string ro_url = url() + "&user=" + role;
  CliRun caps = RunPgcrate({"--json", "-d", ro_url, "capabilities"});
  ASSERT_EQ(caps.exit_code, 0) << caps.out;
  json doc = json::parse(caps.out);
  for (const auto& cap : doc["capabilities"]) {
    if (cap["name"] == "migrate" || cap["name"] == "create_database" ||
        cap["name"] == "dba.read_all_stats") {
      EXPECT_EQ(cap["available"], false) << cap.dump();
    }
  }
  Exec("DROP OWNED BY " + role);
  Exec("DROP ROLE " + role);
}

}  // namespace
}  // namespace pgcrate::testing

namespace pgcrate::testing {
namespace {

// Ctrl-C during a long statement cancels it on the server and exits 130 promptly.
TEST_F(CliTest, InterruptCancelsTheRunningStatement) {
  BackgroundPgcrate run({"-d", url(), "sql", "-c", "SELECT pg_sleep(60)"}, "");
  const std::string running =
      "SELECT count(*) > 0 FROM pg_stat_activity WHERE query LIKE '%pg_sleep(60)%' AND "
      "state = 'active' AND pid <> pg_backend_pid()";
  ASSERT_TRUE(WaitUntil(conn(), running)) << run.err();
  auto start = std::chrono::steady_clock::now();
  run.Signal(SIGINT);
  int exit_code = run.Wait();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(exit_code, 130) << run.err();
  EXPECT_LT(secs, 5.0);
  EXPECT_TRUE(WaitUntil(conn(), "SELECT NOT (" + running + ")", 5)) << "the statement still runs";
}

}  // namespace
}  // namespace pgcrate::testing

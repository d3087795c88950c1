// Issue 10 #1, #7, #14 and #22 (sql -f part): the `sql` read-only gate classifies exactly what
// the server runs (standard_conforming_strings pinned on for every pgcrate session, one
// statement at a time over the extended protocol), refuses the side effects a READ ONLY
// transaction does not stop (also for `dba explain --analyze`), keeps duplicate column names
// in --json, and locates a server error at file:line:col.
#include <nlohmann/json.hpp>

#include "sql/quote.h"
#include "support/pg_test.h"

namespace pgcrate::testing {
namespace {

using nlohmann::json;

// The statement from the issue: with standard_conforming_strings=off the server reads
// SELECT; COMMIT; DROP TABLE t, while the PostgreSQL parser (always "on") sees one SELECT.
constexpr const char* kSmuggle = R"(SELECT 'a\' AS p, ' ; COMMIT; DROP TABLE t; -- ' AS q)";

class SqlGateTest : public PgTest {
 protected:
  CliRun Pg(std::vector<std::string> args, CliOptions opts = {}, std::string db_url = "") {
    args.insert(args.begin(), {"-d", db_url.empty() ? url() : db_url});
    return RunPgcrate(args, opts);
  }
  bool TableExists(const std::string& name) {
    return Scalar("SELECT count(*) FROM pg_tables WHERE tablename = '" + name + "'") == "1";
  }
  // Runs `sql` read-only and expects it refused before anything ran, naming `needle`.
  void ExpectRefused(const std::string& sql, const std::string& needle) {
    CliRun r = Pg({"sql", "-c", sql});
    EXPECT_EQ(r.exit_code, 1) << sql << "\n" << r.out << r.err;
    EXPECT_NE(r.err.find(needle), std::string::npos) << sql << "\n" << r.err;
    EXPECT_NE(r.err.find("--allow-write"), std::string::npos) << r.err;
  }
};

TEST_F(SqlGateTest, ConformingStringsOffInUrlOptionsCannotSmuggleStatements) {
  Exec("CREATE TABLE t (a int)");
  std::string off = url() + "&options=-c%20standard_conforming_strings%3Doff";
  CliRun r = Pg({"--json", "sql", "-c", kSmuggle}, {}, off);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(JsonField(r.out, "/rows/0/p"), "a\\");
  EXPECT_EQ(JsonField(r.out, "/rows/0/q"), " ; COMMIT; DROP TABLE t; -- ");
  EXPECT_TRUE(TableExists("t"));
  CliRun env =
      Pg({"sql", "-c", kSmuggle}, {.env = {"PGOPTIONS=-c standard_conforming_strings=off"}});
  EXPECT_EQ(env.exit_code, 0) << env.err;
  EXPECT_TRUE(TableExists("t"));
}

TEST_F(SqlGateTest, ConformingStringsOffAsDatabaseDefaultCannotSmuggleStatements) {
  Exec("CREATE TABLE t (a int)");
  Exec("ALTER DATABASE " + sql::QuoteIdent(db_name()) + " SET standard_conforming_strings = off");
  CliRun r = Pg({"--json", "sql", "-c", kSmuggle});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(JsonField(r.out, "/rows/0/p"), "a\\");
  EXPECT_TRUE(TableExists("t"));
  // Also with --allow-write (the whole script in one simple query): still one SELECT.
  CliRun w = Pg({"sql", "--allow-write", "-c", kSmuggle});
  EXPECT_EQ(w.exit_code, 0) << w.err;
  EXPECT_TRUE(TableExists("t"));
}

TEST_F(SqlGateTest, LexicalSettingsCannotBeChangedBySql) {
  Exec("CREATE TABLE t (a int)");
  for (const char* sql :
       {"SET standard_conforming_strings = off", "RESET standard_conforming_strings",
        "SET client_encoding = 'SJIS'", "SET NAMES 'LATIN1'",
        "SELECT set_config('standard_conforming_strings', 'off', false)"}) {
    for (bool write : {false, true}) {
      std::vector<std::string> args = {"sql", "-c", std::string(sql) + "; " + kSmuggle};
      if (write) args.push_back("--allow-write");
      CliRun r = Pg(args);
      EXPECT_EQ(r.exit_code, 1) << sql << " write=" << write << "\n" << r.err;
      EXPECT_NE(r.err.find("pins"), std::string::npos) << r.err;
    }
  }
  EXPECT_TRUE(TableExists("t"));
}

TEST_F(SqlGateTest, ConnectionRepinsConformingStringsBeforeEverySend) {
  Exec("ALTER DATABASE " + sql::QuoteIdent(db_name()) + " SET standard_conforming_strings = off");
  auto c = pg::Connection::Open(url(), {});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  auto show = (*c)->Exec("SHOW standard_conforming_strings");
  ASSERT_TRUE(show.ok());
  EXPECT_EQ(show->str(0, 0), "on");
  ASSERT_TRUE((*c)->Run("SET standard_conforming_strings = off").ok());
  auto lit = (*c)->Exec(R"(SELECT 'a\' AS p)");
  ASSERT_TRUE(lit.ok()) << lit.status().ToString();
  EXPECT_EQ(lit->str(0, 0), "a\\");
  // A RESET ALL (back to the database default "off") is re-pinned as well.
  ASSERT_TRUE((*c)->Run("RESET ALL").ok());
  auto again = (*c)->Exec("SHOW standard_conforming_strings", {});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->str(0, 0), "on");
}

TEST_F(SqlGateTest, ReadOnlyRefusesSettingsThatReenableWrites) {
  Exec("CREATE SEQUENCE s");
  ExpectRefused("SET transaction_read_only = off; SELECT nextval('s')", "transaction_read_only");
  ExpectRefused("SET TRANSACTION READ WRITE; SELECT 1", "READ WRITE");
  ExpectRefused("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE", "READ WRITE");
  ExpectRefused("SET default_transaction_read_only = off", "default_transaction_read_only");
  ExpectRefused("RESET ALL", "RESET ALL");
  ExpectRefused("SELECT set_config('transaction_read_only', 'off', false)", "set_config");
  EXPECT_EQ(Scalar("SELECT is_called FROM s"), "f");
  // Harmless settings still work.
  CliRun ok = Pg({"sql", "-c",
                  "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ; "
                  "SET work_mem = '8MB'; SHOW work_mem"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("8MB"), std::string::npos);
}

TEST_F(SqlGateTest, ReadOnlyRefusesSideEffectFunctionsAnywhereInTheTree) {
  auto victim = pg::Connection::Open(url(), {});
  ASSERT_TRUE(victim.ok());
  std::string pid = (*victim)->Exec("SELECT pg_backend_pid()")->str(0, 0);
  ExpectRefused("SELECT pg_catalog.pg_terminate_backend(" + pid + ")", "pg_terminate_backend");
  ExpectRefused("WITH x AS (SELECT pg_cancel_backend(" + pid + ")) SELECT * FROM x",
                "pg_cancel_backend");
  ExpectRefused("SELECT 1 WHERE EXISTS (SELECT coalesce(pg_try_advisory_lock(1), true))",
                "pg_try_advisory_lock");
  ExpectRefused("SELECT * FROM generate_series(1, pg_advisory_xact_lock(7)::text::int)",
                "pg_advisory_xact_lock");
  ExpectRefused("SELECT txid_current()", "txid_current");
  ExpectRefused("SELECT pg_current_xact_id()", "pg_current_xact_id");
  ExpectRefused("SELECT lo_create(0)", "lo_create");
  ExpectRefused("SELECT pg_notify('c', 'x')", "pg_notify");
  ExpectRefused("NOTIFY c", "NOTIFY");
  ExpectRefused("SELECT nextval('s')", "nextval");
  ExpectRefused("SELECT pg_stat_reset()", "pg_stat_reset");
  ExpectRefused("SELECT pg_reload_conf()", "pg_reload_conf");
  ExpectRefused("SELECT public.dblink_exec('x', 'DROP TABLE t')", "dblink_exec");
  ExpectRefused("SELECT pg_create_physical_replication_slot('sqlgate_slot')",
                "pg_create_physical_replication_slot");
  ExpectRefused("DECLARE c CURSOR FOR SELECT pg_switch_wal()", "pg_switch_wal");
  ExpectRefused("EXPLAIN ANALYZE SELECT pg_terminate_backend(" + pid + ")", "pg_terminate_backend");
  EXPECT_EQ(Scalar("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'sqlgate_slot'"),
            "0");
  (void)conn().Run(
      "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
      "WHERE slot_name = 'sqlgate_slot'");
  auto alive = (*victim)->Exec("SELECT 1");
  EXPECT_TRUE(alive.ok()) << "the victim session was terminated";
  // Plain EXPLAIN runs nothing; with --allow-write the calls are the user's to make.
  CliRun plan = Pg({"sql", "-c", "EXPLAIN SELECT pg_terminate_backend(" + pid + ")"});
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  CliRun w = Pg({"sql", "--allow-write", "-c", "SELECT pg_advisory_xact_lock(7)"});
  EXPECT_EQ(w.exit_code, 0) << w.err;
}

TEST_F(SqlGateTest, DbaExplainAnalyzeUsesTheSameClassifier) {
  auto victim = pg::Connection::Open(url(), {});
  ASSERT_TRUE(victim.ok());
  std::string pid = (*victim)->Exec("SELECT pg_backend_pid()")->str(0, 0);
  std::string kill = "SELECT pg_terminate_backend(" + pid + ")";
  CliRun r = Pg({"dba", "explain", "--analyze", kill});
  EXPECT_NE(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE((r.out + r.err).find("pg_terminate_backend"), std::string::npos) << r.out << r.err;
  EXPECT_NE((r.out + r.err).find("--read-write"), std::string::npos) << r.out << r.err;
  EXPECT_TRUE((*victim)->Exec("SELECT 1").ok()) << "the victim session was terminated";
  CliRun plain = Pg({"dba", "explain", kill});
  EXPECT_EQ(plain.exit_code, 0) << plain.out << plain.err;
  EXPECT_TRUE((*victim)->Exec("SELECT 1").ok());
}

TEST_F(SqlGateTest, JsonKeepsDuplicateColumnNames) {
  CliRun r = Pg({"--json", "sql", "-c", "SELECT 1 AS a, 2 AS a, 3 AS a_2, 4 AS a"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  json doc = json::parse(r.out);
  json row = doc["rows"][0];
  EXPECT_EQ(row.size(), 4u) << row.dump();
  EXPECT_EQ(row["a"], 1);
  EXPECT_EQ(row["a_3"], 2);
  EXPECT_EQ(row["a_2"], 3);
  EXPECT_EQ(row["a_4"], 4);
  EXPECT_EQ(doc["columns"][1]["name"], "a");
  EXPECT_EQ(doc["columns"][1]["key"], "a_3");
  EXPECT_FALSE(doc["columns"][0].contains("key"));
}

TEST_F(SqlGateTest, FileErrorsNameFileLineAndColumn) {
  TempDir dir;
  std::string f = dir.Write("q.sql", "SELECT 1;\n\nSELECT 2,\n  1/0;\n");
  for (bool write : {false, true}) {
    std::vector<std::string> args = {"sql", "-f", f};
    if (write) args.push_back("--allow-write");
    CliRun r = Pg(args);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find(f + ":3:1: division by zero"), std::string::npos) << r.err;
  }
  std::string g = dir.Write("g.sql", "SELECT 1;\n-- next\nSELECT a\n  FROM nope;\n");
  for (bool write : {false, true}) {
    std::vector<std::string> args = {"sql", "-f", g};
    if (write) args.push_back("--allow-write");
    CliRun r = Pg(args);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find(g + ":4:8: relation \"nope\" does not exist"), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace pgcrate::testing

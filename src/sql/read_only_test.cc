#include "sql/read_only.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace pgcrate::sql {
namespace {

// ReadOnlyViolation / PinnedSettingChange of the script's only statement.
std::string Why(const std::string& sql, bool pinned = false) {
  auto r = ParseScript(sql);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (!r.ok() || r->size() != 1) return "<not one statement>";
  return pinned ? PinnedSettingChange(r->front()) : ReadOnlyViolation(r->front());
}

bool Refused(const std::string& sql) { return !Why(sql).empty(); }

TEST(ReadOnly, PlainReadsPass) {
  for (const char* sql :
       {"SELECT 1", "SELECT now(), count(*) FROM t", "SHOW work_mem", "SET work_mem = '8MB'",
        "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", "SET TRANSACTION READ ONLY",
        "SELECT currval('s'), pg_sleep(0)", "SELECT set_config('search_path', 'x', true)",
        "EXPLAIN SELECT pg_terminate_backend(1)", "SELECT lower('pg_terminate_backend')",
        "WITH x AS (SELECT 1) SELECT * FROM x"}) {
    EXPECT_EQ(Why(sql), "") << sql;
  }
}

TEST(ReadOnly, WritesAndTransactionControlAreRefused) {
  EXPECT_EQ(Why("INSERT INTO t VALUES (1)").rfind("writes to the database (dml", 0), 0u);
  EXPECT_NE(Why("COMMIT").find("controls the transaction"), std::string::npos);
  EXPECT_TRUE(Refused("NOTIFY c"));
  EXPECT_TRUE(Refused("WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d"));
}

TEST(ReadOnly, SettingsThatReenableWritesAreRefused) {
  for (const char* sql :
       {"SET transaction_read_only = off", "SET LOCAL transaction_read_only TO DEFAULT",
        "RESET transaction_read_only", "SET default_transaction_read_only = false",
        "SET TRANSACTION READ WRITE", "SET TRANSACTION ISOLATION LEVEL READ COMMITTED READ WRITE",
        "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE", "RESET ALL",
        "SELECT set_config('transaction_read_only', 'off', false)",
        "SELECT pg_catalog.set_config('DEFAULT_TRANSACTION_READ_ONLY'::text, 'off', false)",
        "SELECT set_config(name, 'off', false) FROM (SELECT 'x' AS name) s"}) {
    EXPECT_TRUE(Refused(sql)) << sql;
  }
}

// Found by fuzz/sql_classify_fuzz.cc's invariant: the server reads setting names
// case-insensitively, so a quoted name in another case is the same setting.
TEST(ReadOnly, QuotedSettingNamesInAnyCaseAreRefused) {
  for (const char* sql : {"SET \"Transaction_Read_Only\" = off",
                          "SET LOCAL \"DEFAULT_TRANSACTION_READ_ONLY\" TO false",
                          "RESET \"Transaction_read_only\""}) {
    EXPECT_NE(Why(sql).find("could re-enable writes"), std::string::npos) << sql;
  }
  EXPECT_NE(Why("SET \"Standard_Conforming_Strings\" = off", true).find("pins it"),
            std::string::npos);
  EXPECT_NE(Why("SET \"CLIENT_ENCODING\" = 'SJIS'", true).find("pins it"), std::string::npos);
  EXPECT_EQ(Why("SET \"Work_Mem\" = '8MB'"), "");
}

// Found by fuzz/sql_classify_fuzz.cc's invariant: EXPLAIN ANALYZE runs CREATE TABLE AS,
// CREATE MATERIALIZED VIEW and EXECUTE, which write (or may) as they do alone.
TEST(ReadOnly, ExplainAnalyzeOfAWriteIsAWrite) {
  for (const char* sql : {"EXPLAIN ANALYZE CREATE TABLE y AS SELECT 1",
                          "EXPLAIN (ANALYZE, BUFFERS) CREATE MATERIALIZED VIEW v AS SELECT 1",
                          "EXPLAIN ANALYZE EXECUTE p", "EXPLAIN ANALYZE SELECT * INTO t2 FROM t",
                          "EXPLAIN ANALYZE DECLARE c CURSOR FOR SELECT * FROM t FOR UPDATE"}) {
    EXPECT_EQ(Why(sql).rfind("writes to the database", 0), 0u) << sql;
  }
  for (const char* sql : {"EXPLAIN ANALYZE SELECT 1", "EXPLAIN CREATE TABLE y AS SELECT 1",
                          "EXPLAIN ANALYZE DECLARE c CURSOR FOR SELECT 1"}) {
    EXPECT_EQ(Why(sql), "") << sql;
  }
}

TEST(ReadOnly, SideEffectFunctionsAreFoundAnywhere) {
  struct Case {
    const char* sql;
    const char* name;
  } cases[] = {
      {"SELECT pg_terminate_backend(42)", "pg_terminate_backend"},
      {"SELECT pg_catalog.pg_cancel_backend(42)", "pg_cancel_backend"},
      {"WITH x AS (SELECT pg_advisory_lock(1)) SELECT * FROM x", "pg_advisory_lock"},
      {"SELECT * FROM t WHERE a IN (SELECT pg_try_advisory_xact_lock(a) FROM u)",
       "pg_try_advisory_xact_lock"},
      {"SELECT * FROM pg_create_logical_replication_slot('s', 'pgoutput')",
       "pg_create_logical_replication_slot"},
      {"SELECT coalesce(nextval('s'), 0)", "nextval"},
      {"SELECT CASE WHEN true THEN setval('s', 5) END", "setval"},
      {"SELECT lo_import('/etc/passwd')", "lo_import"},
      {"SELECT x.dblink_exec('c', 'DROP TABLE t')", "dblink_exec"},
      {"SELECT * FROM dblink('c', 'SELECT 1') AS r(a int)", "dblink"},
      {"SELECT pg_stat_reset_shared('bgwriter')", "pg_stat_reset_shared"},
      {"SELECT pg_replication_origin_create('o')", "pg_replication_origin_create"},
      {"SELECT txid_current()", "txid_current"},
      {"SELECT pg_file_write('f', 'x', false)", "pg_file_write"},
      {"SELECT array_agg(pg_notify('c', p)) FROM (VALUES ('a')) v(p)", "pg_notify"},
      {"DECLARE c CURSOR FOR SELECT pg_switch_wal()", "pg_switch_wal"},
      {"EXPLAIN (ANALYZE) SELECT pg_reload_conf()", "pg_reload_conf"},
      {"SELECT upper(pg_rotate_logfile()::text)", "pg_rotate_logfile"},
  };
  for (const auto& c : cases) {
    std::string why = Why(c.sql);
    EXPECT_NE(why.find(std::string("calls ") + c.name + "()"), std::string::npos)
        << c.sql << " -> " << why;
  }
}

TEST(ReadOnly, PinnedLexicalSettingsAreRefusedInEveryMode) {
  for (const char* sql :
       {"SET standard_conforming_strings = off", "SET LOCAL standard_conforming_strings TO off",
        "RESET standard_conforming_strings", "SET client_encoding = 'SJIS'", "SET NAMES 'LATIN1'",
        "SELECT set_config('standard_conforming_strings', 'off', false)"}) {
    EXPECT_NE(Why(sql, true).find("pins it"), std::string::npos) << sql;
  }
  EXPECT_EQ(Why("SET work_mem = '1MB'", true), "");
  EXPECT_EQ(Why("SELECT set_config('search_path', 'x', false)", true), "");
}

TEST(ReadOnly, FunctionListIsDocumentable) {
  EXPECT_TRUE(IsSideEffectFunction("pg_advisory_unlock_all"));
  EXPECT_TRUE(IsSideEffectFunction("lo_unlink"));
  EXPECT_FALSE(IsSideEffectFunction("pg_sleep"));
  EXPECT_FALSE(IsSideEffectFunction("currval"));
  auto list = SideEffectFunctionList();
  EXPECT_NE(std::find(list.begin(), list.end(), "pg_stat_reset*"), list.end());
}

}  // namespace
}  // namespace pgcrate::sql

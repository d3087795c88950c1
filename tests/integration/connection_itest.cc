// The connection layer against the real server: parameters, typed getters, transaction
// guard, COPY both ways, advisory locks, notices, error fields, timeouts, libpq environment.
#include <chrono>
#include <thread>

#include "pg/connection.h"
#include "pg/error.h"
#include "sql/quote.h"
#include "support/pg_test.h"

namespace pgcrate::testing {
namespace {

class ConnectionTest : public PgTest {};

TEST_F(ConnectionTest, BindsParametersAndParsesTypedValues) {
  auto r = conn().Exec(
      "SELECT $1::int + 1 AS n, $2::text AS t, $3::bool AS b, 2.5::float8 AS f, "
      "NULL::int AS z",
      {std::string("41"), std::string("it's \"quoted\""), std::string("true")});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->int64(0, 0), 42);
  EXPECT_EQ(r->str(0, 1), "it's \"quoted\"");
  EXPECT_TRUE(r->boolean(0, 2));
  EXPECT_DOUBLE_EQ(r->float64(0, 3), 2.5);
  EXPECT_TRUE(r->is_null(0, 4));
  EXPECT_EQ(r->int64(0, 4, -1), -1);
  EXPECT_EQ(r->column_index("t"), 1);
  auto null_param = conn().Exec("SELECT $1::text IS NULL", {std::nullopt});
  ASSERT_TRUE(null_param.ok());
  EXPECT_TRUE(null_param->boolean(0, 0));
}

// ExecCached prepares a statement once per session and executes it after: the server keeps
// one prepared statement for it, across rolled-back transactions, and prepares it again when
// the session lost it (DISCARD ALL). Errors are the statement's own.
TEST_F(ConnectionTest, CachedStatementsArePreparedOnceAndSurviveDiscard) {
  const std::string sql = "SELECT $1::int + 1";
  auto prepared = [this] {
    auto r = conn().Exec("SELECT count(*) FROM pg_prepared_statements");
    return r.ok() ? r->int64(0, 0) : -1;
  };
  for (int i = 0; i < 3; ++i) {
    auto r = conn().ExecCached(sql, {std::to_string(i)});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->int64(0, 0), i + 1);
  }
  EXPECT_EQ(prepared(), 1);
  {
    auto tx = pg::Transaction::Begin(conn());
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(conn().ExecCached("SELECT $1::text", {"in a transaction"}).ok());
  }  // rolled back: the statement stays prepared
  EXPECT_EQ(prepared(), 2);
  ASSERT_TRUE(conn().Run("DISCARD ALL").ok());
  auto again = conn().ExecCached(sql, {"41"});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->int64(0, 0), 42);
  EXPECT_EQ(prepared(), 1);
  auto bad = conn().ExecCached(sql, {"not a number"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().sqlstate(), "22P02");
  auto wrong = conn().ExecCached("SELECT * FROM no_such_table WHERE a = $1", {"1"});
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().sqlstate(), "42P01");
  EXPECT_TRUE(conn().ExecCached(sql, {"1"}).ok());  // the connection is still usable
}

// A pipeline sends its steps in one round trip and returns each one's result; a failing step
// stops the ones after it (the server skips them) and its error is the statement's own; a
// cached step is prepared once (its Parse travels in the same pipeline) and the session stays
// usable after a failure.
TEST_F(ConnectionTest, PipelinesRunStepsInOrderAndStopAtTheFirstError) {
  Exec("CREATE TABLE p (a int PRIMARY KEY)");
  const std::string cached = "SELECT count(*) FROM p WHERE a >= $1::int";
  std::vector<pg::QueryResult> done;
  Status st = conn().Pipeline({{"INSERT INTO p VALUES ($1::int), ($2::int)", {"1", "2"}, false},
                               {cached, {"0"}, true},
                               {"SELECT $1::text || 'b'", {"a"}, false}},
                              done);
  ASSERT_TRUE(st.ok()) << st.ToString();
  ASSERT_EQ(done.size(), 3u);
  EXPECT_EQ(done[0].affected_rows(), 2);
  EXPECT_EQ(done[1].int64(0, 0), 2);
  EXPECT_EQ(done[2].str(0, 0), "ab");
  done.clear();
  st = conn().Pipeline({{cached, {"2"}, true},
                        {"INSERT INTO p VALUES ($1::int)", {"1"}, false},
                        {"INSERT INTO p VALUES ($1::int)", {"3"}, false}},
                       done);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.sqlstate(), "23505");
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].int64(0, 0), 1);
  auto rows = conn().Exec("SELECT count(*) FROM p");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(rows->int64(0, 0), 2);  // the step after the failing one did not run
  auto prepared = conn().Exec("SELECT count(*) FROM pg_prepared_statements");
  ASSERT_TRUE(prepared.ok());
  EXPECT_EQ(prepared->int64(0, 0), 1);
  // A Parse that fails (no such table) is the step's error; nothing is cached for it.
  done.clear();
  st = conn().Pipeline({{"SELECT a FROM no_such_table WHERE a = $1::int", {"1"}, true}}, done);
  EXPECT_EQ(st.sqlstate(), "42P01");
  EXPECT_TRUE(done.empty());
  EXPECT_TRUE(conn().ExecCached(cached, {"0"}).ok());
}

// A transaction can begin and commit with its first and last statements in the same round
// trip; a failing step before the COMMIT leaves it open, and rolled back when it goes.
TEST_F(ConnectionTest, TransactionsBeginAndCommitWithPipelinedSteps) {
  Exec("CREATE TABLE q (a int PRIMARY KEY)");
  std::vector<pg::QueryResult> began;
  {
    auto tx = pg::Transaction::Begin(
        conn(), {{"BEGIN", {}, false}, {"SELECT count(*) FROM q", {}, false}}, began);
    ASSERT_TRUE(tx.ok()) << tx.status().ToString();
    ASSERT_EQ(began.size(), 1u);
    EXPECT_EQ(began[0].int64(0, 0), 0);
    EXPECT_TRUE(conn().in_transaction());
    Status st = (*tx)->Commit({{"INSERT INTO q VALUES ($1::int)", {"1"}, false}});
    ASSERT_TRUE(st.ok()) << st.ToString();
    EXPECT_FALSE(conn().in_transaction());
  }
  {
    began.clear();
    auto tx = pg::Transaction::Begin(conn(), {{"BEGIN", {}, false}}, began);
    ASSERT_TRUE(tx.ok());
    Exec("INSERT INTO q VALUES (2)");
    Status st = (*tx)->Commit({{"INSERT INTO q VALUES ($1::int)", {"1"}, false}});
    EXPECT_EQ(st.sqlstate(), "23505");
  }  // rolled back: 2 is not there
  {
    began.clear();
    auto tx =
        pg::Transaction::Begin(conn(), {{"BEGIN", {}, false}, {"SELECT 1/0", {}, false}}, began);
    ASSERT_FALSE(tx.ok());
    EXPECT_EQ(tx.status().sqlstate(), "22012");
    EXPECT_FALSE(conn().in_transaction());  // rolled back at once
  }
  auto rows = conn().Exec("SELECT string_agg(a::text, ',' ORDER BY a) FROM q");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->str(0, 0), "1");
}

// A whole transaction in one round trip: the steps' results on success; on a failing step, the
// results before it, its error, and nothing of the transaction left (rolled back, not open).
TEST_F(ConnectionTest, WholeTransactionsRunInOneRoundTripAndLeaveNothingWhenAStepFails) {
  Exec("CREATE TABLE w (a int PRIMARY KEY)");
  std::vector<pg::QueryResult> got;
  Status st = pg::Transaction::RunWhole(
      conn(),
      {{"INSERT INTO w VALUES ($1::int)", {"1"}, false}, {"SELECT count(*) FROM w", {}, true}},
      got);
  ASSERT_TRUE(st.ok()) << st.ToString();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].int64(0, 0), 1);
  EXPECT_FALSE(conn().in_transaction());

  got.clear();
  st = pg::Transaction::RunWhole(
      conn(),
      {{"INSERT INTO w VALUES ($1::int)", {"2"}, false},
       {"SELECT (a || ' is no number')::int FROM w WHERE a = 2", {}, false},
       {"INSERT INTO w VALUES (3)", {}, false}},
      got);
  EXPECT_EQ(st.sqlstate(), "22P02");
  EXPECT_EQ(got.size(), 1u);  // the first INSERT's
  EXPECT_FALSE(conn().in_transaction());

  got.clear();  // a COMMIT that fails (a deferred constraint) is the error, and nothing stays
  Exec("CREATE TABLE wc (a int UNIQUE DEFERRABLE INITIALLY DEFERRED)");
  st = pg::Transaction::RunWhole(conn(), {{"INSERT INTO wc VALUES (1), (1)", {}, false}}, got);
  EXPECT_EQ(st.sqlstate(), "23505");
  EXPECT_EQ(got.size(), 1u);
  EXPECT_FALSE(conn().in_transaction());
  EXPECT_EQ(Scalar("SELECT count(*) FROM wc"), "0");
  EXPECT_EQ(Scalar("SELECT string_agg(a::text, ',' ORDER BY a) FROM w"), "1");
}

TEST_F(ConnectionTest, TransactionRollsBackUnlessCommitted) {
  Exec("CREATE TABLE t (a int)");
  {
    auto tx = pg::Transaction::Begin(conn());
    ASSERT_TRUE(tx.ok());
    Exec("INSERT INTO t VALUES (1)");
  }  // destroyed without Commit
  EXPECT_EQ(Scalar("SELECT count(*) FROM t"), "0");
  {
    auto tx = pg::Transaction::Begin(conn());
    ASSERT_TRUE(tx.ok());
    Exec("INSERT INTO t VALUES (2)");
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  EXPECT_EQ(Scalar("SELECT count(*) FROM t"), "1");
}

TEST_F(ConnectionTest, CommitOfAFailedTransactionIsAnError) {
  auto tx = pg::Transaction::Begin(conn());
  ASSERT_TRUE(tx.ok());
  EXPECT_FALSE(conn().Run("SELECT 1/0").ok());
  EXPECT_FALSE((*tx)->Commit().ok());
  EXPECT_FALSE(conn().in_transaction());
}

TEST_F(ConnectionTest, ErrorsKeepSqlStatePositionDetailAndHint) {
  auto r = conn().Exec("SELECT * FROM missing_table");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().sqlstate(), pg::kUndefinedTable);
  EXPECT_EQ(r.status().position(), 15);
  EXPECT_EQ(r.status().message(), "relation \"missing_table\" does not exist");
  Exec("CREATE TABLE u (id int PRIMARY KEY)");
  Exec("INSERT INTO u VALUES (1)");
  auto dup = conn().Exec("INSERT INTO u VALUES (1)");
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().sqlstate(), "23505");
  EXPECT_EQ(dup.status().details(), "Key (id)=(1) already exists.");
  EXPECT_EQ(dup.status().object(), "u_pkey");
  auto hint = conn().Exec("SELECT lower(1)");
  ASSERT_FALSE(hint.ok());
  EXPECT_FALSE(hint.status().hint().empty());
}

TEST_F(ConnectionTest, CopyStreamsInAndOut) {
  Exec("CREATE TABLE c (id int, name text)");
  int chunks = 0;
  auto in = conn().CopyIn("COPY c FROM STDIN", [&](std::string& buf, Status&) {
    if (chunks == 3) return false;
    buf = std::to_string(chunks) + "\tname" + std::to_string(chunks) + "\n";
    ++chunks;
    return true;
  });
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  EXPECT_EQ(in.value(), 3);
  std::string out;
  auto copied = conn().CopyOut("COPY (SELECT * FROM c ORDER BY id) TO STDOUT", [&](auto row) {
    out += row;
    return Status::Ok();
  });
  ASSERT_TRUE(copied.ok());
  EXPECT_EQ(out, "0\tname0\n1\tname1\n2\tname2\n");
  bool sent = false;
  auto bad = conn().CopyIn("COPY c FROM STDIN", [&](std::string& buf, Status&) {
    if (sent) return false;
    buf = "not-a-number\tx\n";
    return sent = true;
  });
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().sqlstate(), "22P02");
}

TEST_F(ConnectionTest, AdvisoryLockExcludesASecondSession) {
  auto other = pg::Connection::Open(url(), {});
  ASSERT_TRUE(other.ok());
  auto held = pg::AdvisoryLock::Acquire(conn(), 4242, 0);
  ASSERT_TRUE(held.ok());
  auto denied = pg::AdvisoryLock::Acquire(*other.value(), 4242, 200);
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.status().code(), Code::kConflict);
  held = Status(Code::kInternal, "released");  // drops the lock
  auto granted = pg::AdvisoryLock::Acquire(*other.value(), 4242, 1000);
  EXPECT_TRUE(granted.ok());
}

TEST_F(ConnectionTest, SessionSettingsAndNoticesAndVersion) {
  std::vector<std::string> notices, logged;
  pg::SessionOptions opts;
  opts.statement_timeout_ms = 100;
  opts.lock_timeout_ms = 250;
  opts.application_name = "pgcrate-test";
  opts.notice_handler = [&](std::string_view n) { notices.emplace_back(n); };
  opts.sql_logger = [&](std::string_view s) { logged.emplace_back(s); };
  auto c = pg::Connection::Open(url(), opts);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  auto& conn2 = *c.value();
  EXPECT_EQ(conn2.Exec("SHOW lock_timeout")->str(0, 0), "250ms");
  EXPECT_EQ(conn2.Exec("SHOW application_name")->str(0, 0), "pgcrate-test");
  auto slow = conn2.Exec("SELECT pg_sleep(2)");
  ASSERT_FALSE(slow.ok());
  EXPECT_EQ(slow.status().sqlstate(), pg::kQueryCanceled);
  ASSERT_TRUE(conn2.Run("DO $$BEGIN RAISE NOTICE 'hello %', 42; END$$").ok());
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0], "NOTICE: hello 42");
  EXPECT_FALSE(logged.empty());
  EXPECT_GE(conn2.server_version(), 140000);
  EXPECT_EQ(sql::QuoteIdent("we\"ird"), "\"we\"\"ird\"");
}

// The session settings are sent with the first statement, whichever path it takes: leading
// its pipeline (a statement with parameters, Pipeline), or just before it (a plain statement);
// each counts one round trip. A first statement that fails still leaves them applied.
TEST_F(ConnectionTest, SessionSettingsRideWithTheFirstStatementOfEveryPath) {
  pg::SessionOptions opts;
  opts.statement_timeout_ms = 1234;
  opts.lock_timeout_ms = 321;
  std::vector<std::string> logged;
  opts.sql_logger = [&](std::string_view s) { logged.emplace_back(s); };
  auto settings = [](pg::Connection& c) {
    auto r = c.Exec(
        "SELECT current_setting('statement_timeout') || ' ' || "
        "current_setting('lock_timeout') || ' ' || "
        "current_setting('standard_conforming_strings')");
    return r.ok() ? r->str(0, 0) : r.status().ToString();
  };
  {  // a statement with parameters
    auto c = pg::Connection::Open(url(), opts);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    EXPECT_TRUE(logged.empty());  // nothing sent at open
    auto r = (*c)->Exec("SELECT current_setting('lock_timeout') || $1", {std::string("!")});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->str(0, 0), "321ms!");
    ASSERT_EQ(logged.size(), 5u);  // four SETs and the statement, one pipeline
    EXPECT_EQ(logged[0], "SET standard_conforming_strings = on");
    EXPECT_EQ(settings(**c), "1234ms 321ms on");
  }
  {  // a pipeline whose step fails, in a transaction it began: the settings ran in a
     // transaction of their own and outlive its rollback
    logged.clear();
    auto c = pg::Connection::Open(url(), opts);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    std::vector<pg::QueryResult> done;
    Status st = (*c)->Pipeline(
        {{"BEGIN", {}, false}, {"SELECT 1/$1::int", {"0"}, false}, {"SELECT 2", {}, false}}, done);
    EXPECT_EQ(st.sqlstate(), "22012") << st.ToString();
    ASSERT_EQ(done.size(), 1u);  // the BEGIN
    EXPECT_TRUE((*c)->Run("ROLLBACK").ok());
    EXPECT_EQ(settings(**c), "1234ms 321ms on");
    done.clear();  // and a plain failing first step
    auto c2 = pg::Connection::Open(url(), opts);
    ASSERT_TRUE(c2.ok()) << c2.status().ToString();
    st = (*c2)->Pipeline({{"SELECT 1/$1::int", {"0"}, false}}, done);
    EXPECT_EQ(st.sqlstate(), "22012") << st.ToString();
    EXPECT_EQ(settings(**c2), "1234ms 321ms on");
  }
  {  // a plain statement: the settings first, as one query of their own
    logged.clear();
    auto c = pg::Connection::Open(url(), opts);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    EXPECT_EQ(settings(**c), "1234ms 321ms on");
    ASSERT_EQ(logged.size(), 2u);
    EXPECT_NE(logged[0].find("SET lock_timeout = 321"), std::string::npos) << logged[0];
  }
}

}  // namespace
}  // namespace pgcrate::testing

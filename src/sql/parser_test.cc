#include "sql/parser.h"

#include <gtest/gtest.h>

namespace pgcrate::sql {

TEST(Parser, SplitsWithPositions) {
  auto r = ParseScript("SELECT 1;\n  -- note\nCREATE TABLE t (a int);\nSELECT 'a;b'", "x.sql");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].text, "SELECT 1");
  EXPECT_EQ((*r)[0].line, 1);
  EXPECT_EQ((*r)[1].node_type, "CreateStmt");
  EXPECT_EQ((*r)[2].text, "SELECT 'a;b'");
  EXPECT_EQ((*r)[2].line, 4);
}

// Found by fuzz/sql_classify_fuzz.cc (pgcrate and libpg_query counted 0 and 1 statements): a
// `--` comment ending in a lone \r before a statement was taken to run to the next \n, so the
// statement after it was dropped; PostgreSQL's scanner ends the comment at the \r and runs it.
TEST(Parser, ACommentEndingInALoneCarriageReturnHidesNoStatement) {
  auto r = ParseScript("-- note\rSELECT 1;\r-- two\r\rDELETE FROM t;\n-- three\r\nDROP TABLE u");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].text, "SELECT 1");
  EXPECT_EQ((*r)[0].line, 2);
  EXPECT_EQ((*r)[1].text, "DELETE FROM t");
  EXPECT_EQ((*r)[1].line, 5);
  EXPECT_EQ((*r)[1].kind, StatementKind::kWrite);
  EXPECT_EQ((*r)[2].text, "DROP TABLE u");
  EXPECT_EQ((*r)[2].line, 7);
}

// Scripts over 128 KiB are parsed in pieces cut at statement ends: the result must be the
// whole-script parse's (offsets, lines, columns, texts), whatever sits at the cuts.
TEST(Parser, BigScriptsParsedInPiecesGiveTheSameStatements) {
  std::string script;
  const int n = 6000;  // ~200 KiB: two or three pieces
  for (int i = 0; i < n; ++i) {
    script += i % 3 == 0 ? "  -- a comment; with a semicolon\n" : "";
    script += "INSERT INTO t" + std::to_string(i) + " VALUES ('a;b', $x$;$x$);\n";
  }
  auto r = ParseScript(script, "big.sql");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), static_cast<size_t>(n));
  int line = 1;
  for (int i = 0; i < n; ++i) {
    line += i % 3 == 0 ? 1 : 0;
    const Statement& st = (*r)[static_cast<size_t>(i)];
    ASSERT_EQ(st.line, line) << i;
    ASSERT_EQ(st.column, 1) << i;
    ASSERT_EQ(st.node_type, "InsertStmt") << i;
    ASSERT_EQ(st.text, "INSERT INTO t" + std::to_string(i) + " VALUES ('a;b', $x$;$x$)") << i;
    ASSERT_EQ(script.substr(st.offset, st.length), st.text) << i;
    // Node locations are offsets into the whole script, whatever piece the statement was in.
    auto loc = static_cast<size_t>(st.node.node_body()["relation"]["location"].num());
    std::string table = "t" + std::to_string(i) + " ";
    ASSERT_EQ(script.substr(loc, table.size()), table) << i;
    ++line;
  }
}

TEST(Parser, BigScriptsWithAtomicBodiesAndErrorsAreExact) {
  // Every statement has semicolons inside BEGIN ATOMIC: the scanner's cuts fall inside bodies,
  // and the statements must still come out whole.
  std::string body =
      "() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; SELECT 3; END;\n";
  std::string script;
  const int n = 2500;
  for (int i = 0; i < n; ++i) script += "CREATE FUNCTION f" + std::to_string(i) + body;
  auto r = ParseScript(script, "atomic.sql");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), static_cast<size_t>(n));
  EXPECT_EQ(r->back().line, n);
  EXPECT_EQ(r->back().node_type, "CreateFunctionStmt");
  // A syntax error on the last line of a big script is reported there.
  auto bad = ParseScript(script + "SELEC 1;\n", "atomic.sql");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().location().line, n + 1);
  EXPECT_EQ(bad.status().location().column, 1);
  // An error in the middle, after a cut inside a body and after multi-byte characters: the
  // line, column and character position are those of the whole script.
  std::string head;
  for (int i = 0; i < n / 2; ++i) head += "CREATE FUNCTION \"é" + std::to_string(i) + "\"" + body;
  auto middle = ParseScript(head + "SELECT 1 2;\n" + script, "atomic.sql");
  ASSERT_FALSE(middle.ok());
  EXPECT_EQ(middle.status().location().line, n / 2 + 1);
  EXPECT_EQ(middle.status().location().column, 10);
  size_t bytes_before = head.size() + 9;
  EXPECT_EQ(middle.status().position(), static_cast<int>(bytes_before - n / 2) + 1);
}

TEST(Parser, CheckedParsingSeesEveryTreeAndKeepsNone) {
  std::string script;
  for (int i = 0; i < 6000; ++i) script += "CREATE TABLE t" + std::to_string(i) + " (a int);\n";
  size_t seen = 0;
  auto r = ParseScriptChecked(script, "c.sql", [&seen](const Statement& st) {
    EXPECT_EQ(st.node.node_type(), "CreateStmt");
    ++seen;
    return Status::Ok();
  });
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(seen, 6000u);
  ASSERT_EQ(r->size(), 6000u);
  EXPECT_EQ(script.substr(r->back().offset, r->back().length), "CREATE TABLE t5999 (a int)");
  EXPECT_EQ(script.substr(r->front().offset, r->front().length), "CREATE TABLE t0 (a int)");
  // The first failed check is the answer, whatever comes after it.
  auto stopped = ParseScriptChecked(script + "SELEC 1;\n", "c.sql", [](const Statement& st) {
    return st.line == 4321 ? Status(Code::kRefused, "no") : Status::Ok();
  });
  ASSERT_FALSE(stopped.ok());
  EXPECT_EQ(stopped.status().message(), "no");
  // A syntax error is reported at its place in the whole script.
  auto bad = ParseScriptChecked(script + "SELEC 1;\n", "c.sql",
                                [](const Statement&) { return Status::Ok(); });
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().location().line, 6001);
}

TEST(Parser, ClassifiesReadsWritesAndTransactionControl) {
  auto kind = [](const char* sql) {
    auto r = ParseScript(sql);
    EXPECT_TRUE(r.ok()) << sql;
    return r.ok() && !r->empty() ? (*r)[0].kind : StatementKind::kWrite;
  };
  EXPECT_EQ(kind("SELECT * FROM t"), StatementKind::kRead);
  EXPECT_EQ(kind("SHOW work_mem"), StatementKind::kRead);
  EXPECT_EQ(kind("EXPLAIN SELECT 1"), StatementKind::kRead);
  EXPECT_EQ(kind("INSERT INTO t VALUES (1)"), StatementKind::kWrite);
  EXPECT_EQ(kind("WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x"), StatementKind::kWrite);
  EXPECT_EQ(kind("SELECT * INTO t2 FROM t"), StatementKind::kWrite);
  EXPECT_EQ(kind("SELECT * FROM t FOR UPDATE"), StatementKind::kWrite);
  EXPECT_EQ(kind("EXPLAIN ANALYZE DELETE FROM t"), StatementKind::kWrite);
  EXPECT_EQ(kind("CREATE INDEX i ON t (a)"), StatementKind::kWrite);
  EXPECT_EQ(kind("COMMIT"), StatementKind::kTransactionControl);
  EXPECT_EQ(kind("SET search_path = app"), StatementKind::kSessionSetting);
}

TEST(Parser, FindsNonTransactionalStatements) {
  auto tx = [](const char* sql) { return (*ParseScript(sql))[0].transactional; };
  EXPECT_FALSE(tx("CREATE INDEX CONCURRENTLY i ON t (a)"));
  EXPECT_FALSE(tx("DROP INDEX CONCURRENTLY i"));
  EXPECT_FALSE(tx("REINDEX INDEX CONCURRENTLY i"));
  EXPECT_FALSE(tx("VACUUM t"));
  EXPECT_FALSE(tx("CREATE DATABASE x"));
  EXPECT_TRUE(tx("ANALYZE t"));
  EXPECT_TRUE(tx("CREATE INDEX i ON t (a)"));
}

// Found by fuzz/lint_sql_fuzz.cc (a syntax-error finding past the end of its line): the
// parser's error position counts characters, and was taken as a byte offset.
TEST(Parser, SyntaxErrorColumnCountsBytesAfterMultibyteCharacters) {
  auto r = ParseScript("SELECT 'é', '€', '𝄞' FROM;", "x.sql");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().location().line, 1);
  EXPECT_EQ(r.status().location().column, 32);  // the ';' (bytes, as every pgcrate column)
}

TEST(Parser, SyntaxErrorHasFileLineColumn) {
  auto r = ParseScript("SELECT 1;\nSELEC 2;", "q.sql");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kParse);
  EXPECT_EQ(r.status().location().file, "q.sql");
  EXPECT_EQ(r.status().location().line, 2);
  EXPECT_EQ(r.status().location().column, 1);
  EXPECT_NE(r.status().message().find("syntax error at or near \"SELEC\""), std::string::npos);
}

}  // namespace pgcrate::sql

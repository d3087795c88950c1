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

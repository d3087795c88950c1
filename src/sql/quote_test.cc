#include "sql/quote.h"

#include <gtest/gtest.h>

namespace pgcrate::sql {
namespace {

TEST(SqlQuote, QuotesIdentifiersLikeTheServer) {
  EXPECT_EQ(QuoteIdent("users"), "users");
  EXPECT_EQ(QuoteIdent("_x1$"), "\"_x1$\"");
  EXPECT_EQ(QuoteIdent("Users"), "\"Users\"");
  EXPECT_EQ(QuoteIdent("select"), "\"select\"");
  EXPECT_EQ(QuoteIdent("user"), "\"user\"");
  EXPECT_EQ(QuoteIdent("name"), "name");  // unreserved keyword
  EXPECT_EQ(QuoteIdent("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(QuoteIdent(""), "\"\"");
  EXPECT_EQ(QualifiedName("Odd Schema", "t"), "\"Odd Schema\".t");
}

TEST(SqlQuote, QuotesLiterals) {
  EXPECT_EQ(QuoteLiteral("it's"), "'it''s'");
  EXPECT_EQ(QuoteLiteral("a\\b"), "E'a\\\\b'");
}

TEST(SqlQuote, KnowsReservedKeywordsOfEveryCategory) {
  EXPECT_TRUE(IsReservedKeyword("order"));     // reserved
  EXPECT_TRUE(IsReservedKeyword("between"));   // column name
  EXPECT_TRUE(IsReservedKeyword("left"));      // type or function name
  EXPECT_TRUE(IsReservedKeyword("xmltable"));  // the last one
  EXPECT_TRUE(IsReservedKeyword("all"));       // the first one
  EXPECT_FALSE(IsReservedKeyword("name"));     // unreserved
  EXPECT_FALSE(IsReservedKeyword("ORDER"));    // keywords are matched lower-case
  EXPECT_EQ(QualifiedName("public", "order"), "public.\"order\"");
}

}  // namespace
}  // namespace pgcrate::sql

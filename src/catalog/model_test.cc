#include "catalog/model.h"

#include <gtest/gtest.h>

namespace pgcrate::catalog {
namespace {

TEST(CatalogModel, QuotesIdentifiersLikeTheServer) {
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

TEST(CatalogModel, QuotesLiterals) {
  EXPECT_EQ(QuoteLiteral("it's"), "'it''s'");
  EXPECT_EQ(QuoteLiteral("a\\b"), "E'a\\\\b'");
}

TEST(CatalogModel, FilterSchemasKeepsIncludedAndDropsExcluded) {
  Catalog c;
  c.schemas = {{.name = "app"}, {.name = "legacy"}, {.name = "public"}};
  c.tables.push_back({.schema = "app", .name = "a"});
  c.tables.push_back({.schema = "legacy", .name = "b"});
  c.tables.push_back({.schema = "public", .name = "c"});
  Catalog only = c;
  FilterSchemas(only, {"app"}, {});
  ASSERT_EQ(only.tables.size(), 1u);
  EXPECT_EQ(only.tables[0].name, "a");
  FilterSchemas(c, {}, {"legacy"});
  EXPECT_EQ(c.tables.size(), 2u);
  EXPECT_EQ(c.schemas.size(), 2u);
}

}  // namespace
}  // namespace pgcrate::catalog

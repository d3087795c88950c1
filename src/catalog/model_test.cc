#include "catalog/model.h"

#include <gtest/gtest.h>

namespace pgcrate::catalog {
namespace {

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

#include "generate/generate.h"

#include <gtest/gtest.h>

namespace pgcrate::generate {
namespace {

catalog::Catalog TwoTables() {
  catalog::Catalog c;
  c.schemas = {{.name = "public"}};
  for (const char* name : {"a", "b"}) {
    catalog::Table t{.schema = "public", .name = name};
    t.columns = {{.name = "id", .type = "integer"}};
    c.tables.push_back(t);
  }
  c.tables[1].constraints.push_back({.name = "b_fk",
                                     .type = catalog::ConstraintType::kForeignKey,
                                     .definition = "FOREIGN KEY (id) REFERENCES public.a(id)"});
  return c;
}

TEST(Generate, SplitByTableGivesSequentialFilesWithForeignKeysLast) {
  GenerateOptions o{.split_by = "table", .output_dir = "out", .now = 1735689600};
  auto files = BuildMigrations(TwoTables(), o);
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files->size(), 3u);
  EXPECT_EQ((*files)[0].file_name, "20250101000000_public_a.sql");
  EXPECT_EQ((*files)[1].file_name, "20250101000001_public_b.sql");
  EXPECT_EQ((*files)[2].file_name, "20250101000002_foreign_keys.sql");
  EXPECT_EQ((*files)[0].path, "out/20250101000000_public_a.sql");
  EXPECT_NE((*files)[2].up.find("ADD CONSTRAINT b_fk"), std::string::npos);
  EXPECT_NE((*files)[2].down.find("DROP CONSTRAINT b_fk"), std::string::npos);
  std::string content = (*files)[0].Content();
  EXPECT_LT(content.find("\n-- up\n"), content.find("CREATE TABLE public.a"));
  EXPECT_LT(content.find("\n-- down\n"), content.find("DROP TABLE public.a"));
}

TEST(Generate, NoneGivesOneFileAndUnknownModeIsAUsageError) {
  GenerateOptions o{.split_by = "none", .output_dir = "out", .now = 1735689600};
  auto files = BuildMigrations(TwoTables(), o);
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files->size(), 1u);
  EXPECT_EQ((*files)[0].file_name, "20250101000000_initial_schema.sql");
  o.split_by = "column";
  auto bad = BuildMigrations(TwoTables(), o);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Code::kUsage);
  catalog::Catalog empty;
  empty.schemas = {{.name = "public"}};
  o.split_by = "none";
  EXPECT_TRUE(BuildMigrations(empty, o)->empty());
}

}  // namespace
}  // namespace pgcrate::generate

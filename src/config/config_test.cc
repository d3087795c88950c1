#include "config/config.h"

#include <gtest/gtest.h>

namespace pgcrate::config {

TEST(Config, ReadsEverySection) {
  auto c = ParseConfig(R"(
[database]
url = "postgresql://localhost/app"
[paths]
migrations = "sql/migrate"
seeds = "data"
[defaults]
with_down = true
[production]
patterns = ["prod", "live"]
[generate]
split_by = "table"
include_schemas = ["app"]
[model]
sources = ["app.users"]
[tools]
pg_dump = "/opt/pg/bin/pg_dump"
)", "pgcrate.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->database_url, "postgresql://localhost/app");
  EXPECT_EQ(c->paths.migrations, "sql/migrate");
  EXPECT_EQ(c->paths.seeds, "data");
  EXPECT_EQ(c->paths.models, "models");
  EXPECT_TRUE(c->with_down);
  EXPECT_EQ(c->production_patterns, (std::vector<std::string>{"prod", "live"}));
  EXPECT_EQ(c->generate.split_by, "table");
  EXPECT_EQ(c->generate.include_schemas, std::vector<std::string>{"app"});
  EXPECT_EQ(c->model_sources, std::vector<std::string>{"app.users"});
  EXPECT_EQ(c->tools.pg_dump, "/opt/pg/bin/pg_dump");
  EXPECT_TRUE(c->warnings.empty());
}

TEST(Config, UnknownKeysAreWarnedWithLocationAndSuggestion) {
  auto c = ParseConfig("[paths]\nmigration = \"x\"\n\n[databse]\nurl = \"y\"\n", "p.toml");
  ASSERT_TRUE(c.ok());
  ASSERT_EQ(c->warnings.size(), 2u);
  EXPECT_EQ(c->warnings[0], "p.toml:2:13: unknown key 'migration' in [paths] (did you mean "
                            "'migrations'?); it is ignored.");
  EXPECT_NE(c->warnings[1].find("unknown section [databse] (did you mean [database]?)"),
            std::string::npos);
  EXPECT_EQ(c->paths.migrations, "db/migrations");
}

TEST(Config, MalformedTomlReportsLineAndColumn) {
  auto c = ParseConfig("[paths]\nmigrations = \"unterminated\n", "bad.toml");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), Code::kConfig);
  EXPECT_EQ(c.status().location().file, "bad.toml");
  EXPECT_EQ(c.status().location().line, 2);
  EXPECT_GT(c.status().location().column, 0);
  EXPECT_EQ(c.status().ToString().rfind("bad.toml:2:", 0), 0u);
}

TEST(Config, PathsWithParentReferencesAreRejected) {
  auto c = ParseConfig("[paths]\nmigrations = \"../elsewhere\"\n", "pgcrate.toml");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("contains '..'"), std::string::npos);
  EXPECT_EQ(c.status().location().line, 2);
}

TEST(Config, WrongTypesAreErrors) {
  auto c = ParseConfig("[defaults]\nwith_down = \"yes\"\n", "pgcrate.toml");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(), "[defaults] with_down must be true or false.");
  auto s = ParseConfig("[generate]\nsplit_by = \"rows\"\n", "pgcrate.toml");
  ASSERT_FALSE(s.ok());
}

TEST(Config, ProductionPatternsMatchCaseInsensitively) {
  EXPECT_TRUE(IsProductionUrl("postgresql://db.PROD.internal/app", {"prod"}));
  EXPECT_FALSE(IsProductionUrl("postgresql://localhost/app", {"prod", "production"}));
  EXPECT_FALSE(IsProductionUrl("postgresql://prod/app", {}));
}

}  // namespace pgcrate::config

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
)",
                       "pgcrate.toml");
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
  EXPECT_EQ(c->warnings[0],
            "p.toml:2:13: unknown key 'migration' in [paths] (did you mean "
            "'migrations'?); it is ignored.");
  EXPECT_NE(c->warnings[1].find("unknown section [databse] (did you mean [database]?)"),
            std::string::npos);
  EXPECT_EQ(c->paths.migrations, "db/migrations");
}

TEST(Config, AnonymizeEntriesArePlainStringsInFileOrder) {
  auto c = ParseConfig(
      "[anonymize]\n\"public.users.name\" = \"name\"\n\"public.users.email\" = \"email\"\n",
      "p.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_TRUE(c->warnings.empty());
  ASSERT_EQ(c->anonymize.size(), 2u);
  EXPECT_EQ(c->anonymize[0].key, "public.users.name");
  EXPECT_EQ(c->anonymize[0].line, 2);
  EXPECT_EQ(c->anonymize[1].strategy, "email");
  auto bad = ParseConfig("[anonymize]\n\"public.users.age\" = 3\n", "p.toml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().ToString().find("p.toml:2:"), std::string::npos);
  EXPECT_NE(bad.status().message().find("public.users.age"), std::string::npos);
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

TEST(Config, ProductionPatternsMatchHostDatabaseAndUserCaseInsensitively) {
  Config c;
  c.production_patterns = {"prod"};
  c.production_patterns_set = true;
  EXPECT_NE(ProductionMatch(c, {"db.PROD.internal", "app", "u"}), "");
  EXPECT_NE(ProductionMatch(c, {"h", "app", "producer"}), "");
  EXPECT_EQ(ProductionMatch(c, {"localhost", "app", "u"}), "");
  c.production_patterns.clear();  // an explicit [] turns the gate off
  EXPECT_EQ(ProductionMatch(c, {"prod", "app_prod", "u"}), "");
}

TEST(Config, DefaultProductionPatternsAreWholeWordsOfHostAndDatabase) {
  Config c;
  EXPECT_EQ(ProductionMatch(c, {"localhost", "app_prod", "u"}),
            "the database name 'app_prod' matches the [production] pattern 'prod' (a default; "
            "set [production] patterns to change it)");
  EXPECT_NE(ProductionMatch(c, {"production-db.example", "app", "u"}), "");
  EXPECT_EQ(ProductionMatch(c, {"localhost", "products", "u"}), "");
  EXPECT_EQ(ProductionMatch(c, {"localhost", "app", "prod"}), "");  // not the user name
}

TEST(Config, PathsOutsideTheProjectNeedExplicitPermission) {
  auto abs = ParseConfig("[paths]\nmigrations = \"/etc/migs\"\n", "pgcrate.toml");
  ASSERT_FALSE(abs.ok());
  EXPECT_NE(abs.status().message().find("is an absolute path"), std::string::npos);
  EXPECT_EQ(abs.status().location().line, 2);
  auto gen = ParseConfig("[generate]\noutput = \"/tmp/x\"\n", "pgcrate.toml");
  ASSERT_FALSE(gen.ok());
  auto allowed = ParseConfig(
      "[paths]\nallow_outside_project = true\nmigrations = \"/etc/migs\"\nseeds = \"../s\"\n",
      "pgcrate.toml");
  ASSERT_TRUE(allowed.ok()) << allowed.status().ToString();
  EXPECT_EQ(allowed->paths.migrations, "/etc/migs");
}

TEST(Config, UnknownLintRuleIdsAreErrorsWithTheirLocation) {
  SetKnownLintRules({"ban-drop-table", "require-concurrent-index-creation"});
  auto c = ParseConfig("[lint]\ndisable = [\"ban-drop-tabel\"]\n", "pgcrate.toml");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().ToString().rfind("pgcrate.toml:2:", 0), 0u) << c.status().ToString();
  EXPECT_NE(c.status().message().find("'ban-drop-tabel' (did you mean 'ban-drop-table'?)"),
            std::string::npos);
  auto sev = ParseConfig("[lint.severity]\nnope = \"off\"\n", "pgcrate.toml");
  ASSERT_FALSE(sev.ok());
  EXPECT_NE(sev.status().message().find("'nope'"), std::string::npos);
  EXPECT_TRUE(ParseConfig("[lint]\ndisable = [\"ban-drop-table\"]\n", "pgcrate.toml").ok());
  SetKnownLintRules({});
}

TEST(Config, ReadsTheMigrateSection) {
  auto c = ParseConfig(
      "[migrate]\nlock_timeout = \"5s\"\nlock_retries = 0\n"
      "lock_wait = 10\nlint = \"warn\"\n",
      "pgcrate.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->migrate.lock_timeout, "5s");
  EXPECT_EQ(c->migrate.statement_timeout, "15min");
  EXPECT_EQ(c->migrate.lock_retries, 0);
  EXPECT_EQ(c->migrate.lock_wait, 10);
  EXPECT_EQ(c->migrate.lint, "warn");
  EXPECT_TRUE(c->warnings.empty());
  EXPECT_FALSE(ParseConfig("[migrate]\nlint = \"loud\"\n", "pgcrate.toml").ok());
  EXPECT_FALSE(ParseConfig("[migrate]\nlock_retries = \"3\"\n", "pgcrate.toml").ok());
}

}  // namespace pgcrate::config

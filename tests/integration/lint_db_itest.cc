// `pgcrate migrate lint` against the real cluster: the live catalog decides "existing table"
// and the row estimate decides "large"; offline runs, exit codes, formats and syntax errors.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "support/pg_test.h"

namespace pgcrate::testing {
namespace {

class LintDbTest : public PgTest {};

std::vector<std::string> Rules(const std::string& out) {
  std::vector<std::string> rules;
  auto doc = nlohmann::json::parse(out, nullptr, false);
  if (doc.is_discarded()) return {"<not json: " + out + ">"};
  for (const auto& f : doc["findings"]) {
    rules.push_back(f["rule"].get<std::string>() + "@" + std::to_string(f["line"].get<int>()));
  }
  return rules;
}

TEST_F(LintDbTest, LiveRowEstimatesAndCatalogDecide) {
  Exec("CREATE TABLE small (id bigint PRIMARY KEY, v int)");
  Exec("CREATE TABLE big (id bigint PRIMARY KEY, v int)");
  Exec("INSERT INTO big SELECT g, g FROM generate_series(1, 20000) g");
  Exec("INSERT INTO small VALUES (1, 1)");
  Exec("ANALYZE small; ANALYZE big");
  TempDir dir;
  std::string f = dir.Write("m.sql",
                            "CREATE INDEX idx_small_v ON small (v);\n"
                            "CREATE INDEX idx_big_v ON big (v);\n"
                            "CREATE INDEX idx_nowhere_v ON nowhere (v);\n");
  CliRun online = RunPgcrate({"-d", url(), "--json", "migrate", "lint", f});
  EXPECT_EQ(online.exit_code, 1) << online.err;
  EXPECT_EQ(Rules(online.out), std::vector<std::string>{"require-concurrent-index-creation@2"});
  CliRun offline = RunPgcrate({"--json", "migrate", "lint", "--offline", f});
  EXPECT_EQ(Rules(offline.out).size(), 3u) << offline.out;
}

TEST_F(LintDbTest, ValidatedNotNullCheckMakesSetNotNullSafe) {
  Exec("CREATE TABLE big (id bigint, v int)");
  Exec("INSERT INTO big SELECT g, g FROM generate_series(1, 20000) g; ANALYZE big");
  Exec("ALTER TABLE big ADD CONSTRAINT chk_big_v CHECK (v IS NOT NULL)");
  TempDir dir;
  std::string f = dir.Write("m.sql",
                            "ALTER TABLE big ALTER COLUMN v SET NOT NULL;\n"
                            "ALTER TABLE big ALTER COLUMN id SET NOT NULL;\n");
  CliRun r = RunPgcrate({"-d", url(), "--json", "migrate", "lint", f});
  EXPECT_EQ(Rules(r.out), std::vector<std::string>{"set-not-null@2"});
}

// The facts read through the shared schema loader (catalog::Load, relations only): a table
// never analyzed and without pages is empty, not unknown; existing indexes (also on a
// materialized view) cover foreign keys; column types let a widening pass.
TEST_F(LintDbTest, CatalogFactsEmptyTablesIndexesAndColumnTypes) {
  Exec("CREATE TABLE fresh (id bigint PRIMARY KEY, v int)");
  Exec("CREATE TABLE parent (id bigint PRIMARY KEY)");
  Exec("CREATE TABLE child (id bigint PRIMARY KEY, parent_id bigint, code varchar(20))");
  Exec("CREATE INDEX idx_child_parent ON child (parent_id, id)");
  Exec("INSERT INTO child SELECT g, NULL, 'x' FROM generate_series(1, 20000) g; ANALYZE child");
  Exec("CREATE MATERIALIZED VIEW mv AS SELECT id, parent_id FROM child");
  Exec("CREATE INDEX idx_mv_id ON mv (id)");
  TempDir dir;
  std::string f =
      dir.Write("m.sql",
                "CREATE INDEX idx_fresh_v ON fresh (v);\n"
                "ALTER TABLE child ADD CONSTRAINT fk_child_parent FOREIGN KEY (parent_id) "
                "REFERENCES parent (id) NOT VALID;\n"
                "ALTER TABLE child ALTER COLUMN code TYPE varchar(40);\n"
                "ALTER TABLE child ALTER COLUMN code TYPE varchar(10);\n");
  CliRun r = RunPgcrate({"-d", url(), "--json", "migrate", "lint", f});
  EXPECT_EQ(Rules(r.out), std::vector<std::string>{"changing-column-type@4"}) << r.out << r.err;
  CliRun offline = RunPgcrate({"--json", "migrate", "lint", "--offline", f});
  std::vector<std::string> rules = Rules(offline.out);
  EXPECT_NE(std::find(rules.begin(), rules.end(), "foreign-key-without-index@2"), rules.end())
      << offline.out;
}

TEST_F(LintDbTest, SyntaxErrorHasFileLineColumnAndCleanFileExitsZero) {
  TempDir dir;
  std::string bad = dir.Write("bad.sql", "SELECT 1;\nCREATE TABLE (;\n");
  CliRun r = RunPgcrate({"migrate", "lint", "--offline", bad});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find(bad + ":2:14: error[syntax-error]"), std::string::npos) << r.out;
  std::string good = dir.Write("good.sql", "CREATE TABLE t (id bigint PRIMARY KEY);\n");
  CliRun ok = RunPgcrate({"migrate", "lint", "--offline", good});
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  CliRun gh = RunPgcrate({"migrate", "lint", "--offline", "--format", "github", bad});
  EXPECT_EQ(gh.out.rfind("::error file=" + bad + ",line=2,col=14,title=syntax-error::", 0), 0u)
      << gh.out;
  CliRun usage = RunPgcrate({"migrate", "lint", "--offline", "--format", "xml", good});
  EXPECT_EQ(usage.exit_code, 2);
}

TEST_F(LintDbTest, ConfigDisablesAndRejectsUnknownRules) {
  TempDir dir;
  dir.Write("pgcrate.toml",
            "[lint]\ndisable = [\"unfiltered-dml\"]\n"
            "[lint.severity]\nban-truncate = \"warning\"\n");
  std::string f = dir.Write("m.sql", "DELETE FROM t;\nTRUNCATE t;\n");
  CliOptions o;
  o.cwd = dir.path();
  CliRun r = RunPgcrate({"--json", "migrate", "lint", "--offline", f}, o);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(Rules(r.out), std::vector<std::string>{"ban-truncate@2"});
  dir.Write("pgcrate.toml", "[lint]\ndisable = [\"unfiltered-dm\"]\n");
  CliRun bad = RunPgcrate({"migrate", "lint", "--offline", f}, o);
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("did you mean 'unfiltered-dml'"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace pgcrate::testing

namespace pgcrate::testing {
namespace {

class LintGateTest : public PgTest {};

TEST_F(LintGateTest, MigrateUpRunsTheLinterPerConfig) {
  Exec("CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint)");
  Exec("INSERT INTO orders SELECT g, g FROM generate_series(1, 20000) g; ANALYZE orders");
  TempDir dir;
  dir.Write("db/migrations/20250101000000_index.sql",
            "-- up\nCREATE INDEX idx_orders_user_id ON orders (user_id);\n"
            "-- down\nDROP INDEX idx_orders_user_id;\n");
  CliOptions o;
  o.cwd = dir.path();
  dir.Write("pgcrate.toml", "[migrate]\nlint = \"error\"\n");
  CliRun refused = RunPgcrate({"-d", url(), "migrate", "up"}, o);
  EXPECT_EQ(refused.exit_code, 1) << refused.out << refused.err;
  EXPECT_NE(refused.err.find("require-concurrent-index-creation"), std::string::npos)
      << refused.err;
  EXPECT_EQ(Scalar("SELECT count(*) FROM pg_indexes WHERE indexname = 'idx_orders_user_id'"), "0");
  dir.Write("pgcrate.toml", "[migrate]\nlint = \"warn\"\n");
  CliRun warned = RunPgcrate({"-d", url(), "migrate", "up"}, o);
  EXPECT_EQ(warned.exit_code, 0) << warned.out << warned.err;
  EXPECT_NE(warned.err.find("require-concurrent-index-creation"), std::string::npos);
  EXPECT_EQ(Scalar("SELECT count(*) FROM pg_indexes WHERE indexname = 'idx_orders_user_id'"), "1");
  // Applied now: `migrate lint` without files lints only pending migrations (none).
  CliRun pending = RunPgcrate({"-d", url(), "--json", "migrate", "lint"}, o);
  EXPECT_EQ(pending.exit_code, 0) << pending.out << pending.err;
  EXPECT_EQ(JsonField(pending.out, "/summary/files"), "0");
}

}  // namespace
}  // namespace pgcrate::testing

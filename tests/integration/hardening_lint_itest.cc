// Issue 10 #21, #8, #11, #23 for `pgcrate migrate lint`, against the real cluster and binary:
// the lock hazards it used to miss, the explicit BEGIN ... COMMIT blocks of a no-transaction
// migration (checked against what the server really does), the false alarms it used to raise,
// session-level SET, renderers that never abort on invalid UTF-8, and streamed output that is
// the same in every format on a report with thousands of findings.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "support/pg_test.h"

namespace pgcrate::testing {
namespace {

class HardeningLintTest : public PgTest {
 protected:
  // "rule@line" of every finding of `migrate lint --json` on `file` with this database.
  std::vector<std::string> Lint(const std::string& file, bool online = true) {
    std::vector<std::string> args = {"--json", "migrate", "lint", file};
    if (online)
      args.insert(args.begin(), {"-d", url()});
    else
      args.push_back("--offline");
    CliRun r = RunPgcrate(args);
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.out << r.err;
    std::vector<std::string> rules;
    auto doc = nlohmann::json::parse(r.out, nullptr, false);
    if (doc.is_discarded()) return {"<not json: " + r.out + r.err + ">"};
    for (const auto& f : doc["findings"]) {
      rules.push_back(f["rule"].get<std::string>() + "@" + std::to_string(f["line"].get<int>()));
    }
    std::sort(rules.begin(), rules.end());
    return rules;
  }

  void BigTable(const std::string& name) {
    Exec("CREATE TABLE " + name + " (id bigint PRIMARY KEY, v int, note text)");
    Exec("INSERT INTO " + name + " SELECT g, g, 'x' FROM generate_series(1, 20000) g");
    Exec("ANALYZE " + name);
  }
};

TEST_F(HardeningLintTest, LockingOperationsItMissedAreFlagged) {
  BigTable("orders");
  Exec("CREATE DOMAIN amount AS numeric");
  Exec("CREATE TABLE payments (id bigint, a amount)");
  Exec("CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at)");
  Exec(
      "CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO "
      "('2025-01-01')");
  TempDir dir;
  std::string f = dir.Write("m.sql",
                            "ALTER DOMAIN amount ADD CONSTRAINT amount_pos CHECK (VALUE > 0);\n"
                            "ALTER DOMAIN amount ADD CONSTRAINT amount_nn CHECK (VALUE IS NOT "
                            "NULL) NOT VALID;\n"
                            "ALTER TABLE events DETACH PARTITION events_2024;\n"
                            "REINDEX SCHEMA public;\n"
                            "CLUSTER;\n"
                            "VACUUM (FULL FALSE) orders;\n");
  // REINDEX SCHEMA and bare CLUSTER cannot run in a transaction either, so beside the other
  // statements they are also mixed-non-transactional.
  EXPECT_EQ(Lint(f), (std::vector<std::string>{"domain-constraint-missing-not-valid@1",
                                               "exclusive-maintenance@4", "exclusive-maintenance@5",
                                               "mixed-non-transactional@4",
                                               "require-concurrent-detach-partition@3"}));
}

TEST_F(HardeningLintTest, ExplicitBlockInNoTransactionMigrationIsFollowed) {
  BigTable("orders");
  TempDir dir;
  std::string m = dir.Write("db/migrations/20250101000000_block.sql",
                            "-- pgcrate: no-transaction\n-- up\n"
                            "BEGIN;\n"
                            "ALTER TABLE orders ADD COLUMN user_id bigint;\n"
                            "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_user_id ON "
                            "orders (user_id);\n"
                            "COMMIT;\n"
                            "-- down\nDROP INDEX IF EXISTS idx_orders_user_id;\n");
  // The ADD COLUMN runs in the block (atomic: no prefer-robust-stmts); the concurrent build
  // cannot run there, and the server agrees: applying the migration fails.
  EXPECT_EQ(Lint(m),
            (std::vector<std::string>{"missing-no-transaction@5", "mixed-non-transactional@5"}));
  dir.Write("pgcrate.toml", "[migrate]\nlint = \"off\"\n");
  CliOptions o;
  o.cwd = dir.path();
  CliRun up = RunPgcrate({"-d", url(), "migrate", "up"}, o);
  EXPECT_NE(up.exit_code, 0) << up.out << up.err;
  EXPECT_NE(up.err.find("CREATE INDEX CONCURRENTLY cannot run inside a transaction block"),
            std::string::npos)
      << up.err;
}

TEST_F(HardeningLintTest, FalseAlarmsAreGone) {
  BigTable("orders");
  TempDir dir;
  std::string check = dir.Write("check.sql",
                                "ALTER TABLE orders ADD CONSTRAINT chk_v CHECK (v IS NOT NULL) "
                                "NOT VALID;\n"
                                "ALTER TABLE orders VALIDATE CONSTRAINT chk_v;\n"
                                "ALTER TABLE orders ALTER COLUMN v SET NOT NULL;\n");
  EXPECT_EQ(Lint(check), std::vector<std::string>{"constraint-missing-not-valid@2"});
  std::string select = dir.Write("20250101000000_select.sql",
                                 "-- pgcrate: no-transaction\n-- up\n"
                                 "SELECT count(*) FROM orders;\n"
                                 "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_v ON orders "
                                 "(v);\n-- down\nSELECT 1;\n");
  EXPECT_EQ(Lint(select), std::vector<std::string>{});
}

TEST_F(HardeningLintTest, SessionLevelSetWarns) {
  TempDir dir;
  std::string m = dir.Write("20250101000000_path.sql",
                            "-- up\nSET search_path = other;\nSET LOCAL lock_timeout = '1s';\n"
                            "CREATE TABLE t (id bigint PRIMARY KEY);\n-- down\nDROP TABLE t;\n");
  EXPECT_EQ(Lint(m, false), std::vector<std::string>{"session-level-set@2"});
  CliRun r = RunPgcrate({"migrate", "lint", "--offline", m});
  EXPECT_EQ(r.exit_code, 0) << r.out;  // a warning
  EXPECT_NE(r.out.find("changes search_path for the rest of the session"), std::string::npos)
      << r.out;
}

TEST_F(HardeningLintTest, InvalidUtf8NeverAbortsARenderer) {
  TempDir dir;
  // Latin-1 bytes in an identifier and a comment, as an editor with the wrong encoding writes.
  std::string f = dir.Write("m.sql", "DELETE FROM caf\xE9;\n-- na\xEFve \xFF\nTRUNCATE t\xE9;\n");
  for (const char* format : {"json", "sarif", "github", "text"}) {
    CliRun r = RunPgcrate({"migrate", "lint", "--offline", "--format", format, f});
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << format << ": " << r.err;
    EXPECT_EQ(r.err.find("exception"), std::string::npos) << format << ": " << r.err;
    EXPECT_EQ(r.err.find("internal error"), std::string::npos) << format << ": " << r.err;
    if (std::string(format) == "json" || std::string(format) == "sarif") {
      // Either a report or (once the reader rejects invalid UTF-8) nothing on stdout.
      if (!r.out.empty()) {
        EXPECT_FALSE(nlohmann::json::parse(r.out, nullptr, false).is_discarded())
            << format << ": " << r.out;
      }
    }
  }
}

TEST_F(HardeningLintTest, ManyFindingsStreamTheSameReportInEveryFormat) {
  TempDir dir;
  std::string sql;
  for (int i = 0; i < 3000; ++i) {
    sql += "CREATE INDEX idx_o" + std::to_string(i) + " ON orders (c" + std::to_string(i) +
           ");\nALTER TABLE orders ALTER COLUMN c" + std::to_string(i) + " SET NOT NULL;\n";
  }
  std::string f = dir.Write("big.sql", sql);
  CliRun json = RunPgcrate({"--json", "migrate", "lint", "--offline", f});
  EXPECT_EQ(json.exit_code, 1);
  auto doc = nlohmann::json::parse(json.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << json.out.substr(0, 500);
  EXPECT_EQ(doc["findings"].size(), 6000u);
  EXPECT_EQ(doc["ok"], true);
  CliRun sarif = RunPgcrate({"migrate", "lint", "--offline", "--format", "sarif", f});
  auto log = nlohmann::json::parse(sarif.out, nullptr, false);
  ASSERT_FALSE(log.is_discarded());
  EXPECT_EQ(log["runs"][0]["results"].size(), 6000u);
  EXPECT_EQ(log["runs"][0]["tool"]["driver"]["rules"].size(), 2u);
  CliRun text = RunPgcrate({"migrate", "lint", "--offline", f});
  EXPECT_TRUE(text.out.ends_with("\n6000 errors, 0 warnings in 1 file (6000 statements)\n"))
      << text.out.substr(text.out.size() - 200);
  CliRun gh = RunPgcrate({"migrate", "lint", "--offline", "--format", "github", f});
  EXPECT_EQ(std::count(gh.out.begin(), gh.out.end(), '\n'), 6000);
}

}  // namespace
}  // namespace pgcrate::testing

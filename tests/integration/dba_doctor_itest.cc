// `dba doctor` exit codes exactly as the spec says (0 ok incl. warnings, 1 errors or
// warnings with --strict, 2 fatal), --verbose/--quiet/--json, the migrations and config
// parts; and `dba triage` with --include-fixes.
#include <set>

#include "dba_itest.h"

namespace pgcrate::testing {
namespace {

class DbaDoctorTest : public PgTest {
 protected:
  // Runs pgcrate in a project directory with `files` (relative path -> content).
  DbaRun InProject(std::vector<std::string> args,
                   const std::vector<std::pair<std::string, std::string>>& files) {
    TempDir dir;
    for (const auto& [path, content] : files) dir.Write(path, content);
    args.insert(args.begin(), {"-d", url()});
    CliOptions o;
    o.cwd = dir.path();
    CliRun r = RunPgcrate(args, o);
    return {r.exit_code, nlohmann::json::parse(r.out, nullptr, false), r.out, r.err};
  }
};

const char* kMigration = "-- up\nCREATE TABLE a (id int PRIMARY KEY);\n-- down\nDROP TABLE a;\n";

TEST_F(DbaDoctorTest, HealthyDatabaseExitsZeroAndPrintsOnlyTheSummary) {
  DbaRun r = InProject({"dba", "doctor"}, {{"pgcrate.toml", "[database]\n"}});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("doctor: 0 errors, 0 warnings"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("ok       connection"), std::string::npos);
  DbaRun verbose = InProject({"dba", "doctor", "--verbose"}, {});
  EXPECT_NE(verbose.out.find("ok       connection"), std::string::npos) << verbose.out;
  EXPECT_NE(verbose.out.find("ok       server: PostgreSQL"), std::string::npos);
  DbaRun quiet = InProject({"dba", "doctor", "--quiet"}, {});
  EXPECT_EQ(quiet.exit_code, 0);
  EXPECT_EQ(quiet.out, "");
}

TEST_F(DbaDoctorTest, PendingMigrationIsAWarningExitZeroButOneWithStrict) {
  std::vector<std::pair<std::string, std::string>> files = {
      {"db/migrations/20250101000000_create_a.sql", kMigration}};
  DbaRun r = InProject({"--json", "dba", "doctor"}, files);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.doc["status"], "warning");
  bool found = false;
  for (const auto& c : r.doc["checks"]) {
    if (c["name"] != "migrations") continue;
    found = true;
    EXPECT_EQ(c["status"], "warning");
    EXPECT_EQ(c["details"]["pending"][0], "20250101000000_create_a.sql");
  }
  EXPECT_TRUE(found) << r.out;
  DbaRun strict = InProject({"dba", "doctor", "--strict"}, files);
  EXPECT_EQ(strict.exit_code, 1) << strict.out;
  EXPECT_NE(strict.out.find("20250101000000_create_a.sql"), std::string::npos) << strict.out;
  // Once applied (tracking table written as the migration runner does), nothing is pending.
  Exec("CREATE SCHEMA pgcrate");
  Exec(
      "CREATE TABLE pgcrate.schema_migrations (version text PRIMARY KEY, "
      "applied_at timestamptz DEFAULT now())");
  Exec("INSERT INTO pgcrate.schema_migrations (version) VALUES ('20250101000000')");
  DbaRun applied = InProject({"--json", "dba", "doctor", "--strict"}, files);
  EXPECT_EQ(applied.exit_code, 0) << applied.out;
}

TEST_F(DbaDoctorTest, CriticalFindingIsAnErrorExitOne) {
  Exec("CREATE SEQUENCE s AS integer");
  Exec("SELECT setval('s', 2100000000)");
  DbaRun r = InProject({"--json", "dba", "doctor"}, {});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(r.doc["status"], "error");
  EXPECT_EQ(r.doc["summary"]["error"], 1);
}

TEST_F(DbaDoctorTest, DoctorRunsTheCheckPostgresStyleChecksToo) {
  Exec("CREATE TABLE parent (id int PRIMARY KEY)");
  Exec("CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent (id))");
  Exec("ALTER TABLE child DISABLE TRIGGER ALL");  // the foreign key is no longer enforced
  DbaRun r = InProject({"--json", "dba", "doctor"}, {});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;  // warnings only
  std::set<std::string> names;
  for (const auto& c : r.doc["checks"]) {
    names.insert(c["name"].get<std::string>());
    if (c["name"] == "disabled-triggers") {
      EXPECT_EQ(c["status"], "warning") << r.out;
    }
  }
  for (const char* name : {"prepared-xacts", "disabled-triggers", "cache-hit", "primary-keys",
                           "unlogged-tables", "redundant-indexes"}) {
    EXPECT_TRUE(names.count(name)) << name << "\n" << r.out;
  }
  EXPECT_EQ(r.doc["status"], "warning") << r.out;
}

TEST_F(DbaDoctorTest, ConfigWarningIsAWarningAndBadConfigIsFatal) {
  DbaRun warn =
      InProject({"--json", "dba", "doctor"}, {{"pgcrate.toml", "[paths]\nmigraton = \"x\"\n"}});
  EXPECT_EQ(warn.exit_code, 0) << warn.out;
  EXPECT_EQ(warn.doc["checks"][0]["name"], "config");
  EXPECT_EQ(warn.doc["checks"][0]["status"], "warning");
  DbaRun fatal = InProject({"--json", "dba", "doctor"}, {{"pgcrate.toml", "[paths\n"}});
  EXPECT_EQ(fatal.exit_code, 2) << fatal.out;
  EXPECT_EQ(fatal.doc["ok"], false);
  DbaRun bad_migration =
      InProject({"dba", "doctor"}, {{"db/migrations/2025_not_a_migration.sql", "SELECT 1"}});
  EXPECT_EQ(bad_migration.exit_code, 1) << bad_migration.out << bad_migration.err;
}

TEST_F(DbaDoctorTest, UnreachableDatabaseIsFatalExitTwo) {
  CliRun r = RunPgcrate({"-d", "postgresql://nobody@127.0.0.1:1/none", "dba", "doctor"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("error:"), std::string::npos);
  CliRun quiet =
      RunPgcrate({"-d", "postgresql://nobody@127.0.0.1:1/none", "dba", "doctor", "--quiet"});
  EXPECT_EQ(quiet.exit_code, 2);
  EXPECT_EQ(quiet.err, "");
}

TEST_F(DbaDoctorTest, TriageIncludeFixesListsActions) {
  Exec("CREATE SEQUENCE order_seq AS integer");
  Exec("SELECT setval('order_seq', 2040109466)");
  DbaRun plain = RunDba(url(), {"--json", "dba", "triage"});
  EXPECT_EQ(plain.exit_code, 2) << plain.out;
  EXPECT_FALSE(plain.doc.contains("actions"));
  DbaRun r = RunDba(url(), {"--json", "dba", "triage", "--include-fixes"});
  ASSERT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.doc["status"], "critical");
  EXPECT_EQ(r.doc["summary"]["critical"], 1);
  EXPECT_EQ(r.doc["checks"].size(), 6u);  // + prepared-xacts
  ASSERT_EQ(r.doc["actions"].size(), 1u) << r.out;
  EXPECT_EQ(r.doc["actions"][0]["check"], "sequences");
  EXPECT_EQ(r.doc["actions"][0]["fix"]["risk"], "low");
  EXPECT_NE(r.doc["actions"][0]["fix"]["command"].get<std::string>().find(
                "dba fix sequence public.order_seq --upgrade-to bigint"),
            std::string::npos);
  DbaRun text = RunDba(url(), {"dba", "triage"});
  EXPECT_NE(text.out.find("sequences     CRITICAL"), std::string::npos) << text.out;
}

}  // namespace
}  // namespace pgcrate::testing

// `pgcrate migrate import`: the real dbmate applies its migrations, then import --adopt makes
// pgcrate take over (status: all applied; check: no drift, dbmate's table left out);
// adoption from golang-migrate, Flyway and sqitch tracking tables built as those tools build
// them; and the refusals (dirty state, absent table, existing target file) that leave
// nothing written and nothing recorded.
#include <unistd.h>

#include <filesystem>

#include "base/files.h"
#include "base/process.h"
#include "migrate_itest_support.h"

namespace pgcrate::testing {
namespace {

class MigrateImport : public MigrateTest {
 protected:
  int FilesIn(const std::string& rel) {
    std::error_code ec;
    int n = 0;
    for (auto it = std::filesystem::directory_iterator(Abs(rel), ec);
         !ec && it != std::filesystem::directory_iterator(); ++it) {
      ++n;
    }
    return n;
  }
  bool PgcrateTableExists() {
    return Scalar("SELECT to_regclass('pgcrate.schema_migrations') IS NOT NULL") == "t";
  }
  // Three dbmate migrations, one with a hostile name and one outside a transaction.
  void WriteDbmateProject() {
    WriteRaw("dbmate/20240101000000_create users 'x' $(id) é.sql",
             "-- migrate:up\nCREATE TABLE users (id bigint PRIMARY KEY, email text);\n\n"
             "-- migrate:down\nDROP TABLE users;\n");
    WriteRaw("dbmate/20240102000000_email_index.sql",
             "-- migrate:up transaction:false\n"
             "CREATE INDEX CONCURRENTLY users_email ON users (email);\n\n"
             "-- migrate:down transaction:false\nDROP INDEX CONCURRENTLY users_email;\n");
    WriteRaw("dbmate/20240103000000_orders.sql",
             "-- migrate:up\nCREATE TABLE orders (id bigint PRIMARY KEY,\n"
             "  user_id bigint REFERENCES users (id));\n-- migrate:down\nDROP TABLE orders;\n");
  }
};

std::string DbmateBinary() {
  return std::string(PGCRATE_SOURCE_DIR) +
         "/.cache/dbmate/node_modules/@dbmate/linux-x64/bin/dbmate";
}

TEST_F(MigrateImport, RealDbmateAppliesThenImportAdoptsAndPgcrateTakesOver) {
  if (access(DbmateBinary().c_str(), X_OK) != 0) {
    GTEST_SKIP() << "dbmate is not installed in .cache/dbmate (scripts/setup.sh installs it "
                    "with npm: dbmate@2.36.0)";
  }
  WriteDbmateProject();
  std::string dbmate_url = "postgres://postgres@/" + db_name() + "?socket=" + ClusterSocketDir() +
                           "&port=" + std::to_string(ClusterPort()) + "&sslmode=disable";
  auto applied = base::RunProcess({DbmateBinary(), "--url", dbmate_url, "--migrations-dir",
                                   Abs("dbmate"), "--no-dump-schema", "migrate"});
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  ASSERT_EQ(applied->exit_code, 0) << applied->output;
  ASSERT_EQ(Scalar("SELECT count(*) FROM public.schema_migrations"), "3");

  CliRun imported = Run({"migrate", "import", "--from", "dbmate", "dbmate", "--adopt"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err << imported.out;
  EXPECT_NE(imported.out.find("3 recorded as applied"), std::string::npos) << imported.out;
  EXPECT_EQ(FilesIn("db/migrations"), 3);

  CliRun status = Run({"--json", "migrate", "status"});
  ASSERT_EQ(status.exit_code, 0) << status.out;
  EXPECT_EQ(JsonField(status.out, "/counts/applied"), "3");
  EXPECT_EQ(JsonField(status.out, "/counts/pending"), "0");
  EXPECT_EQ(Run({"migrate", "verify"}).exit_code, 0);
  EXPECT_EQ(Run({"migrate", "up"}).exit_code, 0);  // nothing to run
  EXPECT_EQ(TrackedCount(), 3);

  // dbmate's own table is the one thing the migrations do not create: adoption recorded it in
  // pgcrate.foreign_tracking, so the check leaves it out while it stays (the way back).
  CliRun check = Run({"migrate", "check"});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_NE(check.out.find("No drift"), std::string::npos) << check.out;
  EXPECT_EQ(Scalar("SELECT to_regclass('public.schema_migrations') IS NOT NULL"), "t");
  EXPECT_EQ(Scalar("SELECT tool FROM pgcrate.foreign_tracking WHERE schema_name = 'public' AND "
                   "relation = 'schema_migrations'"),
            "dbmate");
  // Only that table: anything else made by hand is still drift.
  Exec("CREATE TABLE public.made_by_hand (id int)");
  CliRun drift = Run({"migrate", "check"});
  EXPECT_EQ(drift.exit_code, 1) << drift.out << drift.err;
  EXPECT_NE(drift.out.find("made_by_hand"), std::string::npos) << drift.out;
  EXPECT_EQ(drift.out.find("schema_migrations"), std::string::npos) << drift.out;
  Exec("DROP TABLE public.made_by_hand");
  Exec("DROP TABLE public.schema_migrations");  // finishing the switch changes nothing
  EXPECT_EQ(Run({"migrate", "check"}).exit_code, 0);
}

TEST_F(MigrateImport, DbmateAdoptRecordsAppliedKeepsPendingAndReportsUnknownVersions) {
  WriteDbmateProject();
  Exec(
      "CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY);"
      "INSERT INTO schema_migrations VALUES ('20240101000000'), ('20240102000000'), "
      "('20231231000000')");
  CliRun r = Run({"--json", "migrate", "import", "--from", "dbmate", "dbmate", "--adopt"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(JsonField(r.out, "/adopt/recorded/1"), "20240102000000");
  EXPECT_EQ(JsonField(r.out, "/adopt/pending/0"), "20240103000000");
  EXPECT_EQ(JsonField(r.out, "/adopt/applied_without_file/0"), "20231231000000");
  EXPECT_EQ(JsonField(r.out, "/migrations/0/source_name"), "create users 'x' $(id) é");
  EXPECT_EQ(JsonField(r.out, "/migrations/1/no_transaction"), "true");
  EXPECT_EQ(TrackedCount(), 2);
  EXPECT_EQ(Scalar("SELECT to_regclass('public.users') IS NULL"), "t") << "nothing ran";
  EXPECT_EQ(Run({"migrate", "verify"}).exit_code, 0) << "checksums are the written files'";
  CliRun status = Run({"--json", "migrate", "status"});
  EXPECT_EQ(JsonField(status.out, "/counts/pending"), "1");
  // Again: the same files are there unchanged, the rows are already recorded.
  CliRun again = Run({"--json", "migrate", "import", "--from", "dbmate", "dbmate", "--adopt"});
  ASSERT_EQ(again.exit_code, 0) << again.out;
  EXPECT_EQ(JsonField(again.out, "/migrations/0/state"), "unchanged");
  EXPECT_EQ(JsonField(again.out, "/adopt/already_recorded/1"), "20240102000000");
  EXPECT_EQ(TrackedCount(), 2);
}

TEST_F(MigrateImport, AbsentTrackingTableIsAClearErrorAndNothingIsWritten) {
  WriteDbmateProject();
  CliRun r = Run({"migrate", "import", "--from", "dbmate", "dbmate", "--adopt"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("schema_migrations does not exist"), std::string::npos) << r.err;
  EXPECT_FALSE(base::Exists(Abs("db/migrations")) && FilesIn("db/migrations") > 0);
  EXPECT_FALSE(PgcrateTableExists());
}

TEST_F(MigrateImport, QuotedTrackingTableNameFromTableFlag) {
  WriteDbmateProject();
  Exec(
      "CREATE SCHEMA \"we ird\"; CREATE TABLE \"we ird\".\"dbmate \"\"log\"\"\" "
      "(version text); INSERT INTO \"we ird\".\"dbmate \"\"log\"\"\" VALUES ('20240101000000')");
  CliRun r = Run({"migrate", "import", "--from", "dbmate", "dbmate", "--adopt", "--table",
                  "we ird.dbmate \"log\""});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(TrackedCount(), 1);
}

TEST_F(MigrateImport, ExistingTargetFileIsRefusedAndNothingIsWritten) {
  WriteDbmateProject();
  Write("20240102000000", "email_index", "-- up\nSELECT 1;\n");
  CliRun r = Run({"migrate", "import", "--from", "dbmate", "dbmate"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("exists with other content"), std::string::npos) << r.err;
  EXPECT_EQ(FilesIn("db/migrations"), 1);
  EXPECT_EQ(base::ReadFile(Abs("db/migrations/20240102000000_email_index.sql")).value(),
            "-- up\nSELECT 1;\n");
}

TEST_F(MigrateImport, DryRunShowsTheMappingAndWritesNothing) {
  WriteDbmateProject();
  CliRun r = Run({"migrate", "import", "--from", "dbmate", "dbmate", "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("20240102000000_email_index.sql -> db/migrations/"
                       "20240102000000_email_index.sql  [no-transaction]"),
            std::string::npos)
      << r.out;
  CliRun j = Run({"--json", "migrate", "import", "--from", "dbmate", "dbmate", "--dry-run"});
  EXPECT_EQ(JsonField(j.out, "/ok"), "true");
  EXPECT_EQ(JsonField(j.out, "/migrations/2/state"), "would_write");
  EXPECT_FALSE(base::Exists(Abs("db/migrations")));
}

TEST_F(MigrateImport, UsageErrorsExitTwo) {
  WriteRaw("pairs/1_a.up.sql", "SELECT 1;\n");
  EXPECT_EQ(Run({"migrate", "import", "--from", "liquibase", "pairs"}).exit_code, 2);
  EXPECT_EQ(Run({"migrate", "import", "--from", "pairs", "pairs", "--adopt"}).exit_code, 2);
  CliRun bad = Run({"--json", "migrate", "import", "--from", "pairs", "pairs"});
  EXPECT_EQ(bad.exit_code, 1) << "a pair without its down file";
  EXPECT_EQ(JsonField(bad.out, "/ok"), "false");
}

TEST_F(MigrateImport, GolangMigrateDirtyStateIsRefusedThenCleanStateIsAdopted) {
  WriteRaw("gm/000001_users.up.sql", "CREATE TABLE users (id int);\n");
  WriteRaw("gm/000001_users.down.sql", "DROP TABLE users;\n");
  WriteRaw("gm/000002_idx.up.sql", "CREATE INDEX CONCURRENTLY ui ON users (id);\n");
  WriteRaw("gm/000003_more.up.sql", "CREATE TABLE more (id int);\n");
  Exec(
      "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean "
      "NOT NULL); INSERT INTO schema_migrations VALUES (2, true)");
  CliRun dirty = Run({"migrate", "import", "--from", "golang-migrate", "gm", "--adopt"});
  EXPECT_EQ(dirty.exit_code, 1);
  EXPECT_NE(dirty.err.find("dirty"), std::string::npos) << dirty.err;
  EXPECT_FALSE(base::Exists(Abs("db/migrations")));
  EXPECT_FALSE(PgcrateTableExists());
  Exec("UPDATE schema_migrations SET dirty = false");
  CliRun ok = Run({"--json", "migrate", "import", "--from", "golang-migrate", "gm", "--adopt"});
  ASSERT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_EQ(JsonField(ok.out, "/adopt/recorded/1"), "00000000000002");
  EXPECT_EQ(JsonField(ok.out, "/adopt/pending/0"), "00000000000003");
  EXPECT_EQ(TrackedCount(), 2);
}

TEST_F(MigrateImport, FlywayHistoryWithBaselineUndoAndFailures) {
  WriteRaw("fw/V1__init.sql", "CREATE TABLE a (id int);\n");
  WriteRaw("fw/V1.1__b.sql", "CREATE TABLE b (id int);\n");
  WriteRaw("fw/U1.1__b.sql", "DROP TABLE b;\n");
  WriteRaw("fw/V2__c.sql", "CREATE TABLE c (id int);\n");
  WriteRaw("fw/V3__d.sql", "CREATE TABLE d (id int);\n");
  WriteRaw("fw/R__v.sql", "CREATE OR REPLACE VIEW v AS SELECT 1 AS x;\n");
  Exec(
      "CREATE TABLE flyway_schema_history (installed_rank int PRIMARY KEY, version "
      "varchar(50), description varchar(200) NOT NULL, type varchar(20) NOT NULL, script "
      "varchar(1000) NOT NULL, checksum int, installed_by varchar(100) NOT NULL, installed_on "
      "timestamp NOT NULL DEFAULT now(), execution_time int NOT NULL, success boolean NOT NULL);"
      "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, "
      "installed_by, execution_time, success) VALUES "
      "(1, '1', '<< Flyway Baseline >>', 'BASELINE', '<< Flyway Baseline >>', 'x', 0, true),"
      "(2, '1.1', 'b', 'SQL', 'V1.1__b.sql', 'x', 1, true),"
      "(3, '1.1', 'b', 'UNDO_SQL', 'U1.1__b.sql', 'x', 1, true),"
      "(4, '2', 'c', 'SQL', 'V2__c.sql', 'x', 1, true),"
      "(5, '3', 'd', 'SQL', 'V3__d.sql', 'x', 1, false),"
      "(6, NULL, 'v', 'SQL', 'R__v.sql', 'x', 1, true)");
  CliRun r = Run({"--json", "migrate", "import", "--from", "flyway", "fw", "--adopt"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(JsonField(r.out, "/adopt/applied/0"), "00000000000010");  // baseline 1
  EXPECT_EQ(JsonField(r.out, "/adopt/applied/1"), "00000000000020");  // 2
  EXPECT_EQ(JsonField(r.out, "/adopt/pending/0"), "00000000000011");  // 1.1 undone
  EXPECT_EQ(JsonField(r.out, "/adopt/pending/1"), "00000000000030");  // 3 failed
  EXPECT_EQ(TrackedCount(), 2);
  EXPECT_TRUE(base::Exists(Abs("db/code/v.sql")));
}

TEST_F(MigrateImport, SqitchChangesOfTheProjectAreAdopted) {
  WriteRaw("sq/sqitch.plan",
           "%syntax-version=1.0.0\n%project=flipr\n\n"
           "appschema 2024-01-01T10:00:00Z Marge <m@example.com> # schema\n"
           "users [appschema] 2024-01-02T10:00:00Z Marge <m@example.com> # users\n");
  WriteRaw("sq/deploy/appschema.sql", "BEGIN;\nCREATE SCHEMA flipr;\nCOMMIT;\n");
  WriteRaw("sq/revert/appschema.sql", "BEGIN;\nDROP SCHEMA flipr;\nCOMMIT;\n");
  WriteRaw("sq/deploy/users.sql", "BEGIN;\nCREATE TABLE flipr.users (id int);\nCOMMIT;\n");
  WriteRaw("sq/revert/users.sql", "DROP TABLE flipr.users;\n");
  Exec(
      "CREATE SCHEMA sqitch; CREATE TABLE sqitch.changes (change_id text PRIMARY KEY, "
      "script_hash text, change text NOT NULL, project text NOT NULL, note text NOT NULL "
      "DEFAULT '', committed_at timestamptz NOT NULL DEFAULT clock_timestamp(), "
      "committer_name text NOT NULL DEFAULT 'm', committer_email text NOT NULL DEFAULT 'm', "
      "planned_at timestamptz NOT NULL, planner_name text NOT NULL DEFAULT 'm', "
      "planner_email text NOT NULL DEFAULT 'm');"
      "INSERT INTO sqitch.changes (change_id, change, project, planned_at) VALUES "
      "('a1', 'appschema', 'flipr', '2024-01-01 11:00:00+01'),"
      "('b2', 'users', 'other', '2024-01-02 10:00:00+00')");
  CliRun r = Run({"--json", "migrate", "import", "--from", "sqitch", "sq", "--adopt"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(JsonField(r.out, "/adopt/recorded/0"), "20240101100000");
  EXPECT_EQ(JsonField(r.out, "/adopt/pending/0"), "20240102100000");
  EXPECT_EQ(TrackedCount(), 1);
  // The pending change runs under pgcrate with its own BEGIN/COMMIT.
  Exec("CREATE SCHEMA flipr");  // appschema was adopted, not run: what sqitch had made
  CliRun up = Run({"migrate", "up"});
  EXPECT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(Scalar("SELECT to_regclass('flipr.users') IS NOT NULL"), "t");
  // sqitch's registry is a schema of its own: left out of the drift check as a whole.
  Exec("CREATE TABLE sqitch.tags (tag_id text PRIMARY KEY)");
  CliRun check = Run({"migrate", "check"});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

}  // namespace
}  // namespace pgcrate::testing

// `migrate check` and `migrate autogenerate` through shadow databases, including the dev
// cluster fallback and Ctrl-C, end to end with the real binary.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>

#include "catalog_itest_util.h"

namespace pgcrate::testing {
namespace {

class Drift : public PgTest {
 protected:
  // Every shadow database a command announced ("shadow database NAME on ...") is gone, and
  // there was at least one.
  void ExpectShadowsDropped(const std::string& output) {
    int seen = 0;
    for (size_t at = output.find("shadow database "); at != std::string::npos;
         at = output.find("shadow database ", at + 1)) {
      size_t start = at + 16, end = output.find(' ', start);
      std::string name = output.substr(start, end - start);
      ++seen;
      EXPECT_EQ(Scalar("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'"), "0")
          << name << " was left behind";
    }
    EXPECT_GT(seen, 0) << "no shadow database announced in: " << output;
  }
  CliRun Pgcrate(const std::vector<std::string>& args) {
    std::vector<std::string> full = {"-d", url()};
    full.insert(full.end(), args.begin(), args.end());
    return RunPgcrate(full, {.cwd = project_.path()});
  }
  int MigrationCount() {
    int n = 0;
    for (const auto& e : std::filesystem::directory_iterator(project_.path() + "/db/migrations")) {
      n += e.is_regular_file();
    }
    return n;
  }
  TempDir project_;
};

TEST_F(Drift, CheckPassesOnCleanDatabaseAndFindsHandMadeColumn) {
  project_.Write("db/migrations/20250101000000_users.sql",
                 "-- up\nCREATE TABLE users (id bigint PRIMARY KEY, email text);\n"
                 "-- down\nDROP TABLE users;\n");
  ASSERT_EQ(Pgcrate({"migrate", "up"}).exit_code, 0);
  CliRun clean = Pgcrate({"--json", "migrate", "check"});
  EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
  EXPECT_EQ(JsonField(clean.out, "/drifted"), "false");
  Exec("ALTER TABLE users ADD COLUMN nickname text");
  CliRun drift = Pgcrate({"--json", "migrate", "check"});
  EXPECT_EQ(drift.exit_code, 1) << drift.out;
  EXPECT_EQ(JsonField(drift.out, "/drifted"), "true");
  EXPECT_EQ(JsonField(drift.out, "/summary/columns"), "1");
  EXPECT_NE(JsonField(drift.out, "/formatted_diff").find("+ column public.users.nickname"),
            std::string::npos);
  CliRun text = Pgcrate({"migrate", "check"});
  EXPECT_EQ(text.exit_code, 1);
  EXPECT_NE(text.out.find("drifted"), std::string::npos) << text.out;
  ExpectShadowsDropped(text.err);
}

TEST_F(Drift, CheckReportsABrokenMigrationWithItsFile) {
  project_.Write("db/migrations/20250101000000_bad.sql",
                 "-- up\nCREATE TABLE t (id int);\n"
                 "CREATE TABLE t (id int);\n");
  CliRun run = Pgcrate({"migrate", "check"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("20250101000000_bad.sql"), std::string::npos) << run.err;
  ExpectShadowsDropped(run.err);
}

TEST_F(Drift, AutogenerateWritesAMigrationThatUpAppliesAndCheckAccepts) {
  project_.Write("db/schema/10_users.sql",
                 "CREATE TYPE role AS ENUM ('user', 'admin');\n"
                 "CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE, "
                 "role role NOT NULL DEFAULT 'user');\n");
  project_.Write("db/schema/20_views.sql",
                 "CREATE VIEW admins AS SELECT id FROM users "
                 "WHERE role = 'admin';\n");
  CliRun gen = Pgcrate({"migrate", "autogenerate", "create users"});
  ASSERT_EQ(gen.exit_code, 0) << gen.err;
  EXPECT_EQ(MigrationCount(), 1);
  ASSERT_EQ(Pgcrate({"migrate", "up"}).exit_code, 0);
  EXPECT_EQ(Pgcrate({"migrate", "check"}).exit_code, 0);
  CliRun again = Pgcrate({"migrate", "autogenerate", "nothing"});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_NE(again.out.find("no changes"), std::string::npos) << again.out;
  EXPECT_EQ(MigrationCount(), 1);

  project_.Write("db/schema/10_users.sql",
                 "CREATE TYPE role AS ENUM ('user', 'staff', 'admin');\n"
                 "CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE, "
                 "role role NOT NULL DEFAULT 'user', name text);\n"
                 "CREATE INDEX users_name ON users (name);\n");
  CliRun second = Pgcrate({"--json", "migrate", "autogenerate", "add name"});
  ASSERT_EQ(second.exit_code, 0) << second.out;
  EXPECT_EQ(JsonField(second.out, "/changed"), "true");
  EXPECT_EQ(MigrationCount(), 2);
  ASSERT_EQ(Pgcrate({"migrate", "up"}).exit_code, 0);
  EXPECT_EQ(Pgcrate({"migrate", "check"}).exit_code, 0);
  CliRun down = Pgcrate({"migrate", "down", "--steps", "1", "--yes"});
  EXPECT_EQ(down.exit_code, 0) << down.err;
  EXPECT_EQ(Scalar("SELECT count(*) FROM pg_attribute WHERE attrelid = 'users'::regclass AND "
                   "attname = 'name'"),
            "0");
  ExpectShadowsDropped(gen.err);
}

TEST_F(Drift, AutogenerateNamesTheFailingSchemaFileAndLine) {
  project_.Write("db/schema/users.sql",
                 "CREATE TABLE users (id int);\n\nCREATE TABLE oops (x nosuchtype);\n");
  CliRun run = Pgcrate({"migrate", "autogenerate", "x"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("users.sql:3:"), std::string::npos) << run.err;
  EXPECT_FALSE(std::filesystem::exists(project_.path() + "/db/migrations"));
  ExpectShadowsDropped(run.err);
}

TEST_F(Drift, InterruptDropsTheShadowDatabase) {
  project_.Write("db/migrations/20250101000000_slow.sql", "-- up\nSELECT pg_sleep(30);\n");
  BackgroundPgcrate run({"-d", url(), "migrate", "check"}, project_.path());
  // Interrupt only once the migration runs inside the shadow database, however slow the
  // machine (a fixed delay raced the shadow database's creation under sanitizers).
  ASSERT_TRUE(WaitUntil(
      conn(),
      "SELECT count(*) > 0 FROM pg_stat_activity WHERE datname LIKE 'pgcrate_shadow_%' AND "
      "query LIKE '%pg_sleep(30)%'"))
      << run.err();
  run.Signal(SIGINT);
  EXPECT_EQ(run.Wait(), 130) << run.err();
  ExpectShadowsDropped(run.err());
}

TEST_F(Drift, FallsBackToTheDevClusterWithoutCreatedb) {
  Exec(
      "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pgcrate_nocreatedb') "
      "THEN CREATE ROLE pgcrate_nocreatedb LOGIN; END IF; END $$");
  Exec("CREATE TABLE t (id int)");
  project_.Write("db/migrations/20250101000000_t.sql", "-- up\nCREATE TABLE t (id int);\n");
  std::string limited = url() + "&user=pgcrate_nocreatedb";
  CliRun run = RunPgcrate({"-d", limited, "--json", "migrate", "check"}, {.cwd = project_.path()});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(JsonField(run.out, "/shadow"), "the pgcrate dev cluster");
  CliRun status = RunPgcrate({"--json", "dev", "status"}, {.cwd = project_.path()});
  EXPECT_EQ(JsonField(status.out, "/running"), "false") << "the dev cluster was stopped again";
}

}  // namespace
}  // namespace pgcrate::testing

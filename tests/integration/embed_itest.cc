// The embeddable API (include/pgcrate/migrator.h) against the real server: what an
// application that migrates its own database at start-up relies on.
#include <gtest/gtest.h>

#include <thread>

#include "base/process.h"
#include "pgcrate/pgcrate.h"
#include "support/pg_test.h"

namespace pgcrate::testing {
namespace {

class MigratorTest : public PgTest {
 protected:
  MigratorOptions Options() const {
    MigratorOptions o;
    o.database_url = url();
    o.migrations_dir = dir_.path() + "/db/migrations";
    return o;
  }
  void Write(const std::string& version, const std::string& name, const std::string& body) {
    dir_.Write("db/migrations/" + version + "_" + name + ".sql", body);
  }
  std::unique_ptr<Migrator> Open() {
    auto m = Migrator::Open(Options());
    EXPECT_TRUE(m.ok()) << m.status().ToString();
    return m.ok() ? std::move(m).value() : nullptr;
  }
  TempDir dir_;
};

// A library migrating its own module: files created through the API (next NNN_ number),
// templates expanded in the module's schema, rows under the module's name, down --to.
TEST_F(MigratorTest, AModuleCreatesItsFilesAndMigratesIntoItsSchema) {
  MigratorOptions o = Options();
  o.migrations_dir = dir_.path() + "/auth";
  o.module = "auth";
  o.schema = "Auth Lib";
  auto opened = Migrator::Open(o);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  Migrator& m = **opened;
  auto first = m.CreateMigration("Create Users",
                                 "CREATE SCHEMA {{schema}};\n"
                                 "CREATE TABLE {{tables.users}} (id int);",
                                 "DROP TABLE {{tables.users}};");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(*first, dir_.path() + "/auth/001_create_users.sql");
  auto second = m.CreateMigration("roles", "CREATE TABLE {{tables.roles}} (id int);",
                                  "DROP TABLE {{tables.roles}};");
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(*second, dir_.path() + "/auth/002_roles.sql");
  EXPECT_FALSE(m.CreateMigration("!!", "SELECT 1;").ok());
  auto up = m.Up();
  ASSERT_TRUE(up.ok()) << up.status().ToString();
  EXPECT_EQ(up->done.size(), 2u);
  EXPECT_EQ(Scalar("SELECT to_regclass('\"Auth Lib\".roles') IS NOT NULL"), "t");
  auto down = m.Down({.to_version = "001"});
  ASSERT_TRUE(down.ok()) << down.status().ToString();
  EXPECT_EQ(Scalar("SELECT to_regclass('\"Auth Lib\".roles') IS NULL"), "t");
  EXPECT_EQ(Scalar("SELECT string_agg(version || ':' || (rolled_back_at IS NULL), ',' ORDER BY "
                   "id) FROM pgcrate.schema_migrations WHERE module = 'auth'"),
            "001:true,002:false");
}

// check_drift: the first run records the module schema's objects; a change made by hand is
// then reported (kWarn) or refuses Up (kError) until a migration run re-records the schema.
TEST_F(MigratorTest, CheckDriftSeesHandMadeChangesToTheModuleSchema) {
  MigratorOptions o = Options();
  o.migrations_dir = dir_.path() + "/billing";
  o.module = "billing";
  o.schema = "billing";
  o.check_drift = DriftCheck::kError;
  dir_.Write("billing/001_init.sql",
             "-- up\nCREATE SCHEMA {{schema}};\nCREATE TABLE {{tables.invoices}} (id int);\n"
             "CREATE FUNCTION {{schema}}.total() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n");
  auto m = Migrator::Open(o);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  auto first = (*m)->Up();
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(first->drift.empty());
  auto clean = (*m)->ReadStatus();
  ASSERT_TRUE(clean.ok());
  EXPECT_TRUE(clean->drift.empty());
  Exec(
      "ALTER TABLE billing.invoices ADD COLUMN note text; CREATE TABLE billing.scratch (x int); "
      "DROP FUNCTION billing.total()");
  auto refused = (*m)->Up();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Code::kConflict);
  EXPECT_NE(refused.status().details().find("~table billing.invoices"), std::string::npos)
      << refused.status().details();
  EXPECT_NE(refused.status().details().find("+table billing.scratch"), std::string::npos);
  EXPECT_NE(refused.status().details().find("-function billing.total()"), std::string::npos);
  // kWarn reports and runs; the run that changes the schema records it again.
  o.check_drift = DriftCheck::kWarn;
  dir_.Write("billing/002_more.sql", "-- up\nALTER TABLE {{tables.invoices}} ADD total int;\n");
  auto warn = Migrator::Open(o);
  ASSERT_TRUE(warn.ok());
  auto run = (*warn)->Up();
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_EQ(run->drift.size(), 3u);
  EXPECT_EQ(run->done.size(), 1u);
  auto after = (*warn)->ReadStatus();
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->drift.empty());
}

TEST_F(MigratorTest, StatusUpAndDown) {
  Write("20250101000000", "users",
        "-- up\nCREATE TABLE users (id bigint PRIMARY KEY);\n"
        "-- down\nDROP TABLE users;\n");
  Write("20250102000000", "posts", "-- up\nCREATE TABLE posts (id bigint);\n");
  auto m = Open();
  ASSERT_TRUE(m);
  auto before = m->ReadStatus();
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  EXPECT_TRUE(before->applied.empty());
  ASSERT_EQ(before->pending.size(), 2u);
  EXPECT_EQ(before->pending[0].name, "users");
  EXPECT_TRUE(before->pending[0].has_down);
  EXPECT_FALSE(before->pending[1].has_down);

  auto dry = m->Up({.dry_run = true});
  ASSERT_TRUE(dry.ok());
  EXPECT_EQ(dry->planned.size(), 2u);
  EXPECT_TRUE(dry->done.empty());
  EXPECT_EQ(Scalar("SELECT to_regclass('users') IS NULL"), "t");

  auto run = m->Up();
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  ASSERT_EQ(run->done.size(), 2u);
  EXPECT_EQ(run->duration_ms.size(), 2u);
  EXPECT_EQ(Scalar("SELECT count(*) FROM pgcrate.schema_migrations"), "2");
  auto after = m->ReadStatus();
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->applied.size(), 2u);
  EXPECT_FALSE(after->applied[0].applied_at.empty());
  EXPECT_TRUE(after->pending.empty());

  // The newest migration has no down section: refused before anything runs.
  auto refused = m->Down({.steps = 2});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Code::kRefused);
  EXPECT_EQ(Scalar("SELECT count(*) FROM pgcrate.schema_migrations"), "2");
  Write("20250102000000", "posts",
        "-- up\nCREATE TABLE posts (id bigint);\n"
        "-- down\nDROP TABLE posts;\n");
  auto changed = m->ReadStatus();
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed->changed_files, std::vector<std::string>{"20250102000000"});
  auto down = m->Down({.steps = 2});
  ASSERT_TRUE(down.ok()) << down.status().ToString();
  EXPECT_EQ(down->done.size(), 2u);
  EXPECT_EQ(down->done[0].version, "20250102000000");
  EXPECT_EQ(Scalar("SELECT count(*) FROM pgcrate.schema_migrations WHERE rolled_back_at IS NULL"),
            "0");
  // The rows stay as history.
  EXPECT_EQ(Scalar("SELECT count(*) FROM pgcrate.schema_migrations"), "2");
}

TEST_F(MigratorTest, AFailingMigrationNamesItsLineAndLeavesNothing) {
  Write("20250101000000", "ok", "-- up\nCREATE TABLE a (id int);\n");
  Write("20250102000000", "bad",
        "-- up\nCREATE TABLE b (id int);\n\nINSERT INTO b VALUES ('x');\n");
  auto m = Open();
  ASSERT_TRUE(m);
  auto run = m->Up();
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.status().code(), Code::kQuery);
  EXPECT_NE(run.status().location().file.find("20250102000000_bad.sql"), std::string::npos);
  EXPECT_EQ(run.status().location().line, 4) << run.status().ToString();
  EXPECT_EQ(run.status().sqlstate(), "22P02");
  EXPECT_EQ(Scalar("SELECT to_regclass('a') IS NOT NULL AND to_regclass('b') IS NULL"), "t");
  auto s = m->ReadStatus();
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->applied.size(), 1u);
  EXPECT_EQ(s->pending.size(), 1u);
}

TEST_F(MigratorTest, ConcurrentMigratorsApplyEachMigrationOnce) {
  for (int i = 1; i <= 30; ++i) {
    char version[15];
    std::snprintf(version, sizeof version, "202501%08d", i);
    Write(version, "t" + std::to_string(i),
          "-- up\nCREATE TABLE t" + std::to_string(i) + " (id int);\n");
  }
  std::vector<Result<MigrationRun>> results(4, Status(Code::kInternal, "not run"));
  std::vector<std::thread> runners;
  for (size_t i = 0; i < results.size(); ++i) {
    runners.emplace_back([this, &results, i] {
      auto m = Migrator::Open(Options());
      results[i] = m.ok() ? (*m)->Up() : Result<MigrationRun>(m.status());
    });
  }
  for (auto& t : runners) t.join();
  size_t total = 0;
  for (auto& r : results) {
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    total += r->done.size();
  }
  EXPECT_EQ(total, 30u);
  EXPECT_EQ(Scalar("SELECT count(*) FROM pgcrate.schema_migrations"), "30");
}

// The `[migrate] lint` gate is an option of the engine, so the library and the CLI run the
// same protocol: with the gate on kError, a pending migration with an error-level finding is
// refused by Migrator::Up (nothing applied, the findings in details()) exactly as
// `pgcrate migrate up` refuses it with `[migrate] lint = "error"`; kWarn applies it and
// reports the finding.
TEST_F(MigratorTest, TheLintGateRefusesAnErrorFindingLikeTheCli) {
  Exec("CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint)");
  Exec("INSERT INTO orders SELECT g, g FROM generate_series(1, 20000) g; ANALYZE orders");
  Write("20250101000000", "index",
        "-- up\nCREATE INDEX idx_orders_user_id ON orders (user_id);\n"
        "-- down\nDROP INDEX idx_orders_user_id;\n");
  const std::string index_count =
      "SELECT count(*) FROM pg_indexes WHERE indexname = 'idx_orders_user_id'";
  MigratorOptions o = Options();
  o.lint = LintGate::kError;
  auto gated = Migrator::Open(o);
  ASSERT_TRUE(gated.ok()) << gated.status().ToString();
  auto refused = (*gated)->Up();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Code::kRefused) << refused.status().ToString();
  EXPECT_NE(refused.status().details().find("require-concurrent-index-creation"), std::string::npos)
      << refused.status().details();
  EXPECT_EQ(Scalar(index_count), "0");
  auto dry = (*gated)->Up({.dry_run = true});
  EXPECT_EQ(dry.status().code(), Code::kRefused);

  CliOptions cli;
  cli.cwd = dir_.path();
  dir_.Write("pgcrate.toml", "[migrate]\nlint = \"error\"\n");
  CliRun cli_refused = RunPgcrate({"-d", url(), "migrate", "up"}, cli);
  EXPECT_EQ(cli_refused.exit_code, 1) << cli_refused.out << cli_refused.err;
  EXPECT_NE(cli_refused.err.find("require-concurrent-index-creation"), std::string::npos)
      << cli_refused.err;
  EXPECT_EQ(Scalar(index_count), "0");

  o.lint = LintGate::kWarn;
  auto warned = Migrator::Open(o);
  ASSERT_TRUE(warned.ok());
  auto run = (*warned)->Up();
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_EQ(run->done.size(), 1u);
  ASSERT_EQ(run->lint_findings.size(), 1u);
  EXPECT_EQ(run->lint_findings[0].rule, "require-concurrent-index-creation");
  EXPECT_EQ(run->lint_findings[0].severity, "error");
  EXPECT_EQ(run->lint_findings[0].line, 2);
  EXPECT_EQ(Scalar(index_count), "1");
}

TEST_F(MigratorTest, TheLintGateIsOffByDefaultAndItsSettingsAreChecked) {
  Exec("CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint)");
  Exec("INSERT INTO orders SELECT g, g FROM generate_series(1, 20000) g; ANALYZE orders");
  Write("20250101000000", "index",
        "-- up\nCREATE INDEX idx_orders_user_id ON orders (user_id);\n"
        "-- down\nDROP INDEX idx_orders_user_id;\n");
  MigratorOptions o = Options();
  o.lint = LintGate::kError;
  o.lint_settings.disable = {"require-concurrent-index-creation-typo"};
  EXPECT_EQ(Migrator::Open(o).status().code(), Code::kUsage);
  o.lint_settings.disable = {};
  o.lint_settings.severity = {{"require-concurrent-index-creation", "loud"}};
  EXPECT_EQ(Migrator::Open(o).status().code(), Code::kUsage);
  o.lint_settings.severity = {{"require-concurrent-index-creation", "warning"}};
  auto downgraded = Migrator::Open(o);
  ASSERT_TRUE(downgraded.ok());
  auto dry = (*downgraded)->Up({.dry_run = true});
  ASSERT_TRUE(dry.ok()) << dry.status().ToString();
  ASSERT_EQ(dry->lint_findings.size(), 1u);
  EXPECT_EQ(dry->lint_findings[0].severity, "warning");
  auto m = Open();
  ASSERT_TRUE(m);
  auto run = m->Up();
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_EQ(run->done.size(), 1u);
  EXPECT_TRUE(run->lint_findings.empty());
}

TEST_F(MigratorTest, BadConnectionAndBadOptionsAreErrorsWithoutThePassword) {
  MigratorOptions o = Options();
  o.database_url = "postgresql://someone:s3cret-pw@127.0.0.1:1/nowhere";
  o.connect_timeout_seconds = 2;
  auto m = Migrator::Open(o);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), Code::kConnection);
  EXPECT_EQ(m.status().ToString().find("s3cret-pw"), std::string::npos) << m.status().ToString();
  o = Options();
  o.lock_retries = -1;
  EXPECT_EQ(Migrator::Open(o).status().code(), Code::kUsage);
  o = Options();
  o.migrations_dir = dir_.path() + "/nope";
  auto opened = Migrator::Open(o);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ((*opened)->ReadStatus().status().code(), Code::kNotFound);
}

}  // namespace
}  // namespace pgcrate::testing

namespace pgcrate::testing {
namespace {

// The installed package: `cmake --install --component devel`, then examples/embed (a separate
// CMake project using find_package(pgcrate)) is configured, built and run against this test's
// database, twice (the second run finds nothing pending).
TEST_F(MigratorTest, InstalledPackageBuildsTheEmbedExample) {
  if (PGCRATE_SANITIZED) {
    GTEST_SKIP() << "a sanitizer build's libraries need the sanitizer runtime in the consumer";
  }
  TempDir work;
  const std::string prefix = work.path() + "/prefix", build = work.path() + "/build";
  auto run = [](const std::vector<std::string>& argv) {
    auto r = base::RunProcess(argv, {.capture = true});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : base::ProcessResult{};
  };
  auto install =
      run({"cmake", "--install", PGCRATE_BUILD_DIR, "--prefix", prefix, "--component", "devel"});
  ASSERT_EQ(install.exit_code, 0) << install.output;
  auto configure = run({"cmake", "-S", std::string(PGCRATE_SOURCE_DIR) + "/examples/embed", "-B",
                        build, "-DCMAKE_PREFIX_PATH=" + prefix});
  ASSERT_EQ(configure.exit_code, 0) << configure.output;
  auto compile = run({"cmake", "--build", build});
  ASSERT_EQ(compile.exit_code, 0) << compile.output;

  // The application's module and the embedded library's, both numbered 001, 002.
  dir_.Write("app/001_users.sql",
             "-- up\nCREATE SCHEMA {{schema}};\nCREATE TABLE {{tables.users}} (id bigint "
             "PRIMARY KEY);\n");
  dir_.Write("app/002_users_email.sql", "-- up\nALTER TABLE {{tables.users}} ADD email text;\n");
  dir_.Write("audit/001_log.sql",
             "-- up\nCREATE SCHEMA IF NOT EXISTS {{schema}};\n"
             "CREATE TABLE {{schema}}.log (at timestamptz);\n");
  const std::string program = build + "/migrate_on_start";
  auto first = run({program, url(), dir_.path() + "/app", dir_.path() + "/audit"});
  EXPECT_EQ(first.exit_code, 0) << first.output;
  EXPECT_NE(first.output.find("app: applied 002_users_email"), std::string::npos) << first.output;
  EXPECT_NE(first.output.find("module app: 2 applied, 0 pending"), std::string::npos)
      << first.output;
  EXPECT_NE(first.output.find("module audit: 1 applied, 0 pending"), std::string::npos)
      << first.output;
  auto second = run({program, url(), dir_.path() + "/app", dir_.path() + "/audit"});
  EXPECT_EQ(second.exit_code, 0);
  EXPECT_EQ(second.output.find("applied 00"), std::string::npos) << second.output;
  EXPECT_EQ(Scalar("SELECT string_agg(module || ':' || version, ',' ORDER BY id) FROM "
                   "pgcrate.schema_migrations"),
            "app:001,app:002");
  EXPECT_EQ(Scalar("SELECT string_agg(module || ':' || version, ',') FROM "
                   "audit.schema_migrations"),
            "audit:001");
  EXPECT_EQ(Scalar("SELECT to_regclass('app.users') IS NOT NULL AND "
                   "to_regclass('audit.log') IS NOT NULL"),
            "t");
}

}  // namespace
}  // namespace pgcrate::testing

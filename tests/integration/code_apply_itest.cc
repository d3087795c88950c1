// `pgcrate plan | apply | watch` against the real server: every object kind created in
// dependency order from files named in the wrong order, a migration altering a column under
// views and functions in one transaction, failures rolling everything back, deleted files,
// duplicate definitions, cycles, table DDL in the code folder, objects pgcrate did not create,
// in-place function replacement, and `watch` applying an edit.
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/pg_test.h"

namespace pgcrate::testing {
namespace {

using json = nlohmann::json;

class CodeTest : public PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    dir_.Write("pgcrate.toml", "[paths]\nmigrations = \"db/migrations\"\ncode = \"db/code\"\n");
    std::filesystem::create_directories(dir_.path() + "/db/migrations");
    Exec("CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL, score integer)");
    Exec("INSERT INTO users VALUES (1, 'ann', 10), (2, 'bob', 20)");
  }
  CliRun Run(std::vector<std::string> args) {
    std::vector<std::string> full = {"-d", url()};
    full.insert(full.end(), args.begin(), args.end());
    CliOptions o;
    o.cwd = dir_.path();
    return RunPgcrate(full, o);
  }
  void Code(const std::string& rel, const std::string& sql) { dir_.Write("db/code/" + rel, sql); }
  void Migration(const std::string& file, const std::string& sql) {
    dir_.Write("db/migrations/" + file, "-- up\n" + sql + "\n");
  }
  // Rows of `table`, 0 when it does not exist.
  int Rows(const std::string& table) {
    if (Scalar("SELECT to_regclass('" + table + "') IS NULL") == "t") return 0;
    return std::stoi(Scalar("SELECT count(*) FROM " + table));
  }
  bool Exists(const std::string& regclass) {
    return Scalar("SELECT to_regclass('" + regclass + "') IS NOT NULL") == "t";
  }
  TempDir dir_;
};

TEST_F(CodeTest, EveryKindCreatedInDependencyOrderFromFilesInTheWrongOrder) {
  // a_ sorts first but depends on everything below it.
  Code("a_top.sql",
       "CREATE VIEW top_users AS SELECT id, label FROM ranked_users WHERE rank_of(score) < 1000;\n"
       "COMMENT ON VIEW top_users IS 'the best';\n"
       "GRANT SELECT ON top_users TO PUBLIC;\n");
  Code("m/b_mid.sql",
       "CREATE VIEW ranked_users AS SELECT id, score, (name || '!')::label_t AS label "
       "FROM base_users;\n"
       "CREATE FUNCTION rank_of(s integer) RETURNS integer LANGUAGE sql IMMUTABLE "
       "AS 'SELECT clamp_score(s)';\n");
  Code("z/z_base.sql",
       "CREATE DOMAIN label_t AS text CHECK (length(VALUE) > 0);\n"
       "CREATE TYPE mood AS ENUM ('happy', 'sad');\n"
       "CREATE TYPE pair AS (a integer, b mood);\n"
       "CREATE TYPE floatrange AS RANGE (subtype = float8);\n"
       "CREATE VIEW base_users AS SELECT id, name, score FROM users;\n"
       "CREATE MATERIALIZED VIEW user_count AS SELECT count(*) AS n FROM base_users;\n"
       "CREATE FUNCTION clamp_score(s integer) RETURNS integer LANGUAGE sql IMMUTABLE "
       "AS 'SELECT least(s, 100)';\n"
       "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
       "NEW.score := clamp_score(NEW.score); RETURN NEW; END $$;\n"
       "CREATE TRIGGER users_touch BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION touch();\n"
       "CREATE POLICY users_read ON users FOR SELECT USING (score >= 0);\n"
       "CREATE FUNCTION add_int(a integer, b integer) RETURNS integer LANGUAGE sql "
       "AS 'SELECT a + b';\n"
       "CREATE AGGREGATE total(integer) (sfunc = add_int, stype = integer, initcond = '0');\n"
       "CREATE PROCEDURE bump(n integer) LANGUAGE sql AS 'UPDATE users SET score = score + n';\n");

  CliRun apply = Run({"apply"});
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  EXPECT_TRUE(Exists("top_users"));
  EXPECT_TRUE(Exists("user_count"));
  EXPECT_EQ(Scalar("SELECT count(*) FROM top_users"), "2");
  EXPECT_EQ(Scalar("SELECT obj_description('top_users'::regclass)"), "the best");
  EXPECT_EQ(Scalar("SELECT total(score) FROM users"), "30");
  EXPECT_EQ(Scalar("SELECT count(*) FROM pg_trigger WHERE tgname = 'users_touch'"), "1");
  EXPECT_EQ(Scalar("SELECT count(*) FROM pg_policy WHERE polname = 'users_read'"), "1");
  EXPECT_EQ(Scalar("SELECT to_regtype('pair') IS NOT NULL AND to_regtype('floatrange') IS NOT "
                   "NULL AND to_regtype('label_t') IS NOT NULL"),
            "t");
  EXPECT_EQ(Scalar("SELECT to_regprocedure('bump(integer)') IS NOT NULL"), "t");
  Exec("INSERT INTO users VALUES (3, 'cy', 500)");  // the trigger clamps it
  EXPECT_EQ(Scalar("SELECT score FROM users WHERE id = 3"), "100");
  EXPECT_EQ(Scalar("SELECT count(*) FROM pgcrate.code_objects"), "16");

  CliRun again = Run({"plan", "--exit-code"});
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_NE(again.out.find("Nothing to do"), std::string::npos) << again.out;
  CliRun noop = Run({"apply"});
  EXPECT_EQ(noop.exit_code, 0) << noop.err;
  EXPECT_NE(noop.out.find("Nothing to do"), std::string::npos) << noop.out;
}

TEST_F(CodeTest, MigrationAlteringAColumnUnderViewsAndFunctionsRunsInOneApply) {
  Code("views.sql",
       "CREATE VIEW v_scores AS SELECT id, score FROM users;\n"
       "CREATE VIEW v_top AS SELECT id FROM v_scores WHERE score > 5;\n"
       "CREATE FUNCTION best() RETURNS SETOF v_scores LANGUAGE sql STABLE "
       "BEGIN ATOMIC SELECT * FROM v_scores ORDER BY score DESC; END;\n");
  ASSERT_EQ(Run({"apply"}).exit_code, 0);
  Migration("20250101000000_widen_score.sql", "ALTER TABLE users ALTER COLUMN score TYPE bigint;");

  // migrate up alone would fail on the dependent views: it stops before running anything.
  CliRun up = Run({"migrate", "up"});
  EXPECT_EQ(up.exit_code, 1) << up.out << up.err;
  EXPECT_NE(up.err.find("pgcrate apply"), std::string::npos) << up.err;
  EXPECT_NE(up.err.find("view public.v_scores"), std::string::npos) << up.err;
  EXPECT_EQ(Scalar("SELECT count(*) FROM pgcrate.schema_migrations"), "0");

  CliRun plan = Run({"--json", "plan", "--exit-code"});
  EXPECT_EQ(plan.exit_code, 1) << plan.out << plan.err;
  json doc = json::parse(plan.out);
  ASSERT_EQ(doc["pending_migrations"].size(), 1u) << plan.out;
  EXPECT_GE(doc["pending_migrations"][0]["affected"].size(), 1u) << plan.out;
  std::vector<std::string> actions;
  for (const auto& s : doc["steps"]) actions.push_back(s["action"]);
  // Drops first (dependents before what they depend on), the migration, then creates.
  ASSERT_EQ(actions.size(), 7u) << plan.out;
  EXPECT_EQ(actions[3], "migrate") << plan.out;
  EXPECT_EQ(doc["steps"][0]["object"], "function public.best()") << plan.out;

  CliRun apply = Run({"apply"});
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  EXPECT_EQ(Scalar("SELECT data_type FROM information_schema.columns WHERE table_name = "
                   "'v_scores' AND column_name = 'score'"),
            "bigint");
  EXPECT_EQ(Scalar("SELECT count(*) FROM v_top"), "2");
  EXPECT_EQ(Scalar("SELECT count(*) FROM pgcrate.schema_migrations"), "1");
  EXPECT_EQ(Run({"plan", "--exit-code"}).exit_code, 0);
}

TEST_F(CodeTest, AFailingObjectRollsBackTheMigrationAndEverythingElse) {
  Code("a.sql", "CREATE VIEW v_ok AS SELECT id FROM users;\n");
  Code("b.sql", "CREATE VIEW v_bad AS\n  SELECT id, no_such_column FROM users;\n");
  Migration("20250101000000_add_email.sql", "ALTER TABLE users ADD COLUMN email text;");
  CliRun apply = Run({"apply"});
  EXPECT_EQ(apply.exit_code, 1) << apply.out << apply.err;
  EXPECT_NE(apply.err.find("b.sql:2"), std::string::npos) << apply.err;
  EXPECT_NE(apply.err.find("view public.v_bad"), std::string::npos) << apply.err;
  EXPECT_NE(apply.err.find("rolled back as a whole"), std::string::npos) << apply.err;
  EXPECT_FALSE(Exists("v_ok"));
  EXPECT_EQ(Scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' "
                   "AND column_name = 'email'"),
            "0");
  EXPECT_EQ(Rows("pgcrate.code_objects"), 0);
  EXPECT_EQ(Rows("pgcrate.schema_migrations"), 0);
  // The plan is the same as before.
  CliRun plan = Run({"--json", "plan"});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  json doc = json::parse(plan.out);
  EXPECT_EQ(doc["pending_migrations"].size(), 1u);
  EXPECT_EQ(doc["changes"].size(), 2u);
}

TEST_F(CodeTest, DeletedFilesDropOnlyWhatPgcrateCreated) {
  Code("keep.sql", "CREATE VIEW v_keep AS SELECT id FROM users;\n");
  Code("gone.sql",
       "CREATE VIEW v_gone AS SELECT id FROM users;\n"
       "CREATE FUNCTION f_gone() RETURNS integer LANGUAGE sql AS 'SELECT count(*)::int FROM "
       "v_gone';\n");
  ASSERT_EQ(Run({"apply"}).exit_code, 0);
  Exec("CREATE VIEW v_mine AS SELECT id FROM users");  // not pgcrate's
  std::filesystem::remove(dir_.path() + "/db/code/gone.sql");
  CliRun plan = Run({"plan"});
  EXPECT_NE(plan.out.find("(deleted)"), std::string::npos) << plan.out;
  CliRun apply = Run({"apply"});
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  EXPECT_FALSE(Exists("v_gone"));
  EXPECT_EQ(Scalar("SELECT to_regprocedure('f_gone()') IS NULL"), "t");
  EXPECT_TRUE(Exists("v_keep"));
  EXPECT_TRUE(Exists("v_mine"));
  EXPECT_EQ(Scalar("SELECT count(*) FROM pgcrate.code_objects"), "1");

  // A plain CREATE of an object that exists but is not pgcrate's is refused, never dropped.
  Code("mine.sql", "CREATE VIEW v_mine AS SELECT id, name FROM users;\n");
  CliRun clash = Run({"apply"});
  EXPECT_EQ(clash.exit_code, 1) << clash.out << clash.err;
  EXPECT_NE(clash.err.find("pgcrate did not create it"), std::string::npos) << clash.err;
  EXPECT_NE(clash.err.find("mine.sql:1"), std::string::npos) << clash.err;
  // CREATE OR REPLACE adopts it.
  Code("mine.sql", "CREATE OR REPLACE VIEW v_mine AS SELECT id, name FROM users;\n");
  CliRun adopt = Run({"apply"});
  EXPECT_EQ(adopt.exit_code, 0) << adopt.out << adopt.err;
  EXPECT_EQ(Scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 'v_mine'"),
            "2");
}

TEST_F(CodeTest, BadCodeFoldersAreErrorsWithFileAndLine) {
  Code("one.sql", "CREATE VIEW v_dup AS SELECT 1 AS x;\n");
  Code("two.sql", "\n\nCREATE VIEW v_dup AS SELECT 2 AS x;\n");
  CliRun dup = Run({"plan"});
  EXPECT_EQ(dup.exit_code, 1) << dup.out << dup.err;
  EXPECT_NE(dup.err.find("defined twice"), std::string::npos) << dup.err;
  EXPECT_NE(dup.err.find("one.sql:1"), std::string::npos) << dup.err;
  EXPECT_NE(dup.err.find("two.sql:3"), std::string::npos) << dup.err;
  std::filesystem::remove(dir_.path() + "/db/code/two.sql");

  Code("cycle.sql",
       "CREATE VIEW v_a AS SELECT x FROM v_b;\nCREATE VIEW v_b AS SELECT x FROM v_a;\n");
  CliRun cycle = Run({"plan"});
  EXPECT_EQ(cycle.exit_code, 1) << cycle.out << cycle.err;
  EXPECT_NE(cycle.err.find("dependency cycle: view public.v_a -> view public.v_b -> view "
                           "public.v_a"),
            std::string::npos)
      << cycle.err;
  std::filesystem::remove(dir_.path() + "/db/code/cycle.sql");

  Code("table.sql", "-- a table does not belong here\nCREATE TABLE t (id int);\n");
  CliRun table = Run({"apply"});
  EXPECT_EQ(table.exit_code, 1) << table.out << table.err;
  EXPECT_NE(table.err.find("table.sql:2"), std::string::npos) << table.err;
  EXPECT_NE(table.err.find("belong in migrations"), std::string::npos) << table.err;
  EXPECT_FALSE(Exists("t"));
  EXPECT_FALSE(Exists("v_dup"));
}

TEST_F(CodeTest, AModifiedFunctionWithTheSameSignatureIsReplacedInPlace) {
  Code("fn.sql",
       "CREATE OR REPLACE FUNCTION normalize_name() RETURNS trigger LANGUAGE plpgsql AS $$\n"
       "BEGIN NEW.name := lower(NEW.name); RETURN NEW; END $$;\n");
  ASSERT_EQ(Run({"apply"}).exit_code, 0);
  // A trigger created by a migration (outside the code folder) uses the function.
  Exec(
      "CREATE TRIGGER users_norm BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION "
      "normalize_name()");
  Code("fn.sql",
       "CREATE OR REPLACE FUNCTION normalize_name() RETURNS trigger LANGUAGE plpgsql AS $$\n"
       "BEGIN NEW.name := upper(NEW.name); RETURN NEW; END $$;\n");
  CliRun plan = Run({"plan"});
  EXPECT_NE(plan.out.find("(modified)"), std::string::npos) << plan.out;
  EXPECT_EQ(plan.out.find("DROP FUNCTION"), std::string::npos) << plan.out;
  CliRun apply = Run({"apply"});
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  EXPECT_NE(apply.out.find("replaced function public.normalize_name()"), std::string::npos)
      << apply.out;
  Exec("INSERT INTO users VALUES (9, 'Dee', 1)");
  EXPECT_EQ(Scalar("SELECT name FROM users WHERE id = 9"), "DEE");
}

TEST_F(CodeTest, DryRunPrintsTheSqlAndChangesNothing) {
  Code("v.sql", "CREATE VIEW v_dry AS SELECT id FROM users;\n");
  Migration("20250101000000_add_email.sql", "ALTER TABLE users ADD COLUMN email text;");
  CliRun dry = Run({"apply", "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.out << dry.err;
  EXPECT_NE(dry.out.find("BEGIN;"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("ALTER TABLE users ADD COLUMN email text;"), std::string::npos);
  EXPECT_NE(dry.out.find("CREATE VIEW v_dry"), std::string::npos) << dry.out;
  EXPECT_FALSE(Exists("v_dry"));
  EXPECT_EQ(Rows("pgcrate.schema_migrations"), 0);
  EXPECT_EQ(Rows("pgcrate.code_objects"), 0);
}

TEST_F(CodeTest, WatchAppliesAnEditAndStopsOnCtrlC) {
  Code("v.sql", "CREATE VIEW v_watch AS SELECT id FROM users;\n");
  BackgroundPgcrate watch({"-d", url(), "watch", "--debounce-ms", "50"}, dir_.path());
  ASSERT_TRUE(WaitUntil(conn(), "SELECT to_regclass('v_watch') IS NOT NULL", 30))
      << watch.out() << watch.err();
  Code("v.sql", "CREATE VIEW v_watch AS SELECT id, name FROM users;\n");
  ASSERT_TRUE(WaitUntil(conn(),
                        "SELECT count(*) = 2 FROM information_schema.columns WHERE table_name = "
                        "'v_watch'",
                        30))
      << watch.out() << watch.err();
  // A broken file prints its error and the watcher keeps going.
  Code("bad.sql", "CREATE VIEW v_broken AS SELECT nope FROM users;\n");
  bool reported = false;
  for (int i = 0; i < 300 && !reported; ++i) {
    reported = watch.err().find("bad.sql") != std::string::npos;
    if (!reported) usleep(100 * 1000);
  }
  ASSERT_TRUE(reported) << watch.out() << watch.err();
  std::filesystem::remove(dir_.path() + "/db/code/bad.sql");
  Code("w.sql", "CREATE VIEW v_after AS SELECT id FROM users;\n");
  ASSERT_TRUE(WaitUntil(conn(), "SELECT to_regclass('v_after') IS NOT NULL", 30))
      << watch.out() << watch.err();
  watch.Signal(SIGINT);
  EXPECT_EQ(watch.Wait(), 0) << watch.out() << watch.err();
  EXPECT_NE(watch.out().find("created view public.v_watch"), std::string::npos) << watch.out();
}

TEST_F(CodeTest, MigrateCheckCountsCodeObjectsAsPartOfTheExpectedSchema) {
  Exec("DROP TABLE users");
  Migration("20250101000000_users.sql", "CREATE TABLE users (id integer PRIMARY KEY, name text);");
  Code("v.sql", "CREATE VIEW v_names AS SELECT name FROM users;\n");
  ASSERT_EQ(Run({"apply"}).exit_code, 0);
  CliRun clean = Run({"migrate", "check"});
  EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
  // A code view changed by hand is drift.
  Exec("CREATE OR REPLACE VIEW v_names AS SELECT name, id FROM users");
  CliRun drift = Run({"migrate", "check"});
  EXPECT_EQ(drift.exit_code, 1) << drift.out << drift.err;
  EXPECT_NE(drift.out.find("v_names"), std::string::npos) << drift.out;
}

TEST_F(CodeTest, MigrateLintCoversTheCodeFolder) {
  Code("views/long.sql", "CREATE VIEW " + std::string(70, 'v') + " AS SELECT 1 AS x;\n");
  CliRun lint = Run({"migrate", "lint"});
  EXPECT_NE(lint.out.find("db/code/views/long.sql:1"), std::string::npos) << lint.out << lint.err;
  EXPECT_NE(lint.out.find("identifier-too-long"), std::string::npos) << lint.out << lint.err;
}

TEST_F(CodeTest, HostileNamesAreQuotedEverywhere) {
  Exec("CREATE SCHEMA \"Odd Schema\"");
  Code("odd.sql",
       "CREATE VIEW \"Odd Schema\".\"We\"\"ird View\" AS SELECT id FROM users;\n"
       "CREATE FUNCTION \"Odd Schema\".\"f'n; DROP TABLE users\"(n integer) RETURNS integer "
       "LANGUAGE sql AS $$ SELECT count(*)::int + n FROM \"Odd Schema\".\"We\"\"ird View\" $$;\n"
       "COMMENT ON FUNCTION \"Odd Schema\".\"f'n; DROP TABLE users\"(integer) IS 'it''s $(x)';\n");
  CliRun apply = Run({"apply"});
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  EXPECT_EQ(Scalar("SELECT \"Odd Schema\".\"f'n; DROP TABLE users\"(1)"), "3");
  EXPECT_EQ(Rows("pgcrate.code_objects"), 2);
  std::filesystem::remove(dir_.path() + "/db/code/odd.sql");
  CliRun drop = Run({"apply"});
  ASSERT_EQ(drop.exit_code, 0) << drop.out << drop.err;
  EXPECT_FALSE(Exists("\"Odd Schema\".\"We\"\"ird View\""));
  EXPECT_EQ(Rows("users"), 2);
  EXPECT_EQ(Rows("pgcrate.code_objects"), 0);
}

TEST_F(CodeTest, ANoTransactionMigrationSplitsTheApplyAndARerunHeals) {
  Code("v.sql", "CREATE VIEW v_names AS SELECT id, name FROM users;\n");
  ASSERT_EQ(Run({"apply"}).exit_code, 0);
  dir_.Write("db/migrations/20250101000000_idx.sql",
             "-- pgcrate: no-transaction\n-- up\nCREATE INDEX CONCURRENTLY users_name ON users "
             "(name);\nALTER TABLE users ALTER COLUMN name TYPE varchar(200);\n");
  CliRun plan = Run({"plan"});
  EXPECT_NE(plan.out.find("split"), std::string::npos) << plan.out;
  CliRun apply = Run({"apply"});
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  EXPECT_TRUE(Exists("v_names"));
  EXPECT_EQ(Scalar("SELECT count(*) FROM pg_indexes WHERE indexname = 'users_name'"), "1");
  // Someone drops a code object by hand: the next apply recreates it ("missing").
  Exec("DROP VIEW v_names");
  CliRun heal = Run({"apply"});
  ASSERT_EQ(heal.exit_code, 0) << heal.out << heal.err;
  EXPECT_TRUE(Exists("v_names"));
}

TEST_F(CodeTest, RoutinesOverCodeTypesAndCompositeFieldAssignments) {
  // The argument type does not exist before the apply; PL/pgSQL assigns a composite's field
  // (which libpg_query's PL/pgSQL parser cannot follow without a catalog).
  Code("f.sql",
       "CREATE FUNCTION twice(x pos) RETURNS numeric LANGUAGE sql AS $$ SELECT x * 2 $$;\n"
       "CREATE FUNCTION mk(k bigint) RETURNS pair LANGUAGE plpgsql AS $$ DECLARE r pair; "
       "BEGIN r.id := k; r.amount := 1; RETURN r; END $$;\n");
  Code("t.sql",
       "CREATE DOMAIN pos AS numeric CHECK (VALUE >= 0);\n"
       "CREATE TYPE pair AS (id bigint, amount numeric);\n");
  CliRun plan = Run({"plan"});
  ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  CliRun apply = Run({"apply"});
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  EXPECT_EQ(Scalar("SELECT twice(2)"), "4");
  EXPECT_EQ(Scalar("SELECT mk(3)"), "(3,1)");
  EXPECT_EQ(Run({"plan", "--exit-code"}).exit_code, 0);
}

TEST_F(CodeTest, WatchWithJsonPrintsOneEnvelopePerBurst) {
  Code("v.sql", "CREATE VIEW v_json AS SELECT id FROM users;\n");
  BackgroundPgcrate watch({"-d", url(), "--json", "watch", "--debounce-ms", "50"}, dir_.path());
  ASSERT_TRUE(WaitUntil(conn(), "SELECT to_regclass('v_json') IS NOT NULL", 30))
      << watch.out() << watch.err();
  bool printed = false;
  for (int i = 0; i < 100 && !printed; ++i) {
    printed = watch.out().find("\"view public.v_json\"") != std::string::npos;
    if (!printed) usleep(50 * 1000);
  }
  watch.Signal(SIGINT);
  EXPECT_EQ(watch.Wait(), 0) << watch.out() << watch.err();
  json doc = json::parse(watch.out());
  EXPECT_EQ(doc["ok"], true);
  EXPECT_EQ(doc["steps"][0]["action"], "create") << watch.out();
  EXPECT_EQ(doc["steps"][0]["object"], "view public.v_json") << watch.out();
}

TEST_F(CodeTest, WatchRefusesProduction) {
  dir_.Write("pgcrate.toml",
             "[paths]\ncode = \"db/code\"\n[production]\npatterns = [\"" + db_name() + "\"]\n");
  Code("v.sql", "CREATE VIEW v_prod AS SELECT 1 AS x;\n");
  CliRun run = Run({"watch"});
  EXPECT_NE(run.exit_code, 0) << run.out << run.err;
  EXPECT_FALSE(Exists("v_prod"));
}

}  // namespace
}  // namespace pgcrate::testing

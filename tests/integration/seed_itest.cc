// `pgcrate seed list | run | validate | diff` against the real server: loading CSV, JSON and
// SQL seeds in one transaction, every bad input of issue 12 with its file:line:column, and
// the atomicity of a failing run.
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "support/pg_test.h"

namespace pgcrate::testing {
namespace {

using json = nlohmann::json;

class SeedTest : public PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    dir_.Write("pgcrate.toml", "[paths]\nseeds = \"seeds\"\n");
  }
  CliRun Seed(std::vector<std::string> args) {
    std::vector<std::string> full = {"-d", url(), "seed"};
    full.insert(full.end(), args.begin(), args.end());
    CliOptions o;
    o.cwd = dir_.path();
    return RunPgcrate(full, o);
  }
  std::string File(const std::string& rel, const std::string& content) {
    return dir_.Write("seeds/" + rel, content);
  }
  void StatusTable() {
    Exec(
        "CREATE TABLE task_statuses (code text PRIMARY KEY, label text NOT NULL, "
        "sort_order integer, is_terminal boolean)");
  }
  TempDir dir_;
};

TEST_F(SeedTest, LoadsCsvJsonAndSqlSeedsAndIsIdempotent) {
  StatusTable();
  Exec("CREATE TABLE users (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text)");
  Exec("CREATE TABLE demo (id serial PRIMARY KEY, n integer)");
  Exec("CREATE TABLE settings (key text PRIMARY KEY, value jsonb, enabled boolean)");
  File("public/task_statuses.csv",
       "code,label,sort_order,is_terminal\ntodo,To Do,1,false\nin_progress,In Progress,2,false\n"
       "done,\"Done, really\",3,true\n");
  File("public/users.csv", "id,email\n10,a@example.com\n42,b@example.com\n");
  File("public/settings.json",
       R"([{"key": "theme", "value": {"dark": true, "list": [1, 2.50, "x\"y"]}, "enabled": true},
           {"key": "empty", "value": null}])");
  File("public/demo.sql",
       "-- SQL seeds run as-is\nTRUNCATE public.demo RESTART IDENTITY;\n"
       "INSERT INTO public.demo (n) SELECT g FROM generate_series(1, 5) g;\n");
  for (int round = 0; round < 2; ++round) {
    CliRun r = Seed({"run"});
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    EXPECT_NE(r.out.find("TRUNCATE"), std::string::npos) << r.out;
  }
  EXPECT_EQ(Scalar("SELECT count(*) FROM task_statuses"), "3");
  EXPECT_EQ(Scalar("SELECT label FROM task_statuses WHERE code = 'done'"), "Done, really");
  EXPECT_EQ(Scalar("SELECT count(*) FROM demo"), "5");
  EXPECT_EQ(Scalar("SELECT value->'list'->>2 FROM settings WHERE key = 'theme'"), "x\"y");
  EXPECT_EQ(Scalar("SELECT value IS NULL AND enabled IS NULL FROM settings WHERE key = 'empty'"),
            "t");
  // The identity sequence moved past the loaded ids.
  Exec("INSERT INTO users (email) VALUES ('c@example.com')");
  EXPECT_EQ(Scalar("SELECT max(id) FROM users"), "43");
  // Analyzed, triggers back on.
  EXPECT_EQ(Scalar("SELECT reltuples FROM pg_class WHERE oid = 'task_statuses'::regclass"), "3");
}

TEST_F(SeedTest, AFailingThirdSeedLeavesTheFirstTwoTablesUnchanged) {
  Exec("CREATE TABLE a (x integer)");
  Exec("CREATE TABLE b (x integer)");
  Exec("CREATE TABLE c (x integer, y integer)");
  Exec("INSERT INTO a VALUES (1), (2)");
  Exec("INSERT INTO b VALUES (3)");
  Exec("INSERT INTO c VALUES (4, 4)");
  File("public/a.csv", "x\n10\n11\n12\n");
  File("public/b.csv", "x\n20\n");
  File("public/c.csv", "x,y\n1,2\n3,\"4\nfive\"\n");
  CliRun r = Seed({"run"});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  // The server's error is mapped back to the CSV: row 2 starts on line 3, column y is 2.
  EXPECT_NE(r.err.find("seeds/public/c.csv:3:2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("invalid input syntax for type integer"), std::string::npos) << r.err;
  EXPECT_EQ(Scalar("SELECT string_agg(x::text, ',' ORDER BY x) FROM a"), "1,2");
  EXPECT_EQ(Scalar("SELECT string_agg(x::text, ',' ORDER BY x) FROM b"), "3");
  EXPECT_EQ(Scalar("SELECT count(*) FROM c"), "1");
}

TEST_F(SeedTest, AMissingTargetTableNamesTheFileAndTheTable) {
  File("public/ghosts.csv", "id\n1\n");
  CliRun r = Seed({"run"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("ghosts.csv"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("public.ghosts does not exist"), std::string::npos) << r.err;
}

TEST_F(SeedTest, ATableOutsideTheSetReferencingASeededTableStopsTheRun) {
  Exec("CREATE TABLE customers (id integer PRIMARY KEY)");
  Exec("CREATE TABLE orders (id integer, customer_id integer REFERENCES customers)");
  Exec("INSERT INTO customers VALUES (1)");
  Exec("INSERT INTO orders VALUES (1, 1)");
  File("public/customers.csv", "id\n1\n2\n");
  CliRun r = Seed({"run"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("orders references public.customers"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("CASCADE"), std::string::npos) << r.err;
  EXPECT_EQ(Scalar("SELECT count(*) FROM orders"), "1");
  EXPECT_EQ(Scalar("SELECT count(*) FROM customers"), "1");
}

TEST_F(SeedTest, ForeignKeysAmongSeedsAndTriggersAreDisabledDuringTheLoadOnly) {
  Exec("CREATE TABLE parent (id integer PRIMARY KEY)");
  Exec("CREATE TABLE child (id integer, parent_id integer REFERENCES parent)");
  Exec(
      "CREATE FUNCTION no_insert() RETURNS trigger LANGUAGE plpgsql AS "
      "$$BEGIN RAISE EXCEPTION 'trigger fired'; END$$");
  Exec("CREATE TRIGGER guard BEFORE INSERT ON child FOR EACH ROW EXECUTE FUNCTION no_insert()");
  Exec("INSERT INTO parent VALUES (7)");
  // child sorts before parent by name; the truncate covers both in one statement.
  File("public/child.csv", "id,parent_id\n1,1\n2,2\n");
  File("public/parent.csv", "id\n1\n2\n");
  CliRun r = Seed({"run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Scalar("SELECT count(*) FROM child"), "2");
  EXPECT_EQ(Scalar("SELECT string_agg(id::text, ',' ORDER BY id) FROM parent"), "1,2");
  EXPECT_EQ(Scalar("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'child'::regclass "
                   "AND tgenabled <> 'O'"),
            "0");
}

TEST_F(SeedTest, WithoutThePrivilegeToDisableForeignKeyTriggersTheErrorSaysWhich) {
  std::string role = db_name() + "_owner";
  Exec("CREATE ROLE " + role + " LOGIN");
  Exec("GRANT CREATE, USAGE ON SCHEMA public TO " + role);
  Exec("CREATE TABLE parent (id integer PRIMARY KEY)");
  Exec("CREATE TABLE child (id integer, parent_id integer REFERENCES parent)");
  Exec("ALTER TABLE parent OWNER TO " + role);
  Exec("ALTER TABLE child OWNER TO " + role);
  File("public/child.csv", "id,parent_id\n1,1\n");
  File("public/parent.csv", "id\n1\n");
  CliOptions o;
  o.cwd = dir_.path();
  CliRun r = RunPgcrate({"-d", url() + "&user=" + role, "seed", "run"}, o);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("superuser"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("DISABLE TRIGGER ALL"), std::string::npos) << r.err;
  Exec("DROP TABLE child, parent");
  Exec("DROP OWNED BY " + role);
  Exec("DROP ROLE " + role);
}

TEST_F(SeedTest, AwkwardButValidCsvLoads) {
  StatusTable();
  // BOM, CRLF, a quoted newline, a quoted empty string vs an empty (NULL) field.
  File("public/task_statuses.csv",
       "\xEF\xBB\xBF"
       "code,label,sort_order,is_terminal\r\n"
       "a,\"two\r\nlines\",1,\r\n"
       "b,\"\",,true\r\n");
  CliRun r = Seed({"run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Scalar("SELECT label FROM task_statuses WHERE code = 'a'"), "two\r\nlines");
  EXPECT_EQ(Scalar("SELECT label = '' AND sort_order IS NULL FROM task_statuses WHERE code = 'b'"),
            "t");
  // Lone CR line endings and a header-only file (zero rows) are fine too.
  File("public/task_statuses.csv", "code,label\rx,y\rz,w");
  ASSERT_EQ(Seed({"run"}).exit_code, 0);
  EXPECT_EQ(Scalar("SELECT string_agg(code, ',' ORDER BY code) FROM task_statuses"), "x,z");
  File("public/task_statuses.csv", "code,label\n");
  ASSERT_EQ(Seed({"run"}).exit_code, 0);
  EXPECT_EQ(Scalar("SELECT count(*) FROM task_statuses"), "0");
}

struct BadCsv {
  const char* name;
  const char* content;
  const char* expected;  // in stderr
};

TEST_F(SeedTest, BadFilesAreRejectedWithTheirLocationAndNothingIsLoaded) {
  StatusTable();
  Exec("INSERT INTO task_statuses VALUES ('keep', 'kept', 1, false)");
  const BadCsv cases[] = {
      {"ragged", "code,label\na,b\nc\n", "task_statuses.csv:3:2: the row has 1 fields"},
      {"unterminated", "code,label\na,\"open\nb,c\n", "task_statuses.csv:2:2: unterminated"},
      {"empty", "", "task_statuses.csv:1:1: the file is empty"},
      {"duplicate header", "code,code\na,b\n", "task_statuses.csv:1:2: the header names column"},
      {"unknown column", "code,lable\na,b\n", "did you mean \"label\""},
      {"too long", "code,sort_order\na,99999999999\n", "task_statuses.csv:2:2:"},
      {"end marker", "code\na\n\\.\nb\n", "task_statuses.csv:3:1: a line holding only \\."},
      {"not utf8", "code,label\na,\xC3\x28\n", "task_statuses.csv:2"},
  };
  for (const BadCsv& c : cases) {
    File("public/task_statuses.csv", c.content);
    CliRun r = Seed({"run"});
    EXPECT_EQ(r.exit_code, 1) << c.name;
    EXPECT_NE(r.err.find(c.expected), std::string::npos) << c.name << ": " << r.err;
    EXPECT_EQ(Scalar("SELECT string_agg(code, ',') FROM task_statuses"), "keep") << c.name;
  }
}

TEST_F(SeedTest, AJsonSeedMustBeAnArrayOfObjectsWhoseKeysAreColumns) {
  StatusTable();
  const BadCsv cases[] = {
      {"object", R"({"code": "a"})", "not one object"},
      {"scalar item", R"([{"code": "a"}, 3])", "item 2: is a number, not an object"},
      {"syntax", "[{\"code\": \"a\",}]", "task_statuses.json:1:"},
      {"unknown key", R"([{"code": "a", "labell": "x"}])", "did you mean \"label\""},
  };
  for (const BadCsv& c : cases) {
    File("public/task_statuses.json", c.content);
    CliRun r = Seed({"run"});
    EXPECT_EQ(r.exit_code, 1) << c.name;
    EXPECT_NE(r.err.find(c.expected), std::string::npos) << c.name << ": " << r.err;
  }
}

TEST_F(SeedTest, DryRunCountsRowsAndChangesNothing) {
  StatusTable();
  Exec("INSERT INTO task_statuses VALUES ('keep', 'kept', 1, false)");
  File("public/task_statuses.csv", "code,label\na,\"multi\nline\"\nb,c\n");
  CliRun r = Seed({"--json", "run", "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  json doc = json::parse(r.out);
  EXPECT_EQ(doc["dry_run"], true);
  EXPECT_EQ(doc["seeds"][0]["rows"], 2);
  EXPECT_EQ(doc["truncate"], "TRUNCATE public.task_statuses RESTART IDENTITY");
  EXPECT_EQ(Scalar("SELECT count(*) FROM task_statuses"), "1");
}

TEST_F(SeedTest, ListShowsKindTargetSizeRowsAndExistence) {
  StatusTable();
  Exec("INSERT INTO task_statuses VALUES ('keep', 'kept', 1, false)");
  File("public/task_statuses.csv", "code,label\na,b\n");
  File("public/missing.sql", "SELECT 1;\n");
  CliRun r = Seed({"--json", "list"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  json doc = json::parse(r.out);
  ASSERT_EQ(doc["seeds"].size(), 2u);
  EXPECT_EQ(doc["seeds"][0]["name"], "public.missing");
  EXPECT_EQ(doc["seeds"][0]["exists"], false);
  EXPECT_EQ(doc["seeds"][1]["kind"], "csv");
  EXPECT_EQ(doc["seeds"][1]["rows"], 1);
  EXPECT_EQ(doc["seeds"][1]["exists"], true);
  CliRun text = Seed({"list"});
  EXPECT_NE(text.out.find("public.task_statuses"), std::string::npos) << text.out;
}

TEST_F(SeedTest, HostileSchemaAndTableNamesAreQuoted) {
  Exec("CREATE SCHEMA \"odd schema\"");
  Exec("CREATE TABLE \"odd schema\".\"we\"\"ird; DROP TABLE x\" (\"a b\" text)");
  File("odd schema/we\"ird; DROP TABLE x.csv", "a b\n$(touch /tmp/pwned)\n");
  CliRun r = Seed({"run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Scalar("SELECT \"a b\" FROM \"odd schema\".\"we\"\"ird; DROP TABLE x\""),
            "$(touch /tmp/pwned)");
}

TEST_F(SeedTest, AFifoOrDeviceInPlaceOfASeedFileIsRefusedWithoutHanging) {
  Exec("CREATE TABLE t (x integer)");
  File("public/keep.txt", "");
  ASSERT_EQ(mkfifo((dir_.path() + "/seeds/public/t.csv").c_str(), 0600), 0);
  CliRun r = Seed({"run"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("is not a regular file"), std::string::npos) << r.err;
}

TEST_F(SeedTest, SqlSeedsMayNotControlTheTransaction) {
  Exec("CREATE TABLE t (x integer)");
  File("public/t.sql", "INSERT INTO t VALUES (1);\nCOMMIT;\nINSERT INTO t VALUES (2);\n");
  CliRun r = Seed({"run"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("t.sql:2:1"), std::string::npos) << r.err;
  EXPECT_EQ(Scalar("SELECT count(*) FROM t"), "0");
}

}  // namespace
}  // namespace pgcrate::testing

namespace pgcrate::testing {
namespace {

TEST_F(SeedTest, DiffComparesByPrimaryKeyAndNamesTheChangedColumns) {
  StatusTable();
  File("public/task_statuses.csv", "code,label,sort_order\ntodo,To Do,1\ndone,Done,3\n");
  ASSERT_EQ(Seed({"run"}).exit_code, 0);
  CliRun same = Seed({"diff"});
  EXPECT_EQ(same.exit_code, 0) << same.out << same.err;
  EXPECT_NE(same.out.find("identical"), std::string::npos) << same.out;
  Exec("UPDATE task_statuses SET label = 'Finished' WHERE code = 'done'");
  Exec("INSERT INTO task_statuses VALUES ('extra', 'Extra', 9, NULL)");
  File("public/task_statuses.csv", "code,label,sort_order\ntodo,To Do,1\ndone,Done,3\nnew,New,4\n");
  CliRun r = Seed({"--json", "diff"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  json doc = json::parse(r.out);
  EXPECT_EQ(doc["identical"], false);
  const json& d = doc["seeds"][0];
  EXPECT_EQ(d["key_source"], "table");
  EXPECT_EQ(d["only_in_file"], 1);
  EXPECT_EQ(d["only_in_table"], 1);
  EXPECT_EQ(d["changed"], 1);
  EXPECT_EQ(d["changed_columns"]["label"], 1);
  EXPECT_EQ(d["changed_columns"].size(), 1u);
  EXPECT_EQ(d["examples"]["only_in_file"][0], "[\"new\"]");
  // Nothing is left behind: the comparison ran in a rolled-back transaction.
  EXPECT_EQ(Scalar("SELECT count(*) FROM task_statuses"), "3");
}

TEST_F(SeedTest, DiffWithoutAKeyComparesWholeRows) {
  Exec("CREATE TABLE log (msg text, n integer)");
  Exec("INSERT INTO log VALUES ('a', 1), ('a', 1), ('b', 2)");
  File("public/log.csv", "msg,n\na,1\nb,2\nc,3\n");
  CliRun r = Seed({"--json", "diff"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  json doc = json::parse(r.out);
  EXPECT_EQ(doc["seeds"][0]["key_source"], "row");
  EXPECT_EQ(doc["seeds"][0]["only_in_file"], 1);   // c,3
  EXPECT_EQ(doc["seeds"][0]["only_in_table"], 1);  // the second a,1
}

TEST_F(SeedTest, ValidateReportsEveryBadValueWithItsLocationOfflineAndAgainstTheTable) {
  File("public/items.csv", "id,price,added\n1,9.5,2024-02-29\n2,abc,2023-02-29\n1,3,2024-01-01\n");
  File("public/items.schema.toml", "primary_key = [\"id\"]\n[columns]\nprice = \"numeric(5,2)\"\n");
  CliRun r = Seed({"validate", "--offline"});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("items.csv:3:2: column \"price\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("items.csv:4: duplicate primary key (id)"), std::string::npos) << r.out;
  // The date column is inferred as text because 2023-02-29 is not a date.
  EXPECT_NE(r.out.find("added text"), std::string::npos) << r.out;
  // Against the database: a column the table lacks.
  Exec("CREATE TABLE items (id integer PRIMARY KEY, price numeric(5,2))");
  CliRun db = Seed({"--json", "validate"});
  EXPECT_EQ(db.exit_code, 1);
  json doc = json::parse(db.out);
  EXPECT_EQ(doc["valid"], false);
  EXPECT_EQ(doc["used_database"], true);
  EXPECT_NE(
      doc["seeds"][0]["errors"][0]["message"].get<std::string>().find("\"added\" does not exist"),
      std::string::npos)
      << db.out;
  File("public/items.csv", "id,price\n1,9.5\n2,10\n");
  CliRun ok = Seed({"validate"});
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
}

}  // namespace
}  // namespace pgcrate::testing

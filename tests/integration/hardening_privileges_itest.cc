// Issue 10 #18: owners, privileges (table, column, sequence, view, function, procedure, type,
// domain, schema, the public schema) and ALTER DEFAULT PRIVILEGES survive `generate` and
// `inspect diff --sql`: the database rebuilt from the generated migrations has the same
// pg_dump --schema-only as the original, GRANT/REVOKE/OWNER/DEFAULT PRIVILEGES lines
// included, and a diff script turns one database's grants into another's. The roles are
// created per test with unique names (roles are cluster-wide) and dropped at the end.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "catalog/model.h"
#include "catalog_itest_util.h"
#include "sql/quote.h"

namespace pgcrate::testing {
namespace {

class Privileges : public PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    static std::atomic<int> counter{0};
    prefix_ = "pgc_priv_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_";
    for (const char* r : kRoles) Admin("CREATE ROLE " + Role(r) + " NOLOGIN");
  }
  void TearDown() override {
    PgTest::TearDown();  // the databases go first: they hold the roles' grants
    for (const char* r : kRoles) Admin("DROP ROLE IF EXISTS " + Role(r));
  }

  // The quoted name of this test's role `r` ("Reader" has capitals: it needs quotes).
  std::string Role(const std::string& r) const { return "\"" + prefix_ + r + "\""; }
  // The role as pgcrate writes it (quoted only when needed).
  std::string Written(const std::string& r) const { return sql::QuoteIdent(prefix_ + r); }
  // `sql` with {owner}, {Reader} and {writer} replaced by the roles.
  std::string Sub(std::string sql) const {
    for (const char* r : kRoles) {
      std::string mark = std::string("{") + r + "}";
      for (size_t at = sql.find(mark); at != std::string::npos; at = sql.find(mark, at)) {
        sql.replace(at, mark.size(), Role(r));
      }
    }
    return sql;
  }

 private:
  static constexpr const char* kRoles[] = {"owner", "Reader", "writer"};
  static void Admin(const std::string& sql) {
    auto c = pg::Connection::Open(ClusterUrl(), {});
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    Status st = (*c)->Run(sql);
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  std::string prefix_;
};

// Grants to several roles on every kind of object, owners other than the connecting role,
// column grants, grant options, REVOKEs on public and default privileges (global, per
// schema, for another role), with objects created before and after them.
const char* kSchema = R"sql(
CREATE SCHEMA app;
ALTER SCHEMA app OWNER TO {owner};
GRANT USAGE ON SCHEMA app TO {Reader}, {writer};
REVOKE USAGE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO {Reader};
CREATE TYPE app.mood AS ENUM ('calm', 'busy');
REVOKE USAGE ON TYPE app.mood FROM PUBLIC;
GRANT USAGE ON TYPE app.mood TO {Reader};
CREATE DOMAIN app.positive AS integer CHECK (VALUE > 0);
ALTER DOMAIN app.positive OWNER TO {owner};
CREATE TABLE app.items (id serial PRIMARY KEY, name text, secret text, mood app.mood);
ALTER TABLE app.items OWNER TO {owner};
GRANT SELECT ON app.items TO {Reader};
GRANT SELECT, INSERT, UPDATE ON app.items TO {writer} WITH GRANT OPTION;
GRANT UPDATE (name), REFERENCES (name) ON app.items TO {Reader};
GRANT USAGE ON SEQUENCE app.items_id_seq TO {writer};
CREATE SEQUENCE app.counter;
GRANT USAGE, SELECT ON SEQUENCE app.counter TO {Reader};
CREATE VIEW app.names AS SELECT id, name FROM app.items;
GRANT SELECT ON app.names TO {Reader};
CREATE MATERIALIZED VIEW app.counts AS SELECT count(*) AS n FROM app.items;
ALTER MATERIALIZED VIEW app.counts OWNER TO {owner};
CREATE FUNCTION app.twice(i integer) RETURNS integer LANGUAGE sql AS 'SELECT 2 * i';
REVOKE EXECUTE ON FUNCTION app.twice(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.twice(integer) TO {writer};
CREATE PROCEDURE app.noop() LANGUAGE sql AS 'SELECT 1';
ALTER PROCEDURE app.noop() OWNER TO {owner};
CREATE TABLE public.plain (id integer);
REVOKE TRUNCATE ON public.plain FROM CURRENT_USER;
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO {Reader};
ALTER DEFAULT PRIVILEGES FOR ROLE {owner} GRANT USAGE ON SEQUENCES TO {writer};
CREATE TABLE app.later (id integer);
CREATE FUNCTION public.later() RETURNS integer LANGUAGE sql AS 'SELECT 1';
)sql";

int CountFiles(const std::string& dir) {
  int n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) n += entry.is_regular_file();
  return n;
}

TEST_F(Privileges, GenerateRoundTripKeepsOwnersGrantsAndDefaultPrivileges) {
  Exec(Sub(kSchema));
  std::string original = NormalizedDump(url());
  if (PgDumpTooOld().empty()) {  // else only pgcrate's catalog compares (NormalizedDump)
    ASSERT_NE(original.find("GRANT SELECT ON TABLE app.items TO " + Role("Reader")),
              std::string::npos)
        << original;
  }
  for (const char* split : {"none", "table"}) {
    SCOPED_TRACE(split);
    TempDir project;
    CliRun gen =
        RunPgcrate({"-d", url(), "generate", "--split-by", split}, {.cwd = project.path()});
    ASSERT_EQ(gen.exit_code, 0) << gen.err;
    int files = CountFiles(project.path() + "/db/migrations");
    ExtraDb db2("priv");
    CliRun up = RunPgcrate({"-d", db2.url(), "migrate", "up"}, {.cwd = project.path()});
    ASSERT_EQ(up.exit_code, 0) << up.out << up.err;
    std::string text;
    EXPECT_TRUE(Identical(url(), db2.url(), &text)) << text;
    EXPECT_EQ(DumpDifference(original, NormalizedDump(db2.url())), "");

    CliRun down =
        RunPgcrate({"-d", db2.url(), "migrate", "down", "--steps", std::to_string(files), "--yes"},
                   {.cwd = project.path()});
    ASSERT_EQ(down.exit_code, 0) << down.out << down.err;
    ExtraDb empty("empty");
    EXPECT_TRUE(Identical(empty.url(), db2.url(), &text)) << text;
    EXPECT_EQ(DumpDifference(NormalizedDump(empty.url()), NormalizedDump(db2.url())), "");
  }
}

const char* kFrom = R"sql(
CREATE TABLE public.t (id integer PRIMARY KEY, name text);
GRANT SELECT ON public.t TO {Reader};
GRANT SELECT (name) ON public.t TO {writer};
CREATE TABLE public.u (id integer);
CREATE FUNCTION public.f() RETURNS integer LANGUAGE sql AS 'SELECT 1';
CREATE SCHEMA s;
)sql";

const char* kTo = R"sql(
CREATE TABLE public.t (id integer PRIMARY KEY, name text);
GRANT SELECT, INSERT ON public.t TO {writer};
GRANT UPDATE (name) ON public.t TO {Reader} WITH GRANT OPTION;
CREATE TABLE public.u (id integer);
ALTER TABLE public.u OWNER TO {owner};
GRANT SELECT ON public.u TO {Reader};
CREATE FUNCTION public.f() RETURNS integer LANGUAGE sql AS 'SELECT 1';
REVOKE EXECUTE ON FUNCTION public.f() FROM PUBLIC;
CREATE SCHEMA s;
GRANT USAGE ON SCHEMA s TO {Reader};
REVOKE USAGE ON SCHEMA public FROM PUBLIC;
ALTER DEFAULT PRIVILEGES IN SCHEMA s GRANT SELECT ON TABLES TO {Reader};
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
)sql";

TEST_F(Privileges, DiffSqlReproducesGrantChangesBothWays) {
  Exec(Sub(kFrom));
  ExtraDb db2("to");
  db2.Exec(Sub(kTo));
  std::string before = NormalizedDump(url()), target = NormalizedDump(db2.url());

  CliRun forward = RunPgcrate({"-d", url(), "inspect", "diff", "--to", db2.url(), "--sql"});
  ASSERT_EQ(forward.exit_code, 1) << "grants alone must make the schemas differ: " << forward.out
                                  << forward.err;
  for (const std::string& expected : std::vector<std::string>{
           "REVOKE SELECT ON TABLE public.t FROM " + Role("Reader") + ";",
           "GRANT INSERT, SELECT ON TABLE public.t TO " + Written("writer") + ";",
           "GRANT UPDATE (name) ON TABLE public.t TO " + Role("Reader") + " WITH GRANT OPTION;",
           "ALTER TABLE public.u OWNER TO " + Written("owner") + ";",
           std::string("REVOKE EXECUTE ON FUNCTION public.f() FROM PUBLIC;"),
           std::string("REVOKE USAGE ON SCHEMA public FROM PUBLIC;"),
           "ALTER DEFAULT PRIVILEGES IN SCHEMA s GRANT SELECT ON TABLES TO " + Role("Reader") +
               ";"}) {
    EXPECT_NE(forward.out.find(expected), std::string::npos) << expected << "\n" << forward.out;
  }
  CliRun reverse = RunPgcrate({"-d", db2.url(), "inspect", "diff", "--to", url(), "--sql"});
  ASSERT_EQ(reverse.exit_code, 1) << reverse.err;

  Exec(forward.out);
  std::string text;
  EXPECT_TRUE(Identical(url(), db2.url(), &text)) << text;
  EXPECT_EQ(DumpDifference(NormalizedDump(url()), target), "");
  Exec(reverse.out);
  EXPECT_EQ(DumpDifference(NormalizedDump(url()), before), "");

  CliRun json = RunPgcrate({"-d", db2.url(), "--json", "inspect", "diff", "--to", url()});
  EXPECT_EQ(JsonField(json.out, "/summary/owners"), "1") << json.out;
  EXPECT_NE(JsonField(json.out, "/summary/privileges"), "0") << json.out;
}

// Issue 10 #19: a child table's (or partition's) own default on an inherited column is not
// re-declared in CREATE TABLE but set afterwards, so the rebuilt database has it.
TEST_F(Privileges, GenerateKeepsDefaultsOfInheritedColumns) {
  Exec(ReadOrFail(std::string(PGCRATE_SOURCE_DIR) +
                  "/src/diff/testdata/inherited_column_defaults/to.sql"));
  for (const char* split : {"none", "table"}) {
    SCOPED_TRACE(split);
    TempDir project;
    CliRun gen =
        RunPgcrate({"-d", url(), "generate", "--split-by", split}, {.cwd = project.path()});
    ASSERT_EQ(gen.exit_code, 0) << gen.err;
    ExtraDb db2("inh");
    CliRun up = RunPgcrate({"-d", db2.url(), "migrate", "up"}, {.cwd = project.path()});
    ASSERT_EQ(up.exit_code, 0) << up.out << up.err;
    std::string text;
    EXPECT_TRUE(Identical(url(), db2.url(), &text)) << text;
    EXPECT_EQ(DumpDifference(NormalizedDump(url()), NormalizedDump(db2.url())), "");
  }
}

}  // namespace
}  // namespace pgcrate::testing

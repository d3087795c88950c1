// Issue 10 #4, #5, #6, #15 and parts of #22: connection strings are redacted from their parsed
// form (never by searching for the password's text), so stray arguments and passwords with
// special characters never leak, a short password never masks data, and the production gate
// looks at host, database and user only. Plus the small CLI contract fixes of #22.
#include <nlohmann/json.hpp>

#include "support/pg_test.h"

namespace pgcrate::testing {
namespace {

class RedactTest : public PgTest {
 protected:
  // A unix-socket URL for this test's database carrying `password` (the test cluster trusts
  // socket connections, so any password connects).
  std::string SocketUrl(const std::string& password) {
    return "postgresql://postgres:" + password + "@/" + db_name() + "?host=" + ClusterSocketDir() +
           "&port=" + std::to_string(ClusterPort());
  }
  std::string TcpUrl(const std::string& userinfo, const std::string& db) {
    return "postgresql://" + userinfo + "@127.0.0.1:" + std::to_string(ClusterPort()) + "/" + db;
  }
};

void ExpectNoLeak(const CliRun& r, const std::vector<std::string>& fragments,
                  const std::vector<std::string>& args) {
  std::string all = r.out + r.err;
  for (const auto& f : fragments) {
    EXPECT_EQ(all.find(f), std::string::npos)
        << "'" << f << "' leaked by `" << args.back() << "`:\n"
        << all;
  }
}

// #4: a connection string given where pgcrate does not expect one is echoed redacted.
TEST_F(RedactTest, UsageErrorsNeverEchoAConnectionStringsPassword) {
  const std::string url = "postgres://u:Pw4Usage@h/db";
  std::vector<std::vector<std::string>> runs = {
      {"context", url},
      {"--json", "context", url},
      {"--db", url, "context"},
      {"--db=" + url, "--json", "context"},
      {"migrate", "up", url},
      {"context", "host=h password=Pw4Usage dbname=x"},
      {"context", "host=h password='Pw4 Usage'"},
      {"--connect-timeout", url, "context"},
      {"--connect-timeout=" + url, "--json", "context"},
  };
  for (const auto& args : runs) {
    CliRun r = RunPgcrate(args);
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    ExpectNoLeak(r, {"Pw4Usage", "Pw4 Usage"}, args);
  }
  CliRun stray = RunPgcrate({"context", url});
  EXPECT_NE(stray.err.find("unknown command or argument 'postgresql://u:********@h/db'"),
            std::string::npos)
      << stray.err;
}

// #5: unencoded '@', '/', '#', '%' or spaces in a password never reach a message, whether the
// URL is malformed or parses into the wrong fields.
TEST_F(RedactTest, PasswordsWithSpecialCharactersNeverLeak) {
  const std::string port = std::to_string(ClusterPort());
  std::vector<std::string> urls = {
      TcpUrl("postgres:ab@cdSecret", db_name()),                // host becomes "cdSecret@127.0.0.1"
      TcpUrl("postgres:Sp3c@l/Pw#9%", db_name()),               // percent error on "Pw#9%@..."
      TcpUrl("postgres:cd/Secret", db_name()),                  // host "postgres", port "cd"
      TcpUrl("postgres:12/Secret", db_name()),                  // dbname "Secret@127.0.0.1..."
      TcpUrl("postgres:Per%zzSecret", db_name()),               // invalid percent-encoding
      "postgresql://postgres:Br@ck[Secret@[::1/db",             // unterminated IPv6 bracket
      "host=127.0.0.1 port=" + port + " password=half Secret",  // unquoted space
  };
  for (const auto& url : urls) {
    for (std::vector<std::string> args : {std::vector<std::string>{"-d", url, "context"},
                                          {"-d", url, "--json", "context"},
                                          {"-d", url, "migrate", "status"}}) {
      CliRun r = RunPgcrate(args);
      EXPECT_NE(r.exit_code, 0) << url;
      ExpectNoLeak(r, {"Secret", "cdSecret", "Pw#9", "zzSecret", "ck[Secret"}, {url});
    }
    CliRun env = RunPgcrate({"context"}, {.env = {"DATABASE_URL=" + url}});
    EXPECT_EQ(env.exit_code, 1) << env.err;
    ExpectNoLeak(env, {"Secret", "Pw#9"}, {"DATABASE_URL=" + url});
    TempDir project;
    project.Write("pgcrate.toml", "[database]\nurl = '" + url + "'\n");
    CliRun cfg = RunPgcrate({"--json", "context"}, {.cwd = project.path()});
    EXPECT_EQ(cfg.exit_code, 1) << cfg.out;
    ExpectNoLeak(cfg, {"Secret", "Pw#9"}, {"pgcrate.toml url " + url});
  }
  // The same password, percent-encoded, is accepted: the message then names the target.
  CliRun encoded = RunPgcrate({"-d", TcpUrl("postgres:ab%40cdSecret", db_name()), "context"});
  EXPECT_NE(encoded.err.find("password authentication failed"), std::string::npos) << encoded.err;
  ExpectNoLeak(encoded, {"cdSecret"}, {"encoded"});
}

// #6: a short password ("id", "postgres") is masked only where it is the password of a
// printed connection string — never in data, column names, JSON keys, SQL or user names.
TEST_F(RedactTest, AShortPasswordNeverMasksDataOrIdentifiers) {
  Exec("CREATE TABLE items (id int PRIMARY KEY, postgres text)");
  Exec("INSERT INTO items VALUES (7, 'id postgres')");
  for (const std::string pw : {"id", "postgres"}) {
    std::string u = SocketUrl(pw);
    CliRun text = RunPgcrate({"-d", u, "sql", "-c", "SELECT id, postgres FROM items"});
    ASSERT_EQ(text.exit_code, 0) << text.err;
    EXPECT_NE(text.out.find(" id | postgres"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("id postgres"), std::string::npos) << text.out;
    EXPECT_EQ(text.out.find("****"), std::string::npos) << text.out;
    CliRun json = RunPgcrate({"-d", u, "--json", "sql", "-c", "SELECT id, postgres FROM items"});
    ASSERT_EQ(json.exit_code, 0) << json.out;
    EXPECT_NE(json.out.find("\"id\""), std::string::npos) << json.out;
    EXPECT_NE(json.out.find("\"postgres\""), std::string::npos) << json.out;
    EXPECT_EQ(json.out.find("****"), std::string::npos) << json.out;
    CliRun ctx = RunPgcrate({"-d", u, "--json", "context"});
    ASSERT_EQ(ctx.exit_code, 0) << ctx.out;
    EXPECT_EQ(ctx.out.find("****"), std::string::npos) << ctx.out;
    CliRun table = RunPgcrate({"-d", u, "inspect", "table", "items"});
    ASSERT_EQ(table.exit_code, 0) << table.err;
    EXPECT_EQ(table.out.find("****"), std::string::npos) << table.out;
    CliRun missing = RunPgcrate({"-d", u, "sql", "-c", "SELECT id FROM no_such_table"});
    EXPECT_NE(missing.err.find("relation \"no_such_table\" does not exist"), std::string::npos);
    EXPECT_EQ(missing.err.find("****"), std::string::npos) << missing.err;
  }
  // As the password of a printed connection string it is still masked.
  CliRun stray = RunPgcrate({"context", "postgresql://id:id@h/id"});
  EXPECT_NE(stray.err.find("postgresql://id:********@h/id"), std::string::npos) << stray.err;
}

// #15: a [production] pattern inside the password neither triggers the gate nor is shown.
TEST_F(RedactTest, ProductionGateLooksAtHostDatabaseAndUserOnly) {
  TempDir project;
  project.Write("pgcrate.toml", "[production]\npatterns = [\"prod\"]\n");
  project.Write("db/migrations/20250101000000_t.sql", "-- up\nCREATE TABLE t (id int);\n");
  std::string u = SocketUrl("xProdSecretx");
  CliRun up = RunPgcrate({"-d", u, "migrate", "up"}, {.cwd = project.path()});
  EXPECT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(up.err.find("production"), std::string::npos) << up.err;
  ExpectNoLeak(up, {"ProdSecret"}, {"migrate up"});
  // A user name that matches is a production target; the refusal names the match, not the URL.
  project.Write("pgcrate.toml", "[production]\npatterns = [\"postgres\"]\n");
  CliRun refused = RunPgcrate({"-d", SocketUrl("postgresSecret"), "--json", "migrate", "up"},
                              {.cwd = project.path()});
  EXPECT_EQ(refused.exit_code, 1) << refused.out;
  EXPECT_NE(JsonField(refused.out, "/error/message").find("user name 'postgres'"),
            std::string::npos)
      << refused.out;
  ExpectNoLeak(refused, {"postgresSecret"}, {"migrate up"});
}

// #22: with no [production] section, "prod"/"production" as a word of the host or database
// name make a database a production one.
TEST_F(RedactTest, DefaultProductionPatternsGuardAppProd) {
  std::string prod_db = db_name() + "_app_prod";
  Exec("CREATE DATABASE " + prod_db);
  TempDir project;
  project.Write("db/migrations/20250101000000_t.sql", "-- up\nCREATE TABLE t (id int);\n");
  std::string u = ClusterUrl(prod_db);
  CliRun up = RunPgcrate({"-d", u, "migrate", "up"}, {.cwd = project.path()});
  EXPECT_EQ(up.exit_code, 1) << up.err;
  EXPECT_NE(up.err.find("pass --yes"), std::string::npos) << up.err;
  EXPECT_NE(up.err.find("pattern 'prod'"), std::string::npos) << up.err;
  CliRun yes = RunPgcrate({"-d", u, "migrate", "up", "--yes"}, {.cwd = project.path()});
  EXPECT_EQ(yes.exit_code, 0) << yes.err;
  EXPECT_NE(yes.err.find("production database"), std::string::npos) << yes.err;
  CliRun plain = RunPgcrate({"-d", url(), "migrate", "up"}, {.cwd = project.path()});
  EXPECT_EQ(plain.exit_code, 0) << plain.err;
  Exec("DROP DATABASE " + prod_db + " WITH (FORCE)");
}

TEST_F(RedactTest, HelpHintsKeepTheNamespace) {
  CliRun r = RunPgcrate({"migrate", "up", "--bogus"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("run `pgcrate migrate up --help`"), std::string::npos) << r.err;
  CliRun fix = RunPgcrate({"dba", "fix", "sequence", "public.s"});
  EXPECT_NE(fix.err.find("run `pgcrate dba fix sequence --help`"), std::string::npos) << fix.err;
}

TEST_F(RedactTest, NumericOptionErrorsGiveASaneRange) {
  std::vector<std::vector<std::string>> runs = {
      {"migrate", "down", "--steps", "0"},       {"migrate", "down", "--steps", "abc"},
      {"--connect-timeout", "-5", "context"},    {"--lock-timeout", "99999999999999", "context"},
      {"migrate", "up", "--lock-retries", "-1"},
  };
  for (const auto& args : runs) {
    CliRun r = RunPgcrate(args);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("must be a whole number between"), std::string::npos) << r.err;
    EXPECT_LT(r.err.size(), 400u) << r.err;
    EXPECT_EQ(r.err.find("e+"), std::string::npos) << r.err;
  }
  CliRun limit = RunPgcrate({"dba", "locks", "--limit", "0"});
  EXPECT_NE(limit.err.find("between 1 and 2147483647"), std::string::npos) << limit.err;
}

TEST_F(RedactTest, SqlWithBothCommandAndFileIsAUsageError) {
  TempDir dir;
  std::string file = dir.Write("q.sql", "SELECT 2 AS from_file;");
  CliRun r = RunPgcrate({"-d", url(), "sql", "-c", "SELECT 1 AS from_c", "-f", file});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_EQ(r.out.find("from_c"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("--file"), std::string::npos) << r.err;
}

TEST_F(RedactTest, DbaUsageErrorsDoNotUseTheCriticalCode) {
  for (std::vector<std::string> args :
       {std::vector<std::string>{"dba", "fix", "sequence", "public.s"},
        {"dba", "fix", "nosuchfix"},
        {"--json", "dba", "fix", "index"},
        {"dba", "locks", "--limit", "x"}}) {
    CliRun r = RunPgcrate(args);
    EXPECT_EQ(r.exit_code, 12) << r.out << r.err;
  }
  CliRun top = RunPgcrate({"migrate", "nosuch"});
  EXPECT_EQ(top.exit_code, 2);
}

TEST_F(RedactTest, UnknownLintRuleIdsInConfigAreErrors) {
  TempDir project;
  project.Write("db/migrations/20250101000000_t.sql", "-- up\nCREATE TABLE t (id int);\n");
  project.Write("pgcrate.toml", "[lint]\ndisable = [\"no-such-rule\"]\n");
  for (std::vector<std::string> args :
       {std::vector<std::string>{"migrate", "lint"}, {"-d", url(), "migrate", "status"}}) {
    CliRun r = RunPgcrate(args, {.cwd = project.path()});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("pgcrate.toml:2:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("unknown lint rule 'no-such-rule'"), std::string::npos) << r.err;
  }
  project.Write("pgcrate.toml", "[lint.severity]\nban-drop-tabel = \"off\"\n");
  CliRun sev = RunPgcrate({"migrate", "lint"}, {.cwd = project.path()});
  EXPECT_EQ(sev.exit_code, 1) << sev.err;
  EXPECT_NE(sev.err.find("did you mean 'ban-drop-table'?"), std::string::npos) << sev.err;
}

TEST_F(RedactTest, ConfigPathsOutsideTheProjectNeedExplicitPermission) {
  TempDir project;
  TempDir elsewhere;
  elsewhere.Write("20250101000000_t.sql", "-- up\nCREATE TABLE t (id int);\n");
  project.Write("pgcrate.toml", "[paths]\nmigrations = \"" + elsewhere.path() + "\"\n");
  CliRun abs = RunPgcrate({"-d", url(), "migrate", "status"}, {.cwd = project.path()});
  EXPECT_EQ(abs.exit_code, 1) << abs.err;
  EXPECT_NE(abs.err.find("pgcrate.toml:2:"), std::string::npos) << abs.err;
  EXPECT_NE(abs.err.find("is an absolute path"), std::string::npos) << abs.err;
  EXPECT_NE(abs.err.find("allow_outside_project"), std::string::npos) << abs.err;
  project.Write("pgcrate.toml", "[paths]\nallow_outside_project = true\nmigrations = \"" +
                                    elsewhere.path() + "\"\n");
  CliRun ok = RunPgcrate({"-d", url(), "migrate", "status"}, {.cwd = project.path()});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE((ok.out + ok.err).find("20250101000000"), std::string::npos) << ok.out;
}

TEST_F(RedactTest, InspectDiffWithAnUnknownSchemaIsAnError) {
  Exec("CREATE SCHEMA app; CREATE TABLE app.t (id int)");
  CliRun typo = RunPgcrate({"-d", url(), "inspect", "diff", "--to", url(), "--schema", "apq"});
  EXPECT_EQ(typo.exit_code, 2) << typo.out << typo.err;
  EXPECT_NE(typo.err.find("apq"), std::string::npos) << typo.err;
  EXPECT_EQ(typo.out.find("identical"), std::string::npos) << typo.out;
  CliRun known = RunPgcrate({"-d", url(), "inspect", "diff", "--to", url(), "--schema", "app"});
  EXPECT_EQ(known.exit_code, 0) << known.out << known.err;
}

}  // namespace
}  // namespace pgcrate::testing

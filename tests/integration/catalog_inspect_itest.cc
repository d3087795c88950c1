// `inspect table|extensions|roles|grants` end to end: the spec's describe JSON, text output,
// filters and bad input.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "catalog_itest_util.h"

namespace pgcrate::testing {
namespace {

class Inspect : public PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    Exec(
        "CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL UNIQUE, "
        "team_id int, created timestamptz DEFAULT now());"
        "CREATE TABLE teams (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text);"
        "ALTER TABLE users ADD CONSTRAINT users_team_fk FOREIGN KEY (team_id) REFERENCES teams "
        "(id);"
        "CREATE INDEX users_created ON users (created) WHERE created IS NOT NULL;"
        "CREATE FUNCTION nop() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';"
        "CREATE TRIGGER users_nop BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION nop();"
        "ALTER TABLE users ENABLE ROW LEVEL SECURITY;"
        "CREATE POLICY users_self ON users USING (id > 0);"
        "CREATE VIEW user_emails AS SELECT email FROM users;"
        "CREATE SCHEMA other; CREATE TABLE other.users (x int);"
        "CREATE ROLE " +
        role() + "; GRANT SELECT ON users TO " + role() + ";");
  }
  void TearDown() override {
    Exec("DROP OWNED BY " + role() + "; DROP ROLE " + role());
    PgTest::TearDown();
  }
  // Roles are cluster-wide and tests run in parallel: one role per test database.
  std::string role() const { return "r_" + db_name(); }
};

TEST_F(Inspect, TableJsonHasTheSpecShape) {
  CliRun run = RunPgcrate({"-d", url(), "--json", "inspect", "table", "users"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  auto doc = nlohmann::json::parse(run.out);
  EXPECT_EQ(doc["ok"], true);
  EXPECT_EQ(doc["schema"], "public");
  EXPECT_EQ(doc["name"], "users");
  const auto& t = doc["table"];
  for (const char* key : {"columns", "indexes", "constraints", "triggers", "stats", "rls"}) {
    EXPECT_TRUE(t.contains(key)) << key;
  }
  const auto& id = t["columns"][0];
  EXPECT_EQ(id["name"], "id");
  EXPECT_EQ(id["data_type"], "integer");
  EXPECT_EQ(id["nullable"], false);
  EXPECT_EQ(id["is_primary_key"], true);
  EXPECT_EQ(id["serial"], "serial");
  EXPECT_EQ(t["columns"][1]["is_primary_key"], false);
  EXPECT_EQ(t["indexes"].size(), 3u);
  EXPECT_EQ(t["constraints"].size(), 3u);
  EXPECT_EQ(t["triggers"][0]["name"], "users_nop");
  EXPECT_TRUE(t["stats"].contains("row_estimate"));
  EXPECT_TRUE(t["stats"].contains("table_size"));
  EXPECT_EQ(t["rls"]["enabled"], true);
  EXPECT_EQ(t["rls"]["policies"][0]["name"], "users_self");
  ASSERT_TRUE(doc["dependents"].is_array());
  EXPECT_EQ(doc["dependents"][0]["name"], "public.user_emails");
  EXPECT_EQ(doc["dependencies"].dump().find("public.teams") != std::string::npos, true);

  CliRun teams = RunPgcrate({"-d", url(), "--json", "inspect", "table", "public.teams"});
  auto tdoc = nlohmann::json::parse(teams.out);
  EXPECT_EQ(tdoc["table"]["columns"][0]["identity"], "always");
  EXPECT_TRUE(tdoc["table"]["rls"].is_null());
  EXPECT_EQ(tdoc["dependents"][0]["name"], "public.users");
}

TEST_F(Inspect, TableTextAndErrors) {
  CliRun run = RunPgcrate({"-d", url(), "inspect", "table", "other.users"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("Table \"other.users\""), std::string::npos) << run.out;
  CliRun text = RunPgcrate({"-d", url(), "inspect", "table", "users"});
  EXPECT_NE(text.out.find("Indexes:"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("\"users_team_fk\" FOREIGN KEY (team_id) REFERENCES public.teams(id)"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("Referenced by:"), std::string::npos);
  CliRun missing = RunPgcrate({"-d", url(), "--json", "inspect", "table", "user"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(JsonField(missing.out, "/ok"), "false");
  EXPECT_NE(JsonField(missing.out, "/error/message").find("\"user\" does not exist"),
            std::string::npos);
  CliRun usage = RunPgcrate({"-d", url(), "inspect", "table"});
  EXPECT_EQ(usage.exit_code, 2);
}

TEST_F(Inspect, ExtensionsRolesAndGrants) {
  Exec("CREATE EXTENSION hstore");
  CliRun ext = RunPgcrate({"-d", url(), "--json", "inspect", "extensions"});
  ASSERT_EQ(ext.exit_code, 0) << ext.err;
  EXPECT_NE(ext.out.find("\"name\": \"hstore\""), std::string::npos) << ext.out;
  CliRun roles = RunPgcrate({"-d", url(), "--json", "inspect", "roles"});
  ASSERT_EQ(roles.exit_code, 0);
  EXPECT_NE(roles.out.find(role()), std::string::npos);
  EXPECT_EQ(roles.out.find("\"pg_monitor\""), std::string::npos);
  CliRun all = RunPgcrate({"-d", url(), "--json", "inspect", "roles", "--all"});
  EXPECT_NE(all.out.find("\"pg_monitor\""), std::string::npos);
  CliRun grants = RunPgcrate({"-d", url(), "--json", "inspect", "grants", "--role", role()});
  ASSERT_EQ(grants.exit_code, 0) << grants.err;
  auto doc = nlohmann::json::parse(grants.out);
  ASSERT_EQ(doc["grants"].size(), 1u) << grants.out;
  EXPECT_EQ(doc["grants"][0]["name"], "users");
  EXPECT_EQ(doc["grants"][0]["privileges"][0], "SELECT");
  CliRun by_table = RunPgcrate({"-d", url(), "inspect", "grants", "--table", "other.users"});
  EXPECT_EQ(by_table.exit_code, 0);
  EXPECT_EQ(by_table.out.find(role()), std::string::npos);
  EXPECT_NE(by_table.out.find("other"), std::string::npos) << by_table.out;
}

}  // namespace
}  // namespace pgcrate::testing

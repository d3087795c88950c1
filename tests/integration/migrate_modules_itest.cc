// Modules, templates and the tracking-table upgrade end to end (issue 16): two modules with the
// same version numbers in one database, one template migration expanded in two schemas,
// schema-local tracking, history rows that survive `down`, `down --to`, `current`, offline
// `sql`, the upgrade of a tracking table written by an older pgcrate, and the errors.
#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/files.h"
#include "migrate_itest_support.h"

namespace pgcrate::testing {
namespace {

using nlohmann::json;

class MigrateModulesTest : public MigrateTest {
 protected:
  // auth and billing, each with its own 001/002 in its own schema; billing tracked in-schema.
  void WriteTwoModules() {
    WriteRaw("pgcrate.toml",
             "[modules.auth]\nmigrations = \"mods/auth\"\nschema = \"auth\"\n\n"
             "[modules.billing]\nmigrations = \"mods/billing\"\nschema = \"billing\"\n"
             "tracking = \"schema\"\n");
    WriteRaw("mods/auth/001_initial.sql",
             "-- up\nCREATE SCHEMA IF NOT EXISTS {{schema}};\n"
             "CREATE TABLE {{tables.users}} (id int PRIMARY KEY, email text);\n"
             "-- down\nDROP TABLE {{tables.users}};\n");
    WriteRaw("mods/auth/002_sessions.sql",
             "-- up\nCREATE TABLE {{tables.sessions}} (id int PRIMARY KEY,\n"
             "  user_id int REFERENCES {{ tables.users }}(id));\n"
             "-- down\nDROP TABLE {{tables.sessions}};\n");
    WriteRaw("mods/billing/001_initial.sql",
             "-- up\nCREATE SCHEMA IF NOT EXISTS {{schema}};\n"
             "CREATE TABLE {{tables.invoices}} (id int PRIMARY KEY, grid int[] DEFAULT "
             "'{{1,2},{3,4}}');\n-- down\nDROP TABLE {{tables.invoices}};\n");
  }
};

TEST_F(MigrateModulesTest, TwoModulesWithTheSameVersionsShareOneDatabase) {
  WriteTwoModules();
  auto up = Run({"migrate", "up"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_NE(up.out.find("Applied 3 migrations"), std::string::npos) << up.out;
  EXPECT_EQ(Scalar("SELECT to_regclass('auth.sessions') IS NOT NULL"), "t");
  EXPECT_EQ(Scalar("SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef d JOIN pg_attribute a "
                   "ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = "
                   "'billing.invoices'::regclass AND a.attname = 'grid'"),
            "'{{1,2},{3,4}}'::integer[]");
  // Keyed (module, version): auth's 001 in pgcrate's table, billing's 001 in its own schema.
  EXPECT_EQ(Scalar("SELECT string_agg(module || ':' || version || ':' || filename, ',' ORDER BY "
                   "version) FROM pgcrate.schema_migrations"),
            "auth:001:001_initial.sql,auth:002:002_sessions.sql");
  EXPECT_EQ(Scalar("SELECT string_agg(module || ':' || version, ',') FROM "
                   "billing.schema_migrations"),
            "billing:001");
  auto st = Run({"--json", "migrate", "status"});
  ASSERT_EQ(st.exit_code, 0) << st.err;
  json doc = json::parse(st.out);
  ASSERT_EQ(doc["modules"].size(), 2u) << st.out;  // no db/migrations: only the modules
  EXPECT_EQ(doc["modules"][0]["module"], "auth");
  EXPECT_EQ(doc["modules"][0]["current"], "002");
  EXPECT_EQ(doc["modules"][1]["tracking_table"], "billing.schema_migrations");
  EXPECT_EQ(doc["counts"]["applied"], 3);
  auto one = Run({"migrate", "status", "--module", "billing"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_NE(one.out.find("1 applied, 0 pending; current version: 001"), std::string::npos)
      << one.out;
  auto again = Run({"migrate", "up"});
  EXPECT_NE(again.out.find("Nothing to do"), std::string::npos) << again.out;
  auto verify = Run({"migrate", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  auto check = Run({"migrate", "check"});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

TEST_F(MigrateModulesTest, OneTemplateMigrationInTwoSchemas) {
  WriteRaw("pgcrate.toml",
           "[modules.tenant_a]\nmigrations = \"tenant\"\nschema = \"Tenant A\"\n"
           "[modules.tenant_b]\nmigrations = \"tenant\"\nschema = \"tenant_b\"\n");
  WriteRaw("tenant/V1__items.sql",
           "-- up\nCREATE SCHEMA {{schema}};\nCREATE TABLE {{tables.items}} (id int);\n"
           "CREATE FUNCTION {{schema}}.item_count() RETURNS bigint LANGUAGE sql AS "
           "$$ SELECT count(*) FROM {{tables.items}} $$;\n");
  auto up = Run({"migrate", "up"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(Scalar("SELECT \"Tenant A\".item_count() + tenant_b.item_count()"), "0");
  EXPECT_EQ(Scalar("SELECT count(*) FROM pgcrate.schema_migrations WHERE version = '1'"), "2");
}

TEST_F(MigrateModulesTest, DownKeepsHistoryAndDownToIsExclusive) {
  WriteTwoModules();
  ASSERT_EQ(Run({"migrate", "up"}).exit_code, 0);
  auto down = Run({"migrate", "down", "--module", "auth", "--to", "001", "--yes"});
  ASSERT_EQ(down.exit_code, 0) << down.err;
  EXPECT_EQ(Scalar("SELECT to_regclass('auth.sessions') IS NULL AND "
                   "to_regclass('auth.users') IS NOT NULL"),
            "t");
  auto cur = Run({"--json", "migrate", "current", "--module", "auth"});
  ASSERT_EQ(cur.exit_code, 0) << cur.err;
  EXPECT_EQ(json::parse(cur.out)["current"][0]["version"], "001") << cur.out;
  ASSERT_EQ(Run({"migrate", "up", "--module", "auth"}).exit_code, 0);
  auto hist = Run({"--json", "migrate", "history", "--module", "auth"});
  ASSERT_EQ(hist.exit_code, 0) << hist.err;
  json rows = json::parse(hist.out)["history"];
  ASSERT_EQ(rows.size(), 3u) << hist.out;  // 001, 002 (rolled back), 002 again
  EXPECT_FALSE(rows[1]["rolled_back_at"].is_null());
  EXPECT_TRUE(rows[2]["rolled_back_at"].is_null());
  auto text = Run({"migrate", "history"});
  EXPECT_NE(text.out.find("rolled back"), std::string::npos) << text.out;
  auto bad = Run({"migrate", "down", "--module", "auth", "--to", "007", "--yes"});
  EXPECT_EQ(bad.exit_code, 1) << bad.err;
  auto both = Run({"migrate", "down", "--steps", "1", "--to", "001", "--yes"});
  EXPECT_EQ(both.exit_code, 2) << both.err;
}

TEST_F(MigrateModulesTest, AnOldTrackingTableIsUpgradedInPlace) {
  Exec(
      "CREATE SCHEMA pgcrate; CREATE TABLE pgcrate.schema_migrations (version text PRIMARY KEY, "
      "applied_at timestamptz DEFAULT now(), name text, checksum text, execution_ms bigint, "
      "applied_by text DEFAULT current_user); INSERT INTO pgcrate.schema_migrations "
      "(version, name) VALUES ('20250101000000', 'one')");
  Write("20250101000000", "one", "-- up\nSELECT 1;\n");
  Write("20250102000000", "two", "-- up\nCREATE TABLE two (id int);\n-- down\nDROP TABLE two;\n");
  auto up = Run({"migrate", "up"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(Scalar("SELECT string_agg(module || '|' || version || '|' || filename, ',' ORDER BY "
                   "id) FROM pgcrate.schema_migrations"),
            "|20250101000000|20250101000000_one.sql,|20250102000000|20250102000000_two.sql");
  EXPECT_EQ(Scalar("SELECT a.attname FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = "
                   "c.conrelid AND a.attnum = c.conkey[1] WHERE c.conrelid = "
                   "'pgcrate.schema_migrations'::regclass AND c.contype = 'p'"),
            "id");
  // Idempotent: a second run changes nothing; down keeps the row.
  ASSERT_EQ(Run({"migrate", "down", "--steps", "1", "--yes"}).exit_code, 0);
  EXPECT_EQ(Scalar("SELECT count(*) FROM pgcrate.schema_migrations"), "2");
  ASSERT_EQ(Run({"migrate", "up"}).exit_code, 0);
  EXPECT_EQ(Scalar("SELECT count(*) FROM pgcrate.schema_migrations"), "3");
}

TEST_F(MigrateModulesTest, OfflineSqlNeedsNoDatabase) {
  WriteTwoModules();
  CliOptions o;
  o.cwd = Dir();
  auto sql = RunPgcrate({"-d", "postgresql://nobody@127.0.0.1:1/none", "migrate", "sql",
                         "--offline", "--module", "auth", "--from", "002"},
                        o);
  ASSERT_EQ(sql.exit_code, 0) << sql.err;
  EXPECT_NE(sql.out.find("CREATE TABLE auth.sessions"), std::string::npos) << sql.out;
  EXPECT_NE(sql.out.find("REFERENCES auth.users(id)"), std::string::npos) << sql.out;
  EXPECT_EQ(sql.out.find("CREATE TABLE auth.users"), std::string::npos) << sql.out;
  EXPECT_EQ(sql.out.find("{{"), std::string::npos) << sql.out;
}

TEST_F(MigrateModulesTest, TemplateErrorsNameTheFileLineAndColumn) {
  WriteRaw("pgcrate.toml", "[modules.auth]\nmigrations = \"mods/auth\"\nschema = \"auth\"\n");
  WriteRaw("mods/auth/001_x.sql", "-- up\nCREATE SCHEMA auth;\nSELECT * FROM {{table.users}};\n");
  auto bad = Run({"migrate", "up"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("mods/auth/001_x.sql:3:15"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("unknown template placeholder {{table.users}}"), std::string::npos)
      << bad.err;
  EXPECT_EQ(Scalar("SELECT to_regnamespace('auth') IS NULL"), "t");  // nothing ran
  // A server error after an expansion points at the column in the file as written.
  WriteRaw("mods/auth/001_x.sql",
           "-- up\nCREATE SCHEMA auth;\nCREATE TABLE {{tables.t}} (id int); SELEC 1;\n");
  auto syntax = Run({"migrate", "up"});
  EXPECT_EQ(syntax.exit_code, 1);
  EXPECT_NE(syntax.err.find("mods/auth/001_x.sql:3:37"), std::string::npos) << syntax.err;
  // Outside a module, {{tables.x}} is an error; other braces are left alone.
  Write("20250101000000", "p", "-- up\nSELECT '{{name}}';\nSELECT * FROM {{tables.users}};\n");
  auto project = Run({"migrate", "status", "--module", "nope"});
  EXPECT_EQ(project.exit_code, 2) << project.err;
  EXPECT_NE(project.err.find("no module named 'nope'"), std::string::npos) << project.err;
  auto outside = Run({"migrate", "up"});
  EXPECT_EQ(outside.exit_code, 1);
  EXPECT_NE(outside.err.find("20250101000000_p.sql:3:15"), std::string::npos) << outside.err;
  EXPECT_NE(outside.err.find("outside a module"), std::string::npos) << outside.err;
}

TEST_F(MigrateModulesTest, BadModuleConfigIsAClearError) {
  WriteRaw("pgcrate.toml", "[modules.auth]\nmigration = \"mods/auth\"\n");
  auto r = Run({"migrate", "status"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("did you mean 'migrations'"), std::string::npos) << r.err;
  WriteRaw("pgcrate.toml", "[modules.auth]\nmigrations = \"m\"\ntracking = \"schema\"\n");
  r = Run({"migrate", "status"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("needs schema"), std::string::npos) << r.err;
}

TEST_F(MigrateModulesTest, StatusCheckDriftAndLintCoverModules) {
  WriteTwoModules();
  ASSERT_EQ(Run({"migrate", "up"}).exit_code, 0);
  auto clean = Run({"migrate", "status", "--check-drift"});
  ASSERT_EQ(clean.exit_code, 0) << clean.err;
  EXPECT_NE(clean.out.find("drift: none"), std::string::npos) << clean.out;
  Exec("ALTER TABLE auth.users ADD COLUMN nickname text");
  auto drifted = Run({"--json", "migrate", "status", "--check-drift"});
  ASSERT_EQ(drifted.exit_code, 0) << drifted.err;
  json doc = json::parse(drifted.out);
  EXPECT_EQ(doc["drift"]["drifted"], true) << drifted.out;
  // migrate lint reads the pending module files with their templates expanded.
  WriteRaw("mods/auth/003_index.sql",
           "-- up\nCREATE INDEX users_email ON {{tables.users}} (email);\n");
  auto lint = Run({"migrate", "lint"});
  EXPECT_EQ(lint.exit_code, 0) << lint.out << lint.err;  // warnings only: auth.users is small
  EXPECT_NE(lint.out.find("mods/auth/003_index.sql:2:1: warning[missing-down]"), std::string::npos)
      << lint.out;
  EXPECT_EQ(lint.out.find("001_initial"), std::string::npos) << lint.out;  // applied: not linted
  // Columns are the file's as written, not the expanded text's (the second statement starts at
  // column 55 of the file, 49 of the expansion).
  WriteRaw("mods/auth/003_index.sql",
           "-- up\nCREATE INDEX users_email ON {{tables.users}} (email); TRUNCATE "
           "{{tables.users}};\n-- down\nDROP INDEX {{schema}}.users_email;\n");
  auto cols = Run({"migrate", "lint"});
  EXPECT_NE(cols.out.find("mods/auth/003_index.sql:2:55: error[ban-truncate]"), std::string::npos)
      << cols.out;
  EXPECT_EQ(cols.out.find("mods/auth/003_index.sql:2:49:"), std::string::npos) << cols.out;
  // A file named on the command line inside a module's directory is read as that module's.
  auto named = Run({"migrate", "lint", "mods/auth/003_index.sql"});
  EXPECT_NE(named.out.find("mods/auth/003_index.sql:2:55: error[ban-truncate]"), std::string::npos)
      << named.out << named.err;
}

TEST_F(MigrateModulesTest, NewCreatesTheNextModuleNumber) {
  WriteTwoModules();
  auto n = Run({"--json", "migrate", "new", "add_roles", "--module", "auth"});
  ASSERT_EQ(n.exit_code, 0) << n.err;
  EXPECT_EQ(json::parse(n.out)["version"], "003") << n.out;
  EXPECT_TRUE(std::filesystem::exists(Dir() + "/mods/auth/003_add_roles.sql"));
}

TEST_F(MigrateModulesTest, SquashingAModuleKeepsItsTemplatesForEverySchemaSharingTheDirectory) {
  WriteRaw("pgcrate.toml",
           "[modules.tenant_a]\nmigrations = \"tenant\"\nschema = \"Tenant A\"\n"
           "[modules.tenant_b]\nmigrations = \"tenant\"\nschema = \"tenant_b\"\n");
  WriteRaw("tenant/V1__items.sql",
           "-- up\nCREATE SCHEMA IF NOT EXISTS {{schema}};\n"
           "CREATE TABLE {{tables.items}} (id int PRIMARY KEY, name text);\n");
  WriteRaw("tenant/V2__tags.sql",
           "-- up\nCREATE TABLE {{tables.tags}} (item_id int REFERENCES {{tables.items}}(id), "
           "tag text);\nCREATE INDEX tags_tag ON {{tables.tags}} (tag);\n");
  WriteRaw("tenant/V3__view.sql",
           "-- up\nCREATE VIEW {{schema}}.tagged AS SELECT i.name, t.tag FROM {{tables.items}} i "
           "JOIN {{tables.tags}} t ON t.item_id = i.id;\n");
  ASSERT_EQ(Run({"migrate", "up"}).exit_code, 0);
  auto bad = Run({"migrate", "squash", "base", "--module", "tenant_c"});
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_NE(bad.err.find("did you mean 'tenant_a'"), std::string::npos) << bad.err;

  auto sq = Run({"--json", "migrate", "squash", "base", "--module", "tenant_a"});
  ASSERT_EQ(sq.exit_code, 0) << sq.out << sq.err;
  EXPECT_EQ(json::parse(sq.out)["replaces"], json({"1", "2", "3"})) << sq.out;
  EXPECT_FALSE(std::filesystem::exists(Dir() + "/tenant/V1__items.sql"));
  auto text = base::ReadFile(Dir() + "/tenant/V3__base.sql");
  ASSERT_TRUE(text.ok()) << sq.out;
  EXPECT_NE(text->find("{{schema}}.items"), std::string::npos) << *text;
  EXPECT_EQ(text->find("Tenant A"), std::string::npos) << *text;

  // Both schemas applied the old files: the squashed file counts as applied for each.
  auto st = Run({"--json", "migrate", "status"});
  ASSERT_EQ(st.exit_code, 0) << st.err;
  json doc = json::parse(st.out);
  EXPECT_EQ(doc["counts"]["applied"], 2) << st.out;
  EXPECT_EQ(doc["counts"]["pending"], 0) << st.out;
  EXPECT_EQ(Run({"migrate", "verify"}).exit_code, 0);
  auto check = Run({"migrate", "check"});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;

  // A schema that never ran the old files gets the squashed one, expanded for it.
  Exec(
      "DROP SCHEMA tenant_b CASCADE; DELETE FROM pgcrate.schema_migrations WHERE module = "
      "'tenant_b'");
  auto up = Run({"migrate", "up", "--module", "tenant_b"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(Scalar("SELECT count(*) FROM tenant_b.tagged"), "0");
  EXPECT_EQ(Scalar("SELECT count(*) FROM \"Tenant A\".tagged"), "0");
  auto again = Run({"migrate", "check"});
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
}

}  // namespace
}  // namespace pgcrate::testing

// `pgcrate migrate squash` end to end: a database that applied the old files sees the squashed
// file as applied (up, status, verify, check, down); a fresh database runs it; the refusals
// (range not applied, data statements, a database part-way through the old range) change
// nothing; --from/--to in the middle of the history; --dry-run and --json.
#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/files.h"
#include "migrate_itest_support.h"

namespace pgcrate::testing {
namespace {

using nlohmann::json;

constexpr const char* kV1 = "20250101000000";
constexpr const char* kV2 = "20250102000000";
constexpr const char* kV3 = "20250103000000";
constexpr const char* kV4 = "20250104000000";
constexpr const char* kV5 = "20250105000000";

class SquashTest : public MigrateTest {
 protected:
  // Five migrations: types, tables, columns, an index, a foreign key, a view and a function.
  void WriteHistory() {
    Write(kV1, "create_users",
          "-- up\nCREATE TYPE user_state AS ENUM ('new', 'active');\n"
          "CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text);\n"
          "-- down\nDROP TABLE users;\nDROP TYPE user_state;\n");
    Write(kV2, "add_state",
          "-- up\nALTER TABLE users ADD COLUMN state user_state NOT NULL DEFAULT 'new';\n"
          "CREATE INDEX users_email_idx ON users (email);\n"
          "-- down\nALTER TABLE users DROP COLUMN state;\nDROP INDEX users_email_idx;\n");
    Write(kV3, "create_orders",
          "-- up\nCREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
          "  user_id bigint NOT NULL REFERENCES users (id), total numeric(12,2));\n"
          "-- down\nDROP TABLE orders;\n");
    Write(kV4, "order_view",
          "-- up\nCREATE VIEW order_totals AS SELECT user_id, sum(total) AS total FROM orders "
          "GROUP BY user_id;\n-- down\nDROP VIEW order_totals;\n");
    Write(kV5, "add_function",
          "-- up\nCREATE FUNCTION active_users() RETURNS bigint LANGUAGE sql STABLE AS "
          "$$ SELECT count(*) FROM users WHERE state = 'active' $$;\n"
          "-- down\nDROP FUNCTION active_users();\n");
  }

  std::vector<std::string> FileNames() {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(MigrationsDir())) {
      out.push_back(e.path().filename().string());
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  // Drops everything the migrations and pgcrate created: a fresh database.
  void ResetDatabase() {
    Exec(
        "DROP FUNCTION IF EXISTS active_users(); DROP VIEW IF EXISTS order_totals; "
        "DROP TABLE IF EXISTS orders, users; DROP TYPE IF EXISTS user_state; "
        "DROP SCHEMA pgcrate CASCADE;");
  }

  // status --json: applied count, pending count, and no problem lists.
  void ExpectCleanStatus(size_t applied, size_t pending) {
    auto st = Run({"--json", "migrate", "status"});
    ASSERT_EQ(st.exit_code, 0) << st.err;
    json doc = json::parse(st.out);
    EXPECT_EQ(doc["counts"]["applied"], applied) << st.out;
    EXPECT_EQ(doc["counts"]["pending"], pending) << st.out;
    EXPECT_FALSE(doc.contains("missing_files")) << st.out;
    EXPECT_FALSE(doc.contains("changed_files")) << st.out;
    auto verify = Run({"migrate", "verify"});
    EXPECT_EQ(verify.exit_code, 0) << verify.err;
  }
};

TEST_F(SquashTest, DatabaseThatAppliedTheOldFilesSeesTheSquashedFileApplied) {
  WriteHistory();
  ASSERT_EQ(Run({"migrate", "up"}).exit_code, 0);
  auto sq = Run({"--json", "migrate", "squash", "Initial Schema"});
  ASSERT_EQ(sq.exit_code, 0) << sq.err;
  json doc = json::parse(sq.out);
  EXPECT_EQ(doc["ok"], true);
  EXPECT_EQ(doc["count"], 5);
  EXPECT_EQ(doc["has_down"], true) << sq.out;
  EXPECT_EQ(doc["replaces"], json({kV1, kV2, kV3, kV4, kV5}));
  EXPECT_EQ(FileNames(), std::vector<std::string>{"20250105000000_initial_schema.sql"});
  auto text = base::ReadFile(MigrationsDir() + "/20250105000000_initial_schema.sql");
  ASSERT_TRUE(text.ok());
  EXPECT_NE(text->find("-- pgcrate: replaces 20250101000000 20250102000000 20250103000000 "
                       "20250104000000 20250105000000\n"),
            std::string::npos)
      << *text;
  auto up = Run({"--json", "migrate", "up"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(JsonField(up.out, "/count"), "0") << up.out;
  ExpectCleanStatus(1, 0);
  EXPECT_EQ(TrackedCount(), 5);  // the history is kept as it was
  auto history = Run({"--json", "migrate", "history"});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  for (const auto& row : json::parse(history.out)["history"]) EXPECT_EQ(row["file"], "squashed");
  auto check = Run({"migrate", "check"});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  // Rolling the squashed file back undoes the whole range and forgets the old rows with it.
  auto down = Run({"migrate", "down", "--steps", "1", "--yes"});
  ASSERT_EQ(down.exit_code, 0) << down.err;
  EXPECT_EQ(TrackedCount(), 0);
  EXPECT_EQ(Scalar("SELECT to_regclass('public.users') IS NULL"), "t");
  ExpectCleanStatus(0, 1);
  ASSERT_EQ(Run({"migrate", "up"}).exit_code, 0);
  ExpectCleanStatus(1, 0);
}

TEST_F(SquashTest, FreshDatabaseRunsTheSquashedFileOnce) {
  WriteHistory();
  ASSERT_EQ(Run({"migrate", "up"}).exit_code, 0);
  ASSERT_EQ(Run({"migrate", "squash", "initial"}).exit_code, 0);
  ResetDatabase();
  ExpectCleanStatus(0, 1);
  auto up = Run({"--json", "migrate", "up"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(JsonField(up.out, "/count"), "1");
  EXPECT_EQ(TrackedCount(), 1);
  EXPECT_EQ(Scalar("SELECT version FROM pgcrate.schema_migrations"), kV5);
  EXPECT_EQ(Scalar("SELECT active_users()"), "0");
  ExpectCleanStatus(1, 0);
  EXPECT_EQ(JsonField(Run({"--json", "migrate", "up"}).out, "/count"), "0");
  auto check = Run({"migrate", "check"});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

TEST_F(SquashTest, FromToInTheMiddleOfTheHistory) {
  WriteHistory();
  ASSERT_EQ(Run({"migrate", "up"}).exit_code, 0);
  auto sq = Run({"migrate", "squash", "middle", "--from", kV2, "--to", kV4});
  ASSERT_EQ(sq.exit_code, 0) << sq.err;
  EXPECT_EQ(FileNames(), (std::vector<std::string>{"20250101000000_create_users.sql",
                                                   "20250104000000_middle.sql",
                                                   "20250105000000_add_function.sql"}));
  ExpectCleanStatus(3, 0);
  EXPECT_EQ(Run({"migrate", "check"}).exit_code, 0);
  ResetDatabase();
  auto up = Run({"--json", "migrate", "up"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(JsonField(up.out, "/count"), "3");
  ExpectCleanStatus(3, 0);
  auto check = Run({"migrate", "check"});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

// A squash of a range holding a squashed file lists what that one replaced too, so databases
// that applied the original files and databases that ran the first squashed file both match.
TEST_F(SquashTest, SquashingTwiceKeepsEveryKindOfDatabaseApplied) {
  WriteHistory();
  ASSERT_EQ(Run({"migrate", "up"}).exit_code, 0);
  ASSERT_EQ(Run({"migrate", "squash", "first", "--to", kV3}).exit_code, 0);
  // This database ran the first squashed file, then 04 and 05.
  ResetDatabase();
  ASSERT_EQ(Run({"migrate", "up"}).exit_code, 0);
  EXPECT_EQ(TrackedCount(), 3);
  auto sq = Run({"--json", "migrate", "squash", "second"});
  ASSERT_EQ(sq.exit_code, 0) << sq.err;
  EXPECT_EQ(json::parse(sq.out)["replaces"], json({kV1, kV2, kV3, kV4, kV5}));
  ExpectCleanStatus(1, 0);
  EXPECT_EQ(JsonField(Run({"--json", "migrate", "up"}).out, "/count"), "0");
  // A database that applied the five original files matches the second squashed file too.
  ResetDatabase();
  Exec(
      "CREATE SCHEMA pgcrate; CREATE TABLE pgcrate.schema_migrations (version text PRIMARY KEY, "
      "applied_at timestamptz DEFAULT now(), name text, checksum text, execution_ms bigint, "
      "applied_by text DEFAULT current_user)");
  for (const char* v : {kV1, kV2, kV3, kV4, kV5}) {
    Exec(std::string("INSERT INTO pgcrate.schema_migrations (version, checksum) VALUES ('") + v +
         "', 'old')");
  }
  ExpectCleanStatus(1, 0);
}

TEST_F(SquashTest, ARangeWithAPendingMigrationIsRefused) {
  WriteHistory();
  ASSERT_EQ(Run({"migrate", "up", "--to", kV3}).exit_code, 0);
  auto before = FileNames();
  auto sq = Run({"migrate", "squash", "all"});
  EXPECT_EQ(sq.exit_code, 1);
  EXPECT_NE(sq.err.find("2 migrations of the range are not applied on the target database"),
            std::string::npos)
      << sq.err;
  EXPECT_NE(sq.err.find("20250104000000_order_view.sql"), std::string::npos) << sq.err;
  EXPECT_EQ(FileNames(), before);
  // The applied part may be squashed.
  EXPECT_EQ(Run({"migrate", "squash", "first", "--to", kV3}).exit_code, 0);
  ExpectCleanStatus(1, 2);
}

TEST_F(SquashTest, DataStatementsAndBadRangesAreRefused) {
  WriteHistory();
  Write("20250105500000", "do_block",
        "-- up\nDO $$ BEGIN CREATE TABLE IF NOT EXISTS misc (id bigint); END $$;\n");
  Write("20250106000000", "seed_rows", "-- up\n\nINSERT INTO users (email) VALUES ('a@b');\n");
  ASSERT_EQ(Run({"migrate", "up"}).exit_code, 0);
  auto before = FileNames();
  auto data = Run({"migrate", "squash", "all"});
  EXPECT_EQ(data.exit_code, 1);
  EXPECT_NE(data.err.find("20250106000000_seed_rows.sql:3:1"), std::string::npos) << data.err;
  EXPECT_NE(data.err.find("changes data (InsertStmt)"), std::string::npos) << data.err;
  EXPECT_NE(data.err.find("20250105500000_do_block.sql:2: DoStmt: the squashed file keeps"),
            std::string::npos)
      << data.err;
  auto unknown = Run({"migrate", "squash", "x", "--from", "20990101000000"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("--from 20990101000000: no migration file"), std::string::npos);
  EXPECT_EQ(Run({"migrate", "squash", "x", "--from", kV2, "--to", kV2}).exit_code, 2);
  EXPECT_EQ(Run({"migrate", "squash", "x", "--from", kV3, "--to", kV2}).exit_code, 2);
  EXPECT_EQ(Run({"migrate", "squash", "!!"}).exit_code, 2);
  EXPECT_EQ(FileNames(), before);
}

TEST_F(SquashTest, DryRunPrintsTheFileAndWritesNothing) {
  WriteHistory();
  ASSERT_EQ(Run({"migrate", "up"}).exit_code, 0);
  auto before = FileNames();
  auto dry = Run({"migrate", "squash", "initial", "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("-- pgcrate: replaces 20250101000000"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("CREATE TABLE public.orders"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("-- down\n"), std::string::npos) << dry.out;
  auto json_dry = Run({"--json", "migrate", "squash", "initial", "--dry-run"});
  ASSERT_EQ(json_dry.exit_code, 0) << json_dry.err;
  EXPECT_EQ(JsonField(json_dry.out, "/dry_run"), "true");
  EXPECT_FALSE(JsonField(json_dry.out, "/content").empty());
  EXPECT_EQ(FileNames(), before);
}

TEST_F(SquashTest, ADatabasePartWayThroughTheOldRangeIsRefusedByUp) {
  WriteHistory();
  ASSERT_EQ(Run({"migrate", "up"}).exit_code, 0);
  ASSERT_EQ(Run({"migrate", "squash", "initial", "--to", kV4}).exit_code, 0);
  // As if this database had stopped after the second old migration.
  Exec("DROP FUNCTION active_users(); DROP VIEW order_totals; DROP TABLE orders;");
  Exec("DELETE FROM pgcrate.schema_migrations WHERE version >= '20250103000000'");
  auto up = Run({"migrate", "up"});
  EXPECT_EQ(up.exit_code, 1);
  EXPECT_NE(up.err.find("applied only some of them (20250101000000, 20250102000000)"),
            std::string::npos)
      << up.err;
  EXPECT_EQ(TrackedCount(), 2);
}

// What pgcrate's catalog does not model (a rule, a publication, a column's storage) would be
// lost by a file generated from it: pg_dump of the two shadow databases tells, and squash refuses.
TEST_F(SquashTest, AFileThatWouldLoseSomethingIsRefused) {
  PGCRATE_SKIP_WITHOUT_PG_DUMP();  // only pg_dump sees what it checks
  WriteHistory();
  Write("20250106000000", "exotic",
        "-- up\nALTER TABLE users ALTER COLUMN email SET STORAGE EXTERNAL;\n"
        "CREATE RULE users_keep AS ON DELETE TO users DO INSTEAD NOTHING;\n"
        "CREATE PUBLICATION squash_pub FOR TABLE orders;\n");
  ASSERT_EQ(Run({"migrate", "up"}).exit_code, 0);
  auto before = FileNames();
  auto sq = Run({"migrate", "squash", "all"});
  EXPECT_EQ(sq.exit_code, 1);
  EXPECT_NE(sq.err.find("pg_dump --schema-only of the two differs"), std::string::npos) << sq.err;
  EXPECT_NE(sq.err.find("- ALTER TABLE ONLY public.users ALTER COLUMN email SET STORAGE EXTERNAL;"),
            std::string::npos)
      << sq.err;
  EXPECT_NE(sq.err.find("ON DELETE TO public.users DO INSTEAD NOTHING"), std::string::npos);
  EXPECT_NE(sq.err.find("PUBLICATION squash_pub"), std::string::npos);
  EXPECT_EQ(FileNames(), before);
  Exec("DROP PUBLICATION squash_pub");  // publications are per database, but keep it tidy
  // The range before it squashes fine.
  EXPECT_EQ(Run({"migrate", "squash", "base", "--to", kV5}).exit_code, 0);
}

// A down section that would not restore what was there before the range (here a statistics
// target the catalog does not model, on a table the range drops) is left out, and said so.
TEST_F(SquashTest, ADownSectionThatDoesNotRestoreIsLeftOut) {
  PGCRATE_SKIP_WITHOUT_PG_DUMP();  // only pg_dump sees what it checks
  Write(kV1, "a",
        "-- up\nCREATE TABLE t (a int);\nALTER TABLE t ALTER COLUMN a SET STATISTICS 500;\n");
  Write(kV2, "b", "-- up\nDROP TABLE t;\n");
  Write(kV3, "c", "-- up\nCREATE TABLE u (id bigint);\n-- down\nDROP TABLE u;\n");
  ASSERT_EQ(Run({"migrate", "up"}).exit_code, 0);
  auto sq = Run({"--json", "migrate", "squash", "x", "--from", kV2});
  ASSERT_EQ(sq.exit_code, 0) << sq.err;
  json doc = json::parse(sq.out);
  EXPECT_EQ(doc["has_down"], false) << sq.out;
  EXPECT_NE(doc["down_note"].get<std::string>().find("SET STATISTICS 500"), std::string::npos)
      << sq.out;
  auto text = base::ReadFile(MigrationsDir() + "/20250103000000_x.sql");
  ASSERT_TRUE(text.ok());
  EXPECT_NE(text->find("-- down\n-- (no down section: the reverse plan does not restore"),
            std::string::npos)
      << *text;
  ExpectCleanStatus(2, 0);
  auto down = Run({"migrate", "down", "--steps", "1", "--yes"});
  EXPECT_EQ(down.exit_code, 1);  // no down section: refused, nothing rolled back
  EXPECT_EQ(TrackedCount(), 3);
}

}  // namespace
}  // namespace pgcrate::testing

// `pgcrate migrate ...` end to end against the real server: every command's happy path, the
// status JSON contract, and the refusals (edited file, out of order, no down section, bad
// files, missing --yes).
#include <nlohmann/json.hpp>

#include "base/strings.h"
#include "migrate_itest_support.h"

namespace pgcrate::testing {
namespace {

using nlohmann::json;

class MigrateCommandsTest : public MigrateTest {
 protected:
  void WriteTwo() {
    Write("20250101000000", "create_users",
          "-- Users\n-- up\nCREATE TABLE users (id bigint PRIMARY KEY, email text);\n"
          "-- down\nDROP TABLE users;\n");
    Write("20250102000000", "add_index", "-- up\nCREATE INDEX users_email ON users (email);\n");
  }
};

TEST_F(MigrateCommandsTest, UpThenStatusJsonMatchesTheSpec) {
  WriteTwo();
  auto up = Run({"migrate", "up"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_NE(up.out.find("Applied 2 migrations"), std::string::npos) << up.out;
  EXPECT_EQ(Scalar("SELECT count(*) FROM pg_indexes WHERE indexname = 'users_email'"), "1");
  auto st = Run({"--json", "migrate", "status"});
  ASSERT_EQ(st.exit_code, 0) << st.out;
  json doc = json::parse(st.out);
  json want = json::parse(R"({"ok":true,
    "applied":[{"version":"20250101000000","name":"create_users","has_down":true},
               {"version":"20250102000000","name":"add_index","has_down":false}],
    "pending":[],"counts":{"applied":2,"pending":0,"total":2}})");
  EXPECT_EQ(doc, want) << st.out;
  auto alias = Run({"status", "--json"});
  EXPECT_EQ(json::parse(alias.out), want);
  EXPECT_TRUE(alias.err.empty()) << alias.err;
}

TEST_F(MigrateCommandsTest, TrackingRowsCarryChecksumTimeAndRole) {
  std::string path = Write("20250101000000", "a", "-- up\nSELECT 1;\n");
  ASSERT_EQ(Run({"migrate", "up"}).exit_code, 0);
  auto r = conn().Exec(
      "SELECT name, checksum, execution_ms IS NOT NULL, applied_by = "
      "current_user, applied_at IS NOT NULL FROM pgcrate.schema_migrations");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->rows(), 1);
  EXPECT_EQ(r->str(0, 0), "a");
  EXPECT_EQ(r->str(0, 1).size(), 64u);
  EXPECT_TRUE(r->boolean(0, 2));
  EXPECT_TRUE(r->boolean(0, 3));
  EXPECT_TRUE(r->boolean(0, 4));
}

TEST_F(MigrateCommandsTest, PendingStatusAndDryRunChangeNothing) {
  WriteTwo();
  auto st = Run({"--json", "migrate", "status"});
  ASSERT_EQ(st.exit_code, 0) << st.out;
  EXPECT_EQ(JsonField(st.out, "/counts/pending"), "2");
  EXPECT_EQ(Scalar("SELECT to_regclass('pgcrate.schema_migrations') IS NULL"), "t");
  auto dry = Run({"--json", "migrate", "up", "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.out;
  EXPECT_EQ(JsonField(dry.out, "/count"), "2");
  EXPECT_EQ(Scalar("SELECT to_regclass('public.users') IS NULL"), "t");
}

TEST_F(MigrateCommandsTest, UpToVersionStopsThere) {
  WriteTwo();
  auto up = Run({"migrate", "up", "--to", "20250101000000"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(TrackedCount(), 1);
  auto bad = Run({"migrate", "up", "--to", "20990101000000"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("no migration file has version 20990101000000"), std::string::npos);
}

TEST_F(MigrateCommandsTest, DownRollsBackAndNeedsYesAndADownSection) {
  WriteTwo();
  ASSERT_EQ(Run({"migrate", "up"}).exit_code, 0);
  auto no_yes = Run({"--json", "migrate", "down", "--steps", "1"});
  EXPECT_EQ(no_yes.exit_code, 2);
  EXPECT_EQ(JsonField(no_yes.out, "/ok"), "false");
  EXPECT_EQ(Run({"migrate", "down"}).exit_code, 2);  // --steps missing
  auto no_down = Run({"migrate", "down", "--steps", "1", "--yes"});
  EXPECT_EQ(no_down.exit_code, 1);
  EXPECT_NE(no_down.err.find("has no down section"), std::string::npos) << no_down.err;
  EXPECT_EQ(TrackedCount(), 2);
  Write("20250102000000", "add_index",
        "-- up\nCREATE INDEX users_email ON users (email);\n-- down\nDROP INDEX users_email;\n");
  auto dry = Run({"migrate", "down", "--steps", "2", "--dry-run", "--allow-changed"});
  EXPECT_EQ(dry.exit_code, 2);  // down has no --allow-changed
  auto down = Run({"migrate", "down", "--steps", "2", "--yes"});
  ASSERT_EQ(down.exit_code, 0) << down.err;
  EXPECT_EQ(TrackedCount(), 0);
  EXPECT_EQ(Scalar("SELECT to_regclass('public.users') IS NULL"), "t");
}

TEST_F(MigrateCommandsTest, EditedAppliedFileIsRefusedAndVerifyFails) {
  WriteTwo();
  ASSERT_EQ(Run({"migrate", "up"}).exit_code, 0);
  ASSERT_EQ(Run({"migrate", "verify"}).exit_code, 0);
  Write("20250101000000", "create_users",
        "-- up\nCREATE TABLE users (id bigint PRIMARY KEY, email text, extra int);\n");
  Write("20250103000000", "next", "-- up\nCREATE TABLE next_t (a int);\n");
  auto up = Run({"migrate", "up"});
  EXPECT_EQ(up.exit_code, 1);
  EXPECT_NE(up.err.find("20250101000000_create_users.sql changed after it was applied"),
            std::string::npos)
      << up.err;
  EXPECT_NE(up.err.find("recorded checksum"), std::string::npos);
  EXPECT_EQ(TrackedCount(), 2);
  auto verify = Run({"--json", "migrate", "verify"});
  EXPECT_EQ(verify.exit_code, 1);
  EXPECT_NE(JsonField(verify.out, "/error/message").find("changed or vanished"), std::string::npos);
  EXPECT_EQ(Run({"migrate", "up", "--allow-changed"}).exit_code, 0);
  EXPECT_EQ(TrackedCount(), 3);
}

TEST_F(MigrateCommandsTest, VanishedFileFailsVerifyAndShowsInStatus) {
  std::string path = Write("20250101000000", "a", "-- up\nSELECT 1;\n");
  ASSERT_EQ(Run({"migrate", "up"}).exit_code, 0);
  std::remove(Abs(path).c_str());
  EXPECT_EQ(Run({"migrate", "verify"}).exit_code, 1);
  auto st = Run({"--json", "migrate", "status"});
  EXPECT_EQ(JsonField(st.out, "/missing_files/0"), "20250101000000");
}

// status reads the tracking table by COPY: only this project's applied rows count (not a
// module's, not rolled-back ones), recorded names with escapes come back as written, and a
// table COPY cannot read (row-level security forced on its owner) is read by SELECT instead.
TEST_F(MigrateCommandsTest, StatusReadsOnlyTheProjectsAppliedRowsWhateverTheTable) {
  WriteTwo();
  Write("20250102000000", "add_index",
        "-- up\nCREATE INDEX users_email ON users (email);\n-- down\nDROP INDEX users_email;\n");
  ASSERT_EQ(Run({"migrate", "up"}).exit_code, 0);
  ASSERT_EQ(Run({"migrate", "down", "--steps", "1", "--yes"}).exit_code, 0);  // a rolled-back row
  Exec(
      "INSERT INTO pgcrate.schema_migrations (module, version, name) VALUES "
      "('auth', '20250102000000', 'theirs'), ('', '20240101000000', E'old\\\\one\twith tab')");
  const std::string want =
      R"({"ok":true,"applied":[{"version":"20240101000000","name":"old\\one\twith tab","has_down":false},)"
      R"({"version":"20250101000000","name":"create_users","has_down":true}],)"
      R"("pending":[{"version":"20250102000000","name":"add_index","has_down":true}],)"
      R"("counts":{"applied":2,"pending":1,"total":3},"missing_files":["20240101000000"]})";
  auto st = Run({"--json", "migrate", "status"});
  EXPECT_EQ(json::parse(st.out), json::parse(want)) << st.out;
  Exec(
      "ALTER TABLE pgcrate.schema_migrations ENABLE ROW LEVEL SECURITY, "
      "FORCE ROW LEVEL SECURITY; CREATE POLICY everything ON pgcrate.schema_migrations "
      "USING (true)");
  auto by_select = Run({"--json", "migrate", "status"});
  EXPECT_EQ(json::parse(by_select.out), json::parse(want)) << by_select.out << by_select.err;
}

// `status` remembers (.pgcrate/cache) that the tracking table was there and then reads it
// without checking first; a table gone behind its back costs one failed read, not a wrong answer.
TEST_F(MigrateCommandsTest, StatusReadsAKnownTableWithoutCheckingFirst) {
  WriteTwo();
  const auto npos = std::string::npos;
  auto before = Run({"--verbose", "migrate", "status"});  // no table yet: checked, not remembered
  ASSERT_EQ(before.exit_code, 0) << before.err;
  EXPECT_NE(before.err.find("to_regclass"), npos) << before.err;
  ASSERT_EQ(Run({"migrate", "up"}).exit_code, 0);
  auto first = Run({"--verbose", "migrate", "status"});  // checked, found, remembered
  EXPECT_NE(first.err.find("to_regclass"), npos) << first.err;
  auto second = Run({"--verbose", "migrate", "status"});  // read straight away
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.err.find("to_regclass"), npos) << second.err;
  EXPECT_NE(second.err.find("COPY"), npos) << second.err;
  EXPECT_EQ(second.out, first.out);
  Exec("DROP SCHEMA pgcrate CASCADE");
  auto gone = Run({"--json", "migrate", "status"});
  EXPECT_EQ(gone.exit_code, 0) << gone.err;
  EXPECT_EQ(JsonField(gone.out, "/counts/applied"), "0") << gone.out;
  EXPECT_EQ(JsonField(gone.out, "/counts/pending"), "2") << gone.out;
  auto after = Run({"--verbose", "migrate", "status"});  // the hint was dropped: checked again
  EXPECT_NE(after.err.find("to_regclass"), npos) << after.err;
}

TEST_F(MigrateCommandsTest, OutOfOrderPendingIsRefusedUnlessAllowed) {
  Write("20250102000000", "b", "-- up\nCREATE TABLE b (a int);\n");
  ASSERT_EQ(Run({"migrate", "up"}).exit_code, 0);
  Write("20250101000000", "a", "-- up\nCREATE TABLE a (a int);\n");
  auto st = Run({"--json", "migrate", "status"});
  EXPECT_EQ(JsonField(st.out, "/out_of_order/0"), "20250101000000");
  auto up = Run({"migrate", "up"});
  EXPECT_EQ(up.exit_code, 1);
  EXPECT_NE(up.err.find("out of order"), std::string::npos) << up.err;
  EXPECT_EQ(Run({"migrate", "up", "--allow-out-of-order"}).exit_code, 0);
  EXPECT_EQ(TrackedCount(), 2);
}

TEST_F(MigrateCommandsTest, NewCreatesSanitisedFileAndNeverOverwrites) {
  auto a = Run({"--json", "migrate", "new", "Add Email Column!", "--with-down"});
  ASSERT_EQ(a.exit_code, 0) << a.out;
  std::string path = JsonField(a.out, "/path");
  EXPECT_NE(path.find("_add_email_column.sql"), std::string::npos);
  EXPECT_EQ(JsonField(a.out, "/version").size(), 14u);
  auto b = Run({"--json", "migrate", "new", "add email column"});
  ASSERT_EQ(b.exit_code, 0);
  EXPECT_NE(JsonField(b.out, "/version"), JsonField(a.out, "/version"));
  auto st = Run({"--json", "migrate", "status"});
  EXPECT_EQ(JsonField(st.out, "/counts/pending"), "2") << st.out;
  EXPECT_EQ(Run({"migrate", "new", "!!!"}).exit_code, 2);
}

TEST_F(MigrateCommandsTest, BaselineAndStampRecordWithoutRunning) {
  WriteTwo();
  Write("20250103000000", "c", "-- up\nCREATE TABLE c (a int);\n");
  EXPECT_EQ(Run({"migrate", "baseline"}).exit_code, 2);
  auto b = Run({"migrate", "baseline", "--yes", "--to", "20250102000000"});
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_EQ(TrackedCount(), 2);
  EXPECT_EQ(Scalar("SELECT to_regclass('public.users') IS NULL"), "t");
  EXPECT_EQ(Run({"migrate", "stamp", "20250103000000"}).exit_code, 2);
  auto s = Run({"--json", "migrate", "stamp", "20250103000000", "--yes"});
  ASSERT_EQ(s.exit_code, 0) << s.out;
  EXPECT_EQ(TrackedCount(), 3);
  EXPECT_EQ(Run({"migrate", "stamp", "20250103000000", "--yes"}).exit_code, 1);
  EXPECT_EQ(Scalar("SELECT to_regclass('public.c') IS NULL"), "t");
}

TEST_F(MigrateCommandsTest, HistoryListsAppliedRows) {
  WriteTwo();
  ASSERT_EQ(Run({"migrate", "up"}).exit_code, 0);
  auto h = Run({"--json", "migrate", "history"});
  ASSERT_EQ(h.exit_code, 0) << h.out;
  EXPECT_EQ(JsonField(h.out, "/count"), "2");
  EXPECT_EQ(JsonField(h.out, "/history/1/name"), "add_index");
  EXPECT_EQ(JsonField(h.out, "/history/1/file"), "ok");
  EXPECT_EQ(Run({"migrate", "history"}).exit_code, 0);
}

TEST_F(MigrateCommandsTest, SqlPrintsARunnableScript) {
  WriteTwo();
  auto s = Run({"migrate", "sql"});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  EXPECT_NE(s.out.find("CREATE TABLE users"), std::string::npos);
  EXPECT_NE(s.out.find("INSERT INTO pgcrate.schema_migrations"), std::string::npos);
  EXPECT_EQ(Scalar("SELECT to_regclass('public.users') IS NULL"), "t");
  // Running the printed script by hand applies and records exactly what `up` would.
  std::string script;
  for (const auto& line : base::Split(s.out, '\n')) {
    if (!base::StartsWith(line, "\\")) script += line + "\n";
  }
  Exec(script);
  EXPECT_EQ(TrackedCount(), 2);
  auto st = Run({"--json", "migrate", "status"});
  EXPECT_EQ(JsonField(st.out, "/counts/pending"), "0");
  EXPECT_EQ(Run({"migrate", "verify"}).exit_code, 0);
}

struct BadLayout {
  const char* file;
  const char* content;
  const char* message;
};

class MigrateBadFilesTest : public MigrateTest, public ::testing::WithParamInterface<BadLayout> {};

TEST_P(MigrateBadFilesTest, IsRejectedNamingTheFileAndNothingRuns) {
  Write("20250101000000", "ok", "-- up\nCREATE TABLE ok_t (a int);\n");
  WriteRaw(std::string("db/migrations/") + GetParam().file, GetParam().content);
  for (const char* cmd : {"status", "up"}) {
    auto r = Run({"migrate", cmd});
    EXPECT_EQ(r.exit_code, 1) << cmd;
    EXPECT_NE(r.err.find(GetParam().file), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(GetParam().message), std::string::npos) << r.err;
  }
  EXPECT_EQ(Scalar("SELECT to_regclass('public.ok_t') IS NULL"), "t");
}

INSTANTIATE_TEST_SUITE_P(
    Layouts, MigrateBadFilesTest,
    ::testing::Values(
        BadLayout{"20250102000000_pair.up.sql", "SELECT 1;", "legacy .up.sql/.down.sql"},
        BadLayout{"20250102000000_pair.down.sql", "SELECT 1;", "legacy .up.sql/.down.sql"},
        BadLayout{"001_initial.sql", "-- up\nSELECT 1;", "14-digit timestamp"},
        BadLayout{"V1__initial.sql", "-- up\nSELECT 1;", "Flyway"},
        BadLayout{"2025_initial.sql", "-- up\nSELECT 1;", "the version has 4 digits"},
        BadLayout{"20250102000000.sql", "-- up\nSELECT 1;", "followed by '_'"},
        BadLayout{"20250101000000_dup.sql", "-- up\nSELECT 1;", "duplicate migration version"},
        BadLayout{"20250102000000_sql_first.sql", "SELECT 1;\n-- up\nSELECT 2;",
                  ":1:1: SQL before the `-- up` marker"},
        BadLayout{"20250102000000_no_up.sql", "CREATE TABLE x (a int);", "SQL before"},
        BadLayout{"20250102000000_empty.sql", "-- nothing\n", "no `-- up` marker"},
        BadLayout{"20250102000000_two_ups.sql", "-- up\nSELECT 1;\n-- up\n", ":3:1: a second"},
        BadLayout{"20250102000000_typo.sql", "-- pgcrate: no-transation\n-- up\n",
                  "unknown pgcrate directive"}),
    [](const ::testing::TestParamInfo<BadLayout>& p) { return std::to_string(p.index); });

}  // namespace
}  // namespace pgcrate::testing

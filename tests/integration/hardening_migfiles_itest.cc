// Issue 10, the migration engine's part: atomicity under lexing settings (#2), session state
// between migrations (#8), line endings (#3), special files (#10), NUL bytes and invalid UTF-8
// (#11), concurrent `migrate new` (#13), temp files (#16), byte order marks, symlink loops and
// editor lock files (#22). Against the real server and the real binary.
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>

#include "integration/migrate_itest_support.h"

namespace pgcrate::testing {
namespace {

namespace fs = std::filesystem;

class HardeningMigfilesTest : public MigrateTest {
 protected:
  bool Exists(const std::string& table) {
    return Scalar("SELECT to_regclass('" + table + "') IS NOT NULL") == "t";
  }
  std::set<std::string> Tracked() {
    std::set<std::string> out;
    auto r = conn().Exec("SELECT version FROM pgcrate.schema_migrations");
    if (r.ok()) {
      for (int i = 0; i < r->rows(); ++i) out.insert(r->str(i, 0));
    }
    return out;
  }
};

// #2: migration A turns standard_conforming_strings off for the session; B's string then
// hides a COMMIT from the parser that checked it. B fails later: before the fix its first
// statement stayed committed while the error said "rolled back as a whole".
TEST_F(HardeningMigfilesTest, ScsOffInOneMigrationCannotSmuggleACommitIntoTheNext) {
  Write("20250101000000", "a",
        "-- up\nSELECT pg_catalog.set_config('standard_conforming_strings', 'off', false);\n"
        "CREATE TABLE a_t (x int);\n");
  std::string b = Write("20250102000000", "b",
                        "-- up\nCREATE TABLE b_first (x int);\n"
                        "SELECT 'a\\' AS p, ' ; COMMIT; -- ' AS q;\n"
                        "CREATE TABLE b_second (x int);\n"
                        "SELECT 1/0;\n");
  auto r = Run({"migrate", "up"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find(b + ":5:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("division by zero"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("rolled back as a whole"), std::string::npos) << r.err;
  EXPECT_TRUE(Exists("a_t"));
  EXPECT_FALSE(Exists("b_first")) << "part of the failed migration was committed";
  EXPECT_FALSE(Exists("b_second"));
  EXPECT_EQ(Tracked(), std::set<std::string>{"20250101000000"});
}

// #2: a SET of standard_conforming_strings is refused before anything runs, at file:line.
TEST_F(HardeningMigfilesTest, SetStandardConformingStringsIsRefusedAtItsLine) {
  std::string a =
      Write("20250101000000", "a",
            "-- up\nCREATE TABLE a_t (x int);\nSET standard_conforming_strings = off;\n");
  Write("20250102000000", "b",
        "-- up\nCREATE TABLE b_first (x int);\nSELECT 'a\\' AS p, ' ; COMMIT; -- ' AS q;\n");
  auto r = Run({"migrate", "up"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find(a + ":3:1:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("standard_conforming_strings"), std::string::npos) << r.err;
  EXPECT_FALSE(Exists("a_t"));
  EXPECT_FALSE(Exists("b_first"));
  EXPECT_TRUE(Tracked().empty());
}

// #8: what migration A SETs at session level does not reach migration B in the same run.
TEST_F(HardeningMigfilesTest, SessionSettingsDoNotLeakIntoTheNextMigration) {
  Write("20250101000000", "a",
        "-- up\nCREATE SCHEMA other;\nSET search_path = other;\nSET statement_timeout = '7s';\n"
        "CREATE TABLE a_t (x int);\n");
  Write("20250102000000", "b",
        "-- up\nCREATE TABLE b_t AS SELECT current_setting('search_path') AS sp, "
        "current_setting('statement_timeout') AS st, "
        "current_setting('standard_conforming_strings') AS scs;\n");
  auto r = Run({"migrate", "up"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Exists("other.a_t"));
  EXPECT_TRUE(Exists("public.b_t")) << "B's table went where A's search_path pointed";
  EXPECT_FALSE(Exists("other.b_t"));
  EXPECT_EQ(Scalar("SELECT sp FROM public.b_t"), "\"$user\", public");
  EXPECT_NE(Scalar("SELECT st FROM public.b_t"), "7s");
  EXPECT_EQ(Scalar("SELECT scs FROM public.b_t"), "on");
}

// #8: the same for a no-transaction migration followed by a transactional one.
TEST_F(HardeningMigfilesTest, NoTransactionMigrationSettingsDoNotLeak) {
  Write("20250101000000", "a",
        "-- pgcrate: no-transaction\n-- up\nCREATE SCHEMA other;\nSET search_path = other;\n"
        "CREATE TABLE a_t (x int);\n");
  Write("20250102000000", "b", "-- up\nCREATE TABLE b_t (x int);\n");
  auto r = Run({"migrate", "up"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Exists("other.a_t"));
  EXPECT_TRUE(Exists("public.b_t"));
}

// #3: a file with lone \r line endings runs its up section, not nothing and not its down.
TEST_F(HardeningMigfilesTest, LoneCrFileRunsItsUpSectionOnly) {
  Write("20250101000000", "cr",
        "-- up\rCREATE TABLE cr_up (x int);\r-- down\rCREATE TABLE cr_down (x int);\r");
  auto r = Run({"migrate", "up"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Exists("cr_up"));
  EXPECT_FALSE(Exists("cr_down"));
  auto d = Run({"migrate", "down", "--steps", "1", "--yes"});
  ASSERT_EQ(d.exit_code, 0) << d.err;
  EXPECT_TRUE(Exists("cr_down"));
}

// #3: a marker set apart by a lone \r in a \n file is ambiguous: an error at file:line.
TEST_F(HardeningMigfilesTest, MarkerBehindALoneCrIsAnError) {
  std::string f =
      Write("20250101000000", "mixed",
            "-- up\nCREATE TABLE m_up (x int);\r-- down\nCREATE TABLE m_down (x int);\n");
  for (const char* cmd : {"status", "up"}) {
    auto r = Run({"migrate", cmd});
    EXPECT_EQ(r.exit_code, 1) << cmd << r.err;
    EXPECT_NE(r.err.find(f + ":3"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("lone carriage return"), std::string::npos) << r.err;
  }
  EXPECT_FALSE(Exists("m_up"));
  EXPECT_FALSE(Exists("m_down"));
}

// #10: a FIFO, a symlink to /dev/zero and an oversized file are refused at once, by name.
TEST_F(HardeningMigfilesTest, SpecialFilesAreRefusedWithoutHanging) {
  Write("20250101000000", "ok", "-- up\nCREATE TABLE ok_t (x int);\n");
  std::string fifo = MigrationsDir() + "/20250102000000_fifo.sql";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  for (const char* cmd : {"status", "lint", "up"}) {
    auto r = Run({"migrate", cmd});
    EXPECT_EQ(r.exit_code, 1) << cmd;
    EXPECT_NE(r.err.find("20250102000000_fifo.sql: it is a FIFO"), std::string::npos) << r.err;
  }
  fs::remove(fifo);
  fs::create_symlink("/dev/zero", MigrationsDir() + "/20250102000000_zero.sql");
  auto zero = Run({"migrate", "status"});
  EXPECT_EQ(zero.exit_code, 1);
  EXPECT_NE(zero.err.find("it is a character device"), std::string::npos) << zero.err;
  fs::remove(MigrationsDir() + "/20250102000000_zero.sql");
  std::string big = MigrationsDir() + "/20250102000000_big.sql";
  { std::ofstream(big) << "-- up\n"; }
  fs::resize_file(big, (size_t{256} << 20) + 1);  // sparse
  auto large = Run({"migrate", "status"});
  EXPECT_EQ(large.exit_code, 1);
  EXPECT_NE(large.err.find("larger than 256 MiB"), std::string::npos) << large.err;
  EXPECT_FALSE(Exists("ok_t"));
}

// #11: a NUL byte is an error at file:line:col in every command; nothing is sent.
TEST_F(HardeningMigfilesTest, NulByteIsAnErrorAtLineAndColumn) {
  std::string f = Write("20250101000000", "nul",
                        std::string("-- up\nCREATE TABLE n1 (x int);\nSELECT 'a\0b';\n", 45));
  for (const char* cmd : {"status", "lint", "up", "sql"}) {
    auto r = Run({"migrate", cmd});
    EXPECT_EQ(r.exit_code, 1) << cmd << r.err;
    EXPECT_NE(r.err.find(f + ":3:10: the file contains a NUL byte"), std::string::npos)
        << cmd << ": " << r.err;
  }
  EXPECT_FALSE(Exists("n1"));
  EXPECT_TRUE(Tracked().empty());
}

// #11: invalid UTF-8 is a clear error, also for `lint --format sarif` (was a JSON exception).
TEST_F(HardeningMigfilesTest, InvalidUtf8IsAClearError) {
  std::string f = Write("20250101000000", "latin1", "-- up\nSELECT 'caf\xE9';\n");
  for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
           {"migrate", "status"}, {"migrate", "up"}, {"migrate", "lint", "--format", "sarif"}}) {
    auto r = Run(args);
    EXPECT_EQ(r.exit_code, 1) << args[1] << r.err;
    EXPECT_NE(r.err.find(f + ":2:12: the file is not valid UTF-8"), std::string::npos)
        << args[1] << ": " << r.err;
  }
}

// #13: parallel `migrate new` runs get distinct versions and never overwrite a file.
TEST_F(HardeningMigfilesTest, ParallelMigrateNewGetsDistinctVersions) {
  fs::create_directories(MigrationsDir());
  std::vector<std::unique_ptr<BackgroundPgcrate>> runs;
  for (int i = 0; i < 8; ++i) runs.push_back(Start({"migrate", "new", "same_name"}));
  for (auto& r : runs) EXPECT_EQ(r->Wait(), 0) << r->err();
  std::set<std::string> versions;
  int files = 0;
  for (const auto& e : fs::directory_iterator(MigrationsDir())) {
    std::string n = e.path().filename().string();
    EXPECT_EQ(n.find(".tmp-"), std::string::npos) << n;
    EXPECT_EQ(n.find(".lock"), std::string::npos) << n;
    ++files;
    versions.insert(n.substr(0, 14));
  }
  EXPECT_EQ(files, 8);
  EXPECT_EQ(versions.size(), 8u);
  auto status = Run({"migrate", "status"});
  EXPECT_EQ(status.exit_code, 0) << status.err;
}

// A reservation left by a killed `migrate new` is removed by the next one once it is stale; a
// fresh one (another run in progress) is kept.
TEST_F(HardeningMigfilesTest, StaleMigrateNewLocksAreRemoved) {
  fs::create_directories(MigrationsDir());
  std::string stale = MigrationsDir() + "/.pgcrate-new-20200101000000.lock";
  std::string fresh = MigrationsDir() + "/.pgcrate-new-29990101000000.lock";
  std::ofstream(stale).put('\n');
  std::ofstream(fresh).put('\n');
  fs::last_write_time(stale, fs::file_time_type::clock::now() - std::chrono::hours(2));
  ASSERT_EQ(Run({"migrate", "new", "x"}).exit_code, 0);
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_TRUE(fs::exists(fresh));
}

// #16: a write that fails part-way (file size limit: write() gets EFBIG) leaves no temp file.
TEST_F(HardeningMigfilesTest, FailedWriteLeavesNoTempFile) {
  fs::create_directories(MigrationsDir());
  std::string cmd = "cd '" + Dir() + "' && trap '' XFSZ && ulimit -f 0 && exec '" +
                    PgcrateBinary() + "' migrate new x >/dev/null 2>&1";
  int rc = std::system(("sh -c \"" + cmd + "\"").c_str());
  EXPECT_NE(rc, 0);
  for (const auto& e : fs::directory_iterator(MigrationsDir())) {
    ADD_FAILURE() << "left behind: " << e.path().filename().string();
  }
}

// #22: a byte order mark is accepted, a symlink loop is named, an editor lock file skipped.
TEST_F(HardeningMigfilesTest, BomLoopAndLockFiles) {
  Write("20250101000000", "bom", "\xEF\xBB\xBF-- up\nCREATE TABLE bom_t (x int);\n");
  fs::create_symlink("alice@host.4242:1700000000", MigrationsDir() + "/.#20250101000000_bom.sql");
  auto r = Run({"migrate", "up"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Exists("bom_t"));
  EXPECT_NE(r.err.find("warning: ignoring"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(".#20250101000000_bom.sql: an editor lock file"), std::string::npos)
      << r.err;
  std::string loop = MigrationsDir() + "/20250102000000_loop.sql";
  fs::create_symlink("20250102000000_loop.sql", loop);
  auto l = Run({"migrate", "status"});
  EXPECT_EQ(l.exit_code, 1);
  EXPECT_NE(l.err.find("20250102000000_loop.sql: it is a symbolic link loop"), std::string::npos)
      << l.err;
}

}  // namespace
}  // namespace pgcrate::testing

// Round trip B over src/diff/testdata/<case>/{from.sql,to.sql,expected.sql}: DB1 = from,
// DB2 = to; `inspect diff --sql` from DB1 to DB2 must match expected.sql (rewrite with
// PGCRATE_UPDATE_GOLDEN=1), and as a migration (up = that script, down = the reverse diff)
// `migrate up` must make DB1 identical to DB2 (inspect diff and pg_dump) and `migrate down`
// must restore DB1's original pg_dump.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "catalog_itest_util.h"

namespace pgcrate::testing {
namespace {

std::string TestdataDir() { return std::string(PGCRATE_SOURCE_DIR) + "/src/diff/testdata"; }

std::vector<std::string> Cases() {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(TestdataDir())) {
    if (e.is_directory()) names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// PostgreSQL 16 stopped qualifying the columns of single-relation views in pg_get_viewdef
// (`SELECT id` for `SELECT orders.id`): a case whose script holds a view has expected.pg16.sql
// beside expected.sql, used on 16 and newer (PGCRATE_UPDATE_GOLDEN=1 on 16+ writes it only when
// the text differs from expected.sql).
void CheckGolden(const std::string& base_path, const std::string& actual) {
  std::string path = base_path;
  std::string pg16 = base_path.substr(0, base_path.size() - 4) + ".pg16.sql";
  if (ServerMajor() >= 16 &&
      (base::Exists(pg16) || !base::GetEnv("PGCRATE_UPDATE_GOLDEN").empty())) {
    path = pg16;
  }
  if (!base::GetEnv("PGCRATE_UPDATE_GOLDEN").empty()) {
    auto older = base::ReadFile(base_path);
    if (path == pg16 && older.ok() && *older == actual) {
      (void)base::RemoveAll(pg16);
      return;
    }
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  auto expected = base::ReadFile(path);
  ASSERT_TRUE(expected.ok()) << path << " is missing; run with PGCRATE_UPDATE_GOLDEN=1";
  EXPECT_EQ(*expected, actual) << "golden " << path << " differs";
}

class RoundTripB : public PgTest, public ::testing::WithParamInterface<std::string> {};

TEST_P(RoundTripB, DiffApplyAndRollBack) {
  std::string dir = TestdataDir() + "/" + GetParam();
  Exec(ReadOrFail(dir + "/from.sql"));
  ExtraDb db2("to");
  db2.Exec(ReadOrFail(dir + "/to.sql"));
  std::string before = NormalizedDump(url());

  CliRun forward = RunPgcrate({"-d", url(), "inspect", "diff", "--to", db2.url(), "--sql"});
  ASSERT_EQ(forward.exit_code, 1) << "the schemas should differ: " << forward.out << forward.err;
  CheckGolden(dir + "/expected.sql", forward.out);
  CliRun reverse = RunPgcrate({"-d", db2.url(), "inspect", "diff", "--to", url(), "--sql"});
  ASSERT_EQ(reverse.exit_code, 1) << reverse.err;

  TempDir project;
  project.Write("db/migrations/20250101000000_change.sql",
                "-- " + GetParam() + "\n-- up\n" + forward.out + "\n-- down\n" + reverse.out);
  CliRun up = RunPgcrate({"-d", url(), "migrate", "up"}, {.cwd = project.path()});
  ASSERT_EQ(up.exit_code, 0) << up.out << up.err << forward.out;
  std::string text;
  EXPECT_TRUE(Identical(url(), db2.url(), &text)) << text;
  EXPECT_EQ(DumpDifference(NormalizedDump(url()), NormalizedDump(db2.url())), "");

  CliRun down = RunPgcrate({"-d", url(), "migrate", "down", "--steps", "1", "--yes"},
                           {.cwd = project.path()});
  ASSERT_EQ(down.exit_code, 0) << down.out << down.err << reverse.out;
  EXPECT_EQ(DumpDifference(NormalizedDump(url()), before), "");
}

INSTANTIATE_TEST_SUITE_P(Testdata, RoundTripB, ::testing::ValuesIn(Cases()),
                         [](const auto& p) { return p.param; });

class DiffCommand : public PgTest {};

TEST_F(DiffCommand, NoDestructiveLeavesDropsOutAndJsonHasSummary) {
  Exec("CREATE TABLE keep (id int); CREATE TABLE gone (id int); ALTER TABLE keep ADD COLUMN x int");
  ExtraDb db2("to");
  db2.Exec("CREATE TABLE keep (id int, y text)");
  CliRun run =
      RunPgcrate({"-d", url(), "inspect", "diff", "--to", db2.url(), "--sql", "--no-destructive"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("-- left out (destructive, --no-destructive): DROP TABLE public.gone;"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("\nALTER TABLE public.keep ADD COLUMN y text;"), std::string::npos);
  EXPECT_EQ(run.out.find("\nDROP TABLE"), std::string::npos) << run.out;
  CliRun json = RunPgcrate({"-d", url(), "--json", "inspect", "diff", "--to", db2.url()});
  EXPECT_EQ(json.exit_code, 1);
  EXPECT_EQ(JsonField(json.out, "/identical"), "false");
  EXPECT_EQ(JsonField(json.out, "/summary/tables"), "1");
  EXPECT_EQ(JsonField(json.out, "/summary/columns"), "2");
  EXPECT_EQ(JsonField(json.out, "/summary/materialized_views"), "0");
  EXPECT_NE(JsonField(json.out, "/formatted_diff").find("- table public.gone"), std::string::npos);
}

TEST_F(DiffCommand, IdenticalExitsZeroAndBadInputsFail) {
  ExtraDb db2("to");
  CliRun same = RunPgcrate({"-d", url(), "--json", "inspect", "diff", "--to", db2.url()});
  EXPECT_EQ(same.exit_code, 0) << same.out;
  EXPECT_EQ(JsonField(same.out, "/identical"), "true");
  CliRun missing = RunPgcrate({"-d", url(), "--json", "inspect", "diff"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(JsonField(missing.out, "/ok"), "false");
  CliRun bad = RunPgcrate(
      {"-d", url(), "--json", "inspect", "diff", "--to", ClusterUrl("no_such_database_here")});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(JsonField(bad.out, "/error/message").find("--to"), std::string::npos) << bad.out;
}

}  // namespace
}  // namespace pgcrate::testing

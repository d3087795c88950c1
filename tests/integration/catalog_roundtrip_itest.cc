// Round trip A on real schemas nobody here wrote (the corpus) and on the kitchen-sink schema
// that uses every object kind: load into DB1, `pgcrate generate`, `pgcrate migrate up` into an
// empty DB2, then `inspect diff DB1 DB2` must say identical and pg_dump --schema-only of both
// must match (owners, privileges and comments aside). Then `migrate down` of every generated
// migration must leave DB2 identical to an empty database. Each schema is loaded once.
#include <gtest/gtest.h>

#include <filesystem>

#include "catalog_itest_util.h"

namespace pgcrate::testing {
namespace {

struct Case {
  const char* name;
  const char* file;      // relative to the corpus dir, or absolute
  const char* split_by;  // generate --split-by
};

std::string CaseFile(const Case& c) {
  std::string f = c.file;
  return f[0] == '/' ? f : CorpusDir() + "/" + f;
}

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class RoundTripA : public PgTest, public ::testing::WithParamInterface<Case> {};

int CountFiles(const std::string& dir) {
  int n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) n += entry.is_regular_file();
  return n;
}

TEST_P(RoundTripA, GenerateApplyCompareAndDown) {
  const Case& c = GetParam();
  std::string schema = ReadOrFail(CaseFile(c));
  ASSERT_FALSE(schema.empty()) << "missing schema file " << CaseFile(c);
  if (std::string(c.name) == "openslides" && ServerMajor() < 15) {
    GTEST_SKIP() << "openslides' schema uses UNIQUE NULLS NOT DISTINCT (PostgreSQL 15+)";
  }
  Exec(schema);

  TempDir project;
  CliRun gen =
      RunPgcrate({"-d", url(), "generate", "--split-by", c.split_by}, {.cwd = project.path()});
  ASSERT_EQ(gen.exit_code, 0) << gen.err;
  std::string dir = project.path() + "/db/migrations";
  int files = CountFiles(dir);
  ASSERT_GT(files, 0);

  ExtraDb db2("rt");
  CliRun up = RunPgcrate({"-d", db2.url(), "migrate", "up"}, {.cwd = project.path()});
  ASSERT_EQ(up.exit_code, 0) << up.out << up.err;

  std::string text;
  EXPECT_TRUE(Identical(url(), db2.url(), &text)) << text;
  EXPECT_EQ(DumpDifference(NormalizedDump(url()), NormalizedDump(db2.url())), "");

  CliRun down =
      RunPgcrate({"-d", db2.url(), "migrate", "down", "--steps", std::to_string(files), "--yes"},
                 {.cwd = project.path()});
  ASSERT_EQ(down.exit_code, 0) << down.out << down.err;
  ExtraDb empty("empty");
  EXPECT_TRUE(Identical(empty.url(), db2.url(), &text)) << text;
}

const Case kCases[] = {
    {"pagila", "pagila/pagila-schema.sql", "table"},
    {"openslides", "schema-openslides/schema_relational.sql", "none"},
    {"synapse", "schema-synapse/full.sql.postgres", "schema"},
    {"kitchen_sink_none", PGCRATE_SOURCE_DIR "/src/catalog/testdata/kitchen_sink.sql", "none"},
    {"kitchen_sink_table", PGCRATE_SOURCE_DIR "/src/catalog/testdata/kitchen_sink.sql", "table"},
    {"kitchen_sink_schema", PGCRATE_SOURCE_DIR "/src/catalog/testdata/kitchen_sink.sql", "schema"},
};

INSTANTIATE_TEST_SUITE_P(Corpus, RoundTripA, ::testing::ValuesIn(kCases),
                         [](const auto& p) { return std::string(p.param.name); });

}  // namespace
}  // namespace pgcrate::testing

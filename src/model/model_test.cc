// ParseModel on whole model files: the header directives, the incremental levels, line
// endings, and every inconsistent or malformed header, each at its file:line.
#include "model/model.h"

#include <gtest/gtest.h>

#include "base/strings.h"

namespace pgcrate::model {
namespace {

const char kUserStatsPath[] = "models/marts/user_stats.sql";

Result<Model> ParseUserStats(const std::string& text) {
  return ParseModel(kUserStatsPath, "marts", "user_stats", text);
}

// The error of parsing `text`: kParse at kUserStatsPath:`line`, with `part` in the message.
void ExpectUserStatsError(const std::string& text, int line, const std::string& part) {
  auto m = ParseUserStats(text);
  ASSERT_FALSE(m.ok()) << text;
  EXPECT_EQ(m.status().code(), Code::kParse) << m.status().ToString();
  EXPECT_EQ(m.status().location().file, kUserStatsPath);
  EXPECT_EQ(m.status().location().line, line) << text << "\n" << m.status().ToString();
  EXPECT_NE(m.status().message().find(part), std::string::npos)
      << "expected \"" << part << "\" in: " << m.status().message();
}

std::vector<std::string> Reads(const Model& m) {
  std::vector<std::string> out;
  for (const Relation& r : m.reads) out.push_back(r.Qualified());
  return out;
}

const char kSpecExample[] =
    "-- materialized: table\n"
    "-- deps: staging.stg_users, staging.stg_orders\n"
    "-- tags: daily, metrics\n"
    "-- tests: not_null(user_id), unique(user_id)\n"
    "-- description: User order metrics\n"
    "\n"
    "SELECT\n"
    "    u.id AS user_id,\n"
    "    COUNT(*) AS order_count\n"
    "FROM staging.stg_users u\n"
    "LEFT JOIN staging.stg_orders o ON o.user_id = u.id\n"
    "GROUP BY u.id\n";

TEST(ModelParse, SpecExample) {
  auto m = ParseUserStats(kSpecExample);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->Id(), "marts.user_stats");
  EXPECT_EQ(m->path, kUserStatsPath);
  EXPECT_EQ(m->materialized, Materialized::kTable);
  EXPECT_EQ(m->deps, (std::vector<std::string>{"staging.stg_users", "staging.stg_orders"}));
  EXPECT_EQ(m->deps_line, 2);
  EXPECT_EQ(m->tags, (std::vector<std::string>{"daily", "metrics"}));
  ASSERT_EQ(m->tests.size(), 2u);
  EXPECT_EQ(m->tests[0].Name(), "not_null(user_id)");
  EXPECT_EQ(m->tests[0].line, 4);
  EXPECT_EQ(m->tests[1].Name(), "unique(user_id)");
  EXPECT_EQ(m->description, "User order metrics");
  EXPECT_EQ(m->sql_line, 7);
  EXPECT_TRUE(base::StartsWith(m->sql, "SELECT\n    u.id AS user_id,"));
  EXPECT_TRUE(m->incremental_sql.empty());
  EXPECT_EQ(Reads(*m), (std::vector<std::string>{"staging.stg_orders", "staging.stg_users"}));
  EXPECT_EQ(m->lines.at("materialized"), 1);
  EXPECT_EQ(m->lines.at("description"), 5);
}

TEST(ModelParse, NoHeaderIsAView) {
  auto m = ParseUserStats("SELECT 1 AS id");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->materialized, Materialized::kView);
  EXPECT_EQ(m->deps_line, 0);
  EXPECT_TRUE(m->deps.empty());
  EXPECT_TRUE(m->reads.empty());
  EXPECT_EQ(m->sql_line, 1);
  EXPECT_EQ(m->sql, "SELECT 1 AS id\n");
}

TEST(ModelParse, CrlfFileParsesLikeLf) {
  auto lf = ParseUserStats(kSpecExample);
  auto crlf = ParseUserStats(base::ReplaceAll(kSpecExample, "\n", "\r\n"));
  ASSERT_TRUE(lf.ok());
  ASSERT_TRUE(crlf.ok()) << crlf.status().ToString();
  EXPECT_EQ(crlf->materialized, lf->materialized);
  EXPECT_EQ(crlf->deps, lf->deps);
  EXPECT_EQ(crlf->tags, lf->tags);
  EXPECT_EQ(crlf->description, "User order metrics");  // no trailing \r
  EXPECT_EQ(crlf->sql, lf->sql);
  EXPECT_EQ(crlf->sql_line, lf->sql_line);
  EXPECT_EQ(Reads(*crlf), Reads(*lf));
}

TEST(ModelParse, ByteOrderMarkIsSkipped) {
  auto m = ParseUserStats("\xEF\xBB\xBF-- materialized: table\r\nSELECT 1 AS id\r\n");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->materialized, Materialized::kTable);
  EXPECT_EQ(m->sql_line, 2);
}

TEST(ModelParse, CrlfSyntaxErrorLine) {
  ExpectUserStatsError("-- materialized: view\r\n\r\nSELECT 1\r\nFROM\r\n", 4, "syntax error");
}

TEST(ModelParse, FreeTextHeaderComments) {
  auto m = ParseUserStats(
      "-- User statistics, rebuilt nightly.\n"
      "-- Note: the counts exclude test accounts.\n"
      "-- TODO: add revenue\n"
      "-- https://wiki.example.com/user-stats\n"
      "--------------------------------\n"
      "--\n"
      "-- materialized: table\n"
      "\n"
      "-- description: Users\n"
      "SELECT 1 AS user_id\n");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->materialized, Materialized::kTable);
  EXPECT_EQ(m->description, "Users");
  EXPECT_EQ(m->sql_line, 10);
}

TEST(ModelParse, UnknownDirectiveSuggestsTheKnownOne) {
  ExpectUserStatsError(
      "-- A free comment.\n-- materialised: table\nSELECT 1\n", 2,
      "unknown header directive \"-- materialised:\"; did you mean \"-- materialized:\"?");
  ExpectUserStatsError("-- owner: data team\nSELECT 1\n", 1,
                       "unknown header directive \"-- owner:\"");
}

TEST(ModelParse, KnownDirectiveInOtherCaseIsAnError) {
  // `-- Materialized: table` silently read as free text would build a view.
  ExpectUserStatsError("-- Materialized: table\nSELECT 1\n", 1, "-- materialized:");
  ExpectUserStatsError("-- DEPS: staging.a\nSELECT 1\n", 1, "-- deps:");
  ExpectUserStatsError("\n-- materialized : table\nSELECT 1\n", 2, "\"-- materialized: value\"");
  ExpectUserStatsError("-- unique key: id\nSELECT 1\n", 1, "-- unique_key:");
  ExpectUserStatsError("-- Incremental-Filter: id > 1\nSELECT 1\n", 1, "-- incremental_filter:");
}

TEST(ModelParse, DirectiveAfterTheHeaderIsAnError) {
  // Directives are read from the header only; one below the first SQL line would be ignored.
  ExpectUserStatsError("/* Copyright */\n-- materialized: table\nSELECT 1\n", 2, "header");
  ExpectUserStatsError("SELECT 1\n-- deps: staging.a\n", 2, "header");
  // Plain comments in the SQL are fine, and so is directive-like text in a string.
  auto m = ParseUserStats("SELECT 1 -- note: fine\n, '\n-- deps: x\n' AS s\n");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
}

TEST(ModelParse, RepeatedDirectiveIsAnError) {
  ExpectUserStatsError("-- materialized: table\n-- deps: s.a\n-- materialized: view\nSELECT 1\n", 3,
                       "twice");
  ExpectUserStatsError("-- deps: s.a\n-- deps: s.b\nSELECT 1\n", 2, "line 1");
  // tests: lines add up
  auto m = ParseUserStats("-- tests: not_null(a)\n-- tests: unique(a)\nSELECT 1 AS a\n");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  ASSERT_EQ(m->tests.size(), 2u);
  EXPECT_EQ(m->tests[1].line, 2);
  ExpectUserStatsError("-- tests: not_null(a)\n-- tests: unique(a), not_null( a )\nSELECT 1 AS a\n",
                       2, "lists not_null(a) twice");
}

TEST(ModelParse, MalformedTestsAndDepsAtTheirLine) {
  ExpectUserStatsError("-- materialized: view\n-- tests: not_null(id\nSELECT 1\n", 2, "unclosed");
  ExpectUserStatsError("-- tests: not_nul(id)\nSELECT 1\n", 1, "did you mean not_null?");
  ExpectUserStatsError("\n\n-- deps: stg_users\nSELECT 1\n", 3, "schema.model");
  ExpectUserStatsError("-- deps: staging.a staging.b\nSELECT 1\n", 1, "comma-separated");
}

TEST(ModelIncremental, PlainUpsert) {
  auto m = ParseUserStats(
      "-- materialized: incremental\n-- unique_key: user_id, day\n\n"
      "SELECT user_id, created_at::date AS day, count(*) AS n FROM public.orders GROUP BY 1, 2\n");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->materialized, Materialized::kIncremental);
  EXPECT_EQ(m->unique_key, (std::vector<std::string>{"user_id", "day"}));
  EXPECT_TRUE(m->watermark.empty());
  EXPECT_EQ(Reads(*m), std::vector<std::string>{"public.orders"});
}

TEST(ModelIncremental, WatermarkSingleWithLookback) {
  auto m = ParseUserStats(
      "-- materialized: incremental\n-- unique_key: id\n-- watermark: updated_at\n"
      "-- lookback: 2 days\nSELECT id, name, updated_at FROM public.source\n");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->watermark, std::vector<std::string>{"updated_at"});
  EXPECT_EQ(m->lookback, "2 days");
}

TEST(ModelIncremental, WatermarkCompound) {
  auto m = ParseUserStats(
      "-- materialized: incremental\n-- unique_key: id\n-- watermark: updated_at, id\n"
      "SELECT id, updated_at FROM public.source\n");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->watermark, (std::vector<std::string>{"updated_at", "id"}));
  EXPECT_TRUE(m->lookback.empty());
}

TEST(ModelIncremental, FilterAndTheRelationsItReads) {
  auto m = ParseUserStats(
      "-- materialized: incremental\n-- unique_key: id\n"
      "-- incremental_filter: created_at > current_date - interval '7 days' AND id NOT IN "
      "(SELECT id FROM staging.excluded)\n"
      "SELECT id, data, created_at FROM public.source\n");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->incremental_filter,
            "created_at > current_date - interval '7 days' AND id NOT IN "
            "(SELECT id FROM staging.excluded)");
  // A model the filter reads must be built first: it is a dependency like any other read.
  EXPECT_EQ(Reads(*m), (std::vector<std::string>{"public.source", "staging.excluded"}));
}

TEST(ModelIncremental, Sections) {
  auto m = ParseUserStats(
      "-- materialized: incremental\n"
      "-- unique_key: id\n"
      "\n"
      "-- @base\n"
      "SELECT * FROM public.events\n"
      "\n"
      "-- @incremental\n"
      "SELECT e.* FROM public.events e JOIN staging.new_ids n USING (id)\n"
      "WHERE e.id > (SELECT MAX(id) FROM marts.user_stats)\n");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->sql, "SELECT * FROM public.events\n\n");
  EXPECT_EQ(m->sql_line, 5);
  EXPECT_TRUE(base::StartsWith(m->incremental_sql, "SELECT e.* FROM public.events e"));
  EXPECT_EQ(m->incremental_line, 8);
  // The @incremental section reads the model's own table: not a dependency.
  EXPECT_EQ(Reads(*m), (std::vector<std::string>{"public.events", "staging.new_ids"}));
}

TEST(ModelIncremental, SectionSyntaxErrorLine) {
  ExpectUserStatsError(
      "-- materialized: incremental\n-- unique_key: id\n-- @base\nSELECT 1 AS id\n"
      "-- @incremental\nSELECT 1 AS id\nWHERE\n",
      7, "syntax error");
}

TEST(ModelIncremental, SectionErrors) {
  const std::string head = "-- materialized: incremental\n-- unique_key: id\n";
  ExpectUserStatsError(head + "-- @base\nSELECT 1 AS id\n", 3, "@incremental");
  ExpectUserStatsError(head + "-- @base\nSELECT 1 AS id\n-- @incremental\n\n", 5, "@incremental");
  ExpectUserStatsError(head + "-- @incremental\nSELECT 1 AS id\n", 3, "@base");
  ExpectUserStatsError(
      head + "SELECT 1 AS id\n-- @base\nSELECT 1 AS id\n-- @incremental\nSELECT 2\n", 4,
      "@base must come first");
  ExpectUserStatsError(
      head + "-- @base\nSELECT 1\n-- @incremental\nSELECT 2\n-- @incremental\nSELECT 3\n", 7,
      "@incremental");
  ExpectUserStatsError(head + "-- @base\n-- @incremental\nSELECT 2\n", 3, "no SQL");
}

TEST(ModelIncremental, MarkerSpacingAndTypos) {
  const std::string head = "-- materialized: incremental\n-- unique_key: id\n";
  auto m = ParseUserStats(head + "--@base\nSELECT 1 AS id\n  --   @incremental\nSELECT 2 AS id\n");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->sql, "SELECT 1 AS id\n");
  EXPECT_EQ(m->incremental_sql, "SELECT 2 AS id\n");
  ExpectUserStatsError(head + "-- @base\nSELECT 1 AS id\n-- @incremetal\nSELECT 2 AS id\n", 5,
                       "unknown section marker \"-- @incremetal\" (sections are -- @base and -- "
                       "@incremental); did you mean -- @incremental?");
  ExpectUserStatsError(head + "-- @bsae\nSELECT 1 AS id\n", 3, "did you mean -- @base?");
}

TEST(ModelConsistency, IncrementalNeedsUniqueKey) {
  ExpectUserStatsError("-- Free text.\n-- materialized: incremental\n-- tags: x\nSELECT 1 AS id\n",
                       2, "unique_key");
}

TEST(ModelConsistency, IncrementalOnlyDirectivesOnATable) {
  ExpectUserStatsError("-- materialized: table\n-- unique_key: id\nSELECT 1 AS id\n", 2,
                       "-- materialized: incremental");
  ExpectUserStatsError("-- description: x\n-- watermark: updated_at\nSELECT now() AS updated_at\n",
                       2, "-- materialized: incremental");
  ExpectUserStatsError("-- materialized: view\n\n-- incremental_filter: id > 1\nSELECT 1 AS id\n",
                       3, "-- materialized: incremental");
  ExpectUserStatsError("-- materialized: table\n-- @base\nSELECT 1\n-- @incremental\nSELECT 2\n", 2,
                       "-- materialized: incremental");
}

TEST(ModelConsistency, WatermarkAndFilterExcludeEachOther) {
  ExpectUserStatsError(
      "-- materialized: incremental\n-- unique_key: id\n-- watermark: updated_at\n"
      "-- incremental_filter: id > 1\nSELECT 1 AS id, now() AS updated_at\n",
      4, "exclude each other");
  ExpectUserStatsError(
      "-- materialized: incremental\n-- unique_key: id\n-- incremental_filter: id > 1\n"
      "-- watermark: updated_at\nSELECT 1 AS id, now() AS updated_at\n",
      4, "exclude each other");
}

TEST(ModelConsistency, SectionsReplaceWatermark) {
  ExpectUserStatsError(
      "-- materialized: incremental\n-- unique_key: id\n-- watermark: id\n"
      "-- @base\nSELECT 1 AS id\n-- @incremental\nSELECT 2 AS id\n",
      3, "@base/@incremental");
}

TEST(ModelConsistency, LookbackNeedsWatermark) {
  ExpectUserStatsError(
      "-- materialized: incremental\n-- unique_key: id\n-- lookback: 2 days\nSELECT 1\n", 3,
      "-- lookback needs a -- watermark");
}

TEST(ModelConsistency, BadIncrementalFilter) {
  const std::string head = "-- materialized: incremental\n-- unique_key: id\n";
  for (const char* filter : {
           "1=1; DROP TABLE x",
           "id >",
           "true ORDER BY 1",
           "true LIMIT 0",
           "true) UNION SELECT (1",
           "true GROUP BY 1",
           "id > 1 -- the rest of the line is a comment",
           "id > 1 /* unclosed",
           "true FOR UPDATE",
           "id IN (WITH d AS (DELETE FROM t RETURNING id) SELECT id FROM d)",
       }) {
    SCOPED_TRACE(filter);
    ExpectUserStatsError(head + "\n-- incremental_filter: " + filter + "\nSELECT 1 AS id\n", 4,
                         "incremental_filter");
  }
}

TEST(ModelNew, TextOfEachMaterializationParses) {
  for (Materialized mat : {Materialized::kView, Materialized::kTable, Materialized::kIncremental}) {
    std::string text = NewModelText("analytics.user_stats", mat);
    auto m = ParseModel("models/analytics/user_stats.sql", "analytics", "user_stats", text);
    ASSERT_TRUE(m.ok()) << text << m.status().ToString();
    EXPECT_EQ(m->materialized, mat);
    EXPECT_EQ(m->description, "analytics.user_stats");
    EXPECT_EQ(m->deps_line, mat == Materialized::kIncremental ? 3 : 2) << text;
    EXPECT_EQ(m->unique_key.empty(), mat != Materialized::kIncremental);
  }
  EXPECT_EQ(NewModelText("analytics.daily", Materialized::kIncremental),
            "-- materialized: incremental\n-- unique_key: id\n-- deps:\n-- tests:\n"
            "-- description: analytics.daily\n\nSELECT\n    1 AS id\n");
}

TEST(ModelNames, MaterializedName) {
  EXPECT_STREQ(MaterializedName(Materialized::kView), "view");
  EXPECT_STREQ(MaterializedName(Materialized::kTable), "table");
  EXPECT_STREQ(MaterializedName(Materialized::kIncremental), "incremental");
}

}  // namespace
}  // namespace pgcrate::model

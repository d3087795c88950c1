#include "model/directives.h"

#include <gtest/gtest.h>

namespace pgcrate::model {
namespace {

TEST(DirectiveSplit, KeyAndValue) {
  std::string key, value;
  ASSERT_TRUE(SplitDirective("materialized:   table  ", key, value));
  EXPECT_EQ(key, "materialized");
  EXPECT_EQ(value, "table");
  ASSERT_TRUE(SplitDirective("deps:", key, value));
  EXPECT_EQ(key, "deps");
  EXPECT_EQ(value, "");
  ASSERT_TRUE(SplitDirective("incremental_filter: a > 1", key, value));
  EXPECT_EQ(key, "incremental_filter");
  EXPECT_EQ(value, "a > 1");
  ASSERT_TRUE(SplitDirective("materialized:table", key, value));
  EXPECT_EQ(value, "table");
  // Not a known key, but shaped like one: ApplyDirective reports it.
  ASSERT_TRUE(SplitDirective("materialised: table", key, value));
  EXPECT_EQ(key, "materialised");
}

TEST(DirectiveSplit, FreeTextIsNotADirective) {
  std::string key, value;
  EXPECT_FALSE(SplitDirective("Note: this is free text", key, value));
  EXPECT_FALSE(SplitDirective("TODO: later", key, value));
  EXPECT_FALSE(SplitDirective("this model counts orders: per day", key, value));
  EXPECT_FALSE(SplitDirective("no colon at all", key, value));
  EXPECT_FALSE(SplitDirective(": value", key, value));
  EXPECT_FALSE(SplitDirective("step1: load", key, value));
  // A URL is free text, not the directive "https".
  EXPECT_FALSE(SplitDirective("https://example.com/docs", key, value));
  EXPECT_FALSE(SplitDirective("", key, value));
}

TEST(DirectiveKey, KnownKeys) {
  for (const char* k : {"materialized", "deps", "unique_key", "tags", "tests", "description",
                        "watermark", "lookback", "incremental_filter"}) {
    EXPECT_TRUE(IsDirectiveKey(k)) << k;
  }
  EXPECT_FALSE(IsDirectiveKey("materialised"));
  EXPECT_FALSE(IsDirectiveKey("Materialized"));
  EXPECT_FALSE(IsDirectiveKey(""));
}

TEST(DirectiveTests, AllFourTypes) {
  auto tests = ParseTests("m.sql", 4,
                          "not_null(user_id), unique(a, b),  accepted_values(status, ['a, b', "
                          "'it''s', 'x]y', 42, -1.5, true]) , relationships(user_id, "
                          "staging.users.id)");
  ASSERT_TRUE(tests.ok()) << tests.status().ToString();
  ASSERT_EQ(tests->size(), 4u);
  const ModelTest& nn = (*tests)[0];
  EXPECT_EQ(nn.kind, TestKind::kNotNull);
  EXPECT_EQ(nn.columns, std::vector<std::string>{"user_id"});
  EXPECT_EQ(nn.line, 4);
  EXPECT_EQ(nn.Name(), "not_null(user_id)");
  const ModelTest& u = (*tests)[1];
  EXPECT_EQ(u.kind, TestKind::kUnique);
  EXPECT_EQ(u.columns, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(u.Name(), "unique(a, b)");
  const ModelTest& av = (*tests)[2];
  EXPECT_EQ(av.kind, TestKind::kAcceptedValues);
  EXPECT_EQ(av.columns, std::vector<std::string>{"status"});
  EXPECT_EQ(av.values,
            (std::vector<std::string>{"'a, b'", "'it''s'", "'x]y'", "42", "-1.5", "true"}));
  EXPECT_EQ(av.Name(), "accepted_values(status, ['a, b', 'it''s', 'x]y', 42, -1.5, true])");
  const ModelTest& r = (*tests)[3];
  EXPECT_EQ(r.kind, TestKind::kRelationships);
  EXPECT_EQ(r.columns, std::vector<std::string>{"user_id"});
  EXPECT_EQ(r.ref_schema, "staging");
  EXPECT_EQ(r.ref_table, "users");
  EXPECT_EQ(r.ref_column, "id");
  EXPECT_EQ(r.Name(), "relationships(user_id, staging.users.id)");
}

TEST(DirectiveTests, EmptyValueIsNoTests) {
  auto tests = ParseTests("m.sql", 1, "   ");
  ASSERT_TRUE(tests.ok());
  EXPECT_TRUE(tests->empty());
}

TEST(DirectiveTests, UniqueSingleColumnAndSpacing) {
  auto tests = ParseTests("m.sql", 1, "unique (id),not_null( id )");
  ASSERT_TRUE(tests.ok()) << tests.status().ToString();
  ASSERT_EQ(tests->size(), 2u);
  EXPECT_EQ((*tests)[0].Name(), "unique(id)");
  EXPECT_EQ((*tests)[1].Name(), "not_null(id)");
}

struct BadTests {
  const char* value;
  const char* message;  // a part of the error message
};

class DirectiveTestsBad : public ::testing::TestWithParam<BadTests> {};

TEST_P(DirectiveTestsBad, IsAnErrorAtTheLine) {
  auto tests = ParseTests("models/s/m.sql", 7, GetParam().value);
  ASSERT_FALSE(tests.ok()) << GetParam().value;
  EXPECT_EQ(tests.status().code(), Code::kParse);
  EXPECT_EQ(tests.status().location().file, "models/s/m.sql");
  EXPECT_EQ(tests.status().location().line, 7);
  EXPECT_NE(tests.status().message().find(GetParam().message), std::string::npos)
      << GetParam().value << " -> " << tests.status().message();
}

INSTANTIATE_TEST_SUITE_P(
    All, DirectiveTestsBad,
    ::testing::Values(
        BadTests{"not_null", "type(arguments)"}, BadTests{"not_null(id) x", "type(arguments)"},
        BadTests{"not_null(id", "unclosed"}, BadTests{"not_null(id))(", "unclosed"},
        BadTests{"accepted_values(s, ['a)", "unclosed"}, BadTests{"not_null(id),", "empty item"},
        BadTests{", not_null(id)", "empty item"}, BadTests{"not_null(a, b)", "one column"},
        BadTests{"not_null()", "needs column names"}, BadTests{"unique()", "needs column names"},
        BadTests{"unique(a,)", "needs column names"},
        BadTests{"not_null(id) unique(id)", "column name"},
        BadTests{"not_null(a b)", "column name"}, BadTests{"not_null('a')", "column name"},
        BadTests{"nul_null(id)", "did you mean not_null?"},
        BadTests{"uniqe(id)", "unknown test type \"uniqe\""},
        BadTests{"exists(id)", "known: not_null, unique, accepted_values, relationships"},
        BadTests{"accepted_values(s)", "a column and a list"},
        BadTests{"accepted_values(s, 'a')", "needs a list"},
        BadTests{"accepted_values(s, [])", "empty"},
        BadTests{"accepted_values(s, ['a',])", "empty"},
        BadTests{"accepted_values(s, [a])", "SQL literals"},
        BadTests{"accepted_values(s, [e])", "SQL literals"},
        BadTests{"accepted_values(s, [-])", "SQL literals"},
        BadTests{"accepted_values(s, ['a' || 'b'])", "SQL literals"},
        BadTests{"accepted_values(s, [1); DROP TABLE x; --])", "unclosed"},
        BadTests{"accepted_values(s, [1) OR (1=1])", "SQL literals"},
        BadTests{"accepted_values(s, [1 AS x])", "SQL literals"},
        BadTests{"accepted_values(s, [1 -- x])", "SQL literals"},
        BadTests{"accepted_values(s, [NULL])", "NULL"},
        BadTests{"relationships(a)", "schema.table.column"},
        BadTests{"relationships(a, users.id)", "schema.table.column"},
        BadTests{"relationships(a, s..id)", "schema.table.column"},
        BadTests{"relationships(a, s.t.id.x)", "schema.table.column"},
        BadTests{"relationships(a, s.t .id)", "schema.table.column"},
        BadTests{"relationships(, s.t.id)", "schema.table.column"}));

Status Apply(const std::string& key, const std::string& value, Model& m) {
  return ApplyDirective("models/s/m.sql", 3, key, value, m);
}

TEST(DirectiveApply, EachKnownDirective) {
  Model m;
  ASSERT_TRUE(Apply("materialized", "incremental", m).ok());
  EXPECT_EQ(m.materialized, Materialized::kIncremental);
  ASSERT_TRUE(Apply("deps", "staging.a,  staging.b", m).ok());
  EXPECT_EQ(m.deps, (std::vector<std::string>{"staging.a", "staging.b"}));
  EXPECT_EQ(m.deps_line, 3);
  ASSERT_TRUE(Apply("unique_key", "user_id, day", m).ok());
  EXPECT_EQ(m.unique_key, (std::vector<std::string>{"user_id", "day"}));
  ASSERT_TRUE(Apply("tags", "daily,metrics", m).ok());
  EXPECT_EQ(m.tags, (std::vector<std::string>{"daily", "metrics"}));
  ASSERT_TRUE(Apply("watermark", "updated_at, id", m).ok());
  EXPECT_EQ(m.watermark, (std::vector<std::string>{"updated_at", "id"}));
  ASSERT_TRUE(Apply("lookback", "2 days", m).ok());
  EXPECT_EQ(m.lookback, "2 days");
  ASSERT_TRUE(Apply("incremental_filter", "day > current_date - 7", m).ok());
  EXPECT_EQ(m.incremental_filter, "day > current_date - 7");
  ASSERT_TRUE(Apply("description", "Orders: per day, per user", m).ok());
  EXPECT_EQ(m.description, "Orders: per day, per user");
  ASSERT_TRUE(Apply("tests", "not_null(day)", m).ok());
  ASSERT_TRUE(Apply("tests", "unique(day)", m).ok());  // tests lines add up
  ASSERT_EQ(m.tests.size(), 2u);
  EXPECT_EQ(m.tests[1].Name(), "unique(day)");
  EXPECT_EQ(m.lines.at("tests"), 3);
  Model view, table;
  ASSERT_TRUE(Apply("materialized", "view", view).ok());
  EXPECT_EQ(view.materialized, Materialized::kView);
  ASSERT_TRUE(Apply("materialized", "table", table).ok());
  EXPECT_EQ(table.materialized, Materialized::kTable);
}

TEST(DirectiveApply, GivenTwice) {
  Model m;
  ASSERT_TRUE(ApplyDirective("m.sql", 1, "materialized", "table", m).ok());
  Status st = ApplyDirective("m.sql", 4, "materialized", "view", m);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.location().line, 4);
  EXPECT_NE(st.message().find("given twice (line 1 and here)"), std::string::npos) << st.message();
}

TEST(DirectiveApply, EmptyDepsIsADeclaredEmptyList) {
  Model m;
  ASSERT_TRUE(Apply("deps", "", m).ok());
  EXPECT_TRUE(m.deps.empty());
  EXPECT_EQ(m.deps_line, 3);
}

struct BadDirective {
  const char* key;
  const char* value;
  const char* message;
};

class DirectiveApplyBad : public ::testing::TestWithParam<BadDirective> {};

TEST_P(DirectiveApplyBad, IsAnErrorAtTheLine) {
  Model m;
  Status st = Apply(GetParam().key, GetParam().value, m);
  ASSERT_FALSE(st.ok()) << GetParam().key << ": " << GetParam().value;
  EXPECT_EQ(st.code(), Code::kParse);
  EXPECT_EQ(st.location().line, 3);
  EXPECT_NE(st.message().find(GetParam().message), std::string::npos) << st.message();
}

INSTANTIATE_TEST_SUITE_P(
    All, DirectiveApplyBad,
    ::testing::Values(BadDirective{"materialised", "table", "did you mean \"-- materialized:\"?"},
                      BadDirective{"dep", "staging.a", "did you mean \"-- deps:\"?"},
                      BadDirective{"owner", "me", "unknown header directive \"-- owner:\""},
                      BadDirective{"materialized", "Table", "view, table or incremental"},
                      BadDirective{"materialized", "ephemeral", "view, table or incremental"},
                      BadDirective{"materialized", "", "view, table or incremental"},
                      BadDirective{"deps", "staging.a staging.b", "comma-separated"},
                      BadDirective{"deps", "staging.a,", "comma-separated"},
                      BadDirective{"deps", "stg_users", "schema.model"},
                      BadDirective{"deps", "a.b.c", "schema.model"},
                      BadDirective{"deps", ".b", "schema.model"},
                      BadDirective{"deps", "staging.a, staging.a", "twice"},
                      BadDirective{"unique_key", "id, id", "twice"},
                      BadDirective{"unique_key", "lower(email)", "comma-separated"},
                      BadDirective{"unique_key", "o.id", "without a table"},
                      BadDirective{"watermark", "s.updated_at", "without a table"},
                      BadDirective{"watermark", "updated_at id", "comma-separated"},
                      BadDirective{"tags", "daily,,x", "comma-separated"},
                      BadDirective{"lookback", "2 days'; DROP TABLE x; --", "interval"},
                      BadDirective{"lookback", "two days", "interval"}));

}  // namespace
}  // namespace pgcrate::model

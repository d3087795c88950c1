// The code folder read without a database: identities, DROP statements, references and the
// order they give, attachments, and the errors for what does not belong there.
#include "code/objects.h"

#include <gtest/gtest.h>

#include "code/graph.h"

namespace pgcrate::code {
namespace {

CodeSet Load(const std::vector<std::pair<std::string, std::string>>& files, Status* st = nullptr) {
  CodeSet set;
  LoadOptions o;
  Status s = Status::Ok();
  for (const auto& [path, text] : files) {
    s = AddFile(path, text, o, set);
    if (!s.ok()) break;
  }
  if (s.ok()) s = Resolve(set, o);
  if (st) *st = s;
  return set;
}

TEST(CodeObjects, IdentitiesAndDropStatementsOfEveryKind) {
  Status st;
  CodeSet set =
      Load({{"a.sql",
             "CREATE VIEW \"My View\" AS SELECT 1 AS x;\n"
             "CREATE MATERIALIZED VIEW s.mv AS SELECT 1 AS x;\n"
             "CREATE OR REPLACE FUNCTION s.\"F\"(a integer, OUT b text, VARIADIC c int4[]) "
             "LANGUAGE sql AS 'SELECT 1::text';\n"
             "CREATE PROCEDURE p(n int) LANGUAGE sql AS 'SELECT 1';\n"
             "CREATE AGGREGATE agg(integer) (sfunc = int4pl, stype = integer);\n"
             "CREATE TYPE mood AS ENUM ('a');\n"
             "CREATE DOMAIN pos AS integer CHECK (VALUE > 0);\n"
             "CREATE TRIGGER t BEFORE INSERT ON s.tab FOR EACH ROW EXECUTE FUNCTION f();\n"
             "CREATE POLICY \"select\" ON tab USING (true);\n"}},
           &st);
  ASSERT_TRUE(st.ok()) << st.ToString();
  ASSERT_EQ(set.objects.size(), 9u);
  EXPECT_EQ(set.objects[0].identity, "view public.\"My View\"");
  EXPECT_EQ(set.objects[0].drop_sql, "DROP VIEW public.\"My View\"");
  EXPECT_EQ(set.objects[1].identity, "materialized view s.mv");
  EXPECT_EQ(set.objects[2].identity, "function s.\"F\"(int4, int4[])");
  EXPECT_TRUE(set.objects[2].or_replace);
  EXPECT_EQ(set.objects[3].drop_sql, "DROP PROCEDURE public.p(int4)");
  EXPECT_EQ(set.objects[4].identity, "aggregate public.agg(int4)");
  EXPECT_EQ(set.objects[5].identity, "type public.mood");
  EXPECT_EQ(set.objects[6].drop_sql, "DROP DOMAIN public.pos");
  EXPECT_EQ(set.objects[7].identity, "trigger t on s.tab");
  EXPECT_EQ(set.objects[7].drop_sql, "DROP TRIGGER t ON s.tab");
  EXPECT_EQ(set.objects[8].drop_sql, "DROP POLICY \"select\" ON public.tab");
}

TEST(CodeObjects, ReferencesOrderObjectsWhateverTheFileOrder) {
  Status st;
  CodeSet set = Load({{"1.sql", "CREATE VIEW top AS SELECT x FROM mid WHERE f(x) > 0;\n"},
                      {"2.sql", "CREATE VIEW mid AS SELECT x::pos AS x FROM base;\n"},
                      {"3.sql",
                       "CREATE FUNCTION f(v pos) RETURNS int LANGUAGE plpgsql AS $$ BEGIN "
                       "RETURN (SELECT count(*) FROM top); END $$;\n"
                       "CREATE DOMAIN pos AS integer;\n"
                       "CREATE VIEW base AS SELECT 1 AS x FROM users;\n"}},
                     &st);
  ASSERT_TRUE(st.ok()) << st.ToString();
  std::vector<std::string> all;
  for (const auto& o : set.objects) all.push_back(o.identity);
  auto order = DependencyOrder(all, CodeDeps(set));
  ASSERT_TRUE(order.ok()) << order.status().ToString();
  auto pos = [&](const std::string& id) {
    return std::find(order->begin(), order->end(), id) - order->begin();
  };
  EXPECT_LT(pos("domain public.pos"), pos("view public.mid"));
  EXPECT_LT(pos("view public.base"), pos("view public.mid"));
  EXPECT_LT(pos("view public.mid"), pos("view public.top"));
  EXPECT_LT(pos("function public.f(pos)"), pos("view public.top"));
  EXPECT_LT(pos("domain public.pos"), pos("function public.f(pos)"));
  // The PL/pgSQL body reads `top` but does not tie f to it (no cycle), and `users` is a table
  // of the migrations: an external reference.
  const CodeObject& base = set.objects[static_cast<size_t>(set.Find("view public.base"))];
  ASSERT_EQ(base.external.size(), 1u);
  EXPECT_EQ(base.external[0].name, "users");
}

TEST(CodeObjects, CommentsAndGrantsAttachAndCountInTheHash) {
  Status st;
  CodeSet a = Load({{"v.sql", "CREATE VIEW v AS SELECT 1 AS x;\n"}}, &st);
  CodeSet b =
      Load({{"v.sql", "-- a comment changes nothing\nCREATE   VIEW v AS\n SELECT 1 AS x;\n"}}, &st);
  EXPECT_EQ(a.objects[0].hash, b.objects[0].hash);
  CodeSet c = Load({{"v.sql", "CREATE VIEW v AS SELECT 1 AS x;\n"},
                    {"g.sql", "GRANT SELECT ON v TO PUBLIC;\nCOMMENT ON VIEW public.v IS 'x';\n"}},
                   &st);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(c.objects[0].attachments.size(), 2u);
  EXPECT_NE(a.objects[0].hash, c.objects[0].hash);
}

TEST(CodeObjects, WhatDoesNotBelongIsAnErrorAtItsLine) {
  Status st;
  Load({{"t.sql", "CREATE VIEW v AS SELECT 1 AS x;\n\nINSERT INTO t VALUES (1);\n"}}, &st);
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(st.location().line, 3);
  EXPECT_NE(st.message().find("belong in migrations"), std::string::npos) << st.message();
  Load({{"c.sql", "COMMENT ON VIEW nowhere IS 'x';\n"}}, &st);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("not defined in the code folder"), std::string::npos);
  Load({{"x.sql", "CREATE EXTENSION hstore;\n"}}, &st);
  EXPECT_FALSE(st.ok());
  // A valid body libpg_query's PL/pgSQL parser cannot follow (a field of a composite variable)
  // is no error: the server checks bodies at CREATE.
  Load({{"y.sql",
         "CREATE FUNCTION mk(k bigint) RETURNS pair LANGUAGE plpgsql AS $$ DECLARE r pair; "
         "BEGIN r.id := k; RETURN r; END $$;\n"}},
       &st);
  EXPECT_TRUE(st.ok()) << st.ToString();
}

}  // namespace
}  // namespace pgcrate::code

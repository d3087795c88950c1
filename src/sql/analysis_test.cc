#include "sql/analysis.h"

#include <gtest/gtest.h>

#include "sql/comments.h"

namespace pgcrate::sql {
namespace {

Analysis One(const std::string& sql, SearchPath path = SearchPath()) {
  auto r = ParseScript(sql);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (!r.ok() || r->empty()) return {};
  return Analyze((*r)[0], path);
}

std::string Locks(const Analysis& a) {
  std::string out;
  for (const auto& l : a.locks) {
    out += (out.empty() ? "" : ", ") + l.relation.Qualified() + "=" + LockModeName(l.mode);
  }
  return out;
}

std::string Names(const std::vector<ObjectName>& v) {
  std::string out;
  for (const auto& o : v) out += (out.empty() ? "" : ", ") + o.kind + " " + o.Qualified();
  return out;
}

TEST(Analysis, LocksPerStatement) {
  EXPECT_EQ(Locks(One("CREATE INDEX i ON t (a)")), "public.t=SHARE");
  EXPECT_EQ(Locks(One("CREATE INDEX CONCURRENTLY i ON s.t (a)")), "s.t=SHARE UPDATE EXCLUSIVE");
  EXPECT_EQ(Locks(One("ALTER TABLE t ADD COLUMN c int")), "public.t=ACCESS EXCLUSIVE");
  EXPECT_EQ(Locks(One("ALTER TABLE t VALIDATE CONSTRAINT c")), "public.t=SHARE UPDATE EXCLUSIVE");
  EXPECT_EQ(Locks(One("ALTER TABLE o ADD CONSTRAINT f FOREIGN KEY (u) REFERENCES u (id)")),
            "public.u=SHARE ROW EXCLUSIVE, public.o=SHARE ROW EXCLUSIVE");
  EXPECT_EQ(Locks(One("UPDATE t SET a = 1 FROM s.x WHERE x.id = t.id")),
            "public.t=ROW EXCLUSIVE, s.x=ACCESS SHARE");
  EXPECT_EQ(Locks(One("VACUUM FULL t")), "public.t=ACCESS EXCLUSIVE");
  EXPECT_EQ(Locks(One("VACUUM t")), "public.t=SHARE UPDATE EXCLUSIVE");
  EXPECT_EQ(Locks(One("LOCK TABLE t IN SHARE MODE")), "public.t=SHARE");
  EXPECT_EQ(Locks(One("TRUNCATE a, b")), "public.a=ACCESS EXCLUSIVE, public.b=ACCESS EXCLUSIVE");
  EXPECT_EQ(Locks(One("DROP INDEX CONCURRENTLY i")), "public.i=SHARE UPDATE EXCLUSIVE");
  EXPECT_EQ(Locks(One("SELECT * FROM t FOR UPDATE")), "public.t=ROW SHARE");
  EXPECT_EQ(Locks(One("REINDEX TABLE t")), "public.t=SHARE");
  EXPECT_EQ(Locks(One("CLUSTER t USING i")), "public.t=ACCESS EXCLUSIVE");
}

TEST(Analysis, ObjectsAreSchemaQualified) {
  Analysis a = One("CREATE TABLE app.orders (id bigint, user_id bigint REFERENCES users (id))");
  EXPECT_EQ(Names(a.created), "table app.orders");
  EXPECT_EQ(Names(a.read), "table public.users");
  EXPECT_EQ(Names(One("DROP TABLE a, s.b").dropped), "table public.a, table s.b");
  EXPECT_EQ(Names(One("DROP SCHEMA x CASCADE").dropped), "schema x");
  EXPECT_EQ(Names(One("DROP FUNCTION s.f(int)").dropped), "function s.f");
  EXPECT_EQ(Names(One("CREATE INDEX i ON s.t (a)").created), "index s.i");
  EXPECT_EQ(Names(One("ALTER TABLE t RENAME COLUMN a TO b").altered), "table public.t");
  EXPECT_EQ(Names(One("DROP TRIGGER tr ON s.t").dropped), "trigger s.tr");
  EXPECT_EQ(Names(One("CREATE MATERIALIZED VIEW mv AS SELECT 1 FROM t").created),
            "materialized view public.mv");
}

TEST(Analysis, ReadsSkipCteNames) {
  Analysis a = One("WITH x AS (SELECT * FROM s.a) SELECT * FROM x JOIN b ON true");
  EXPECT_EQ(Names(a.read), "relation public.b, relation s.a");
  EXPECT_EQ(a.category, Category::kReadOnly);
  Analysis w = One("INSERT INTO t SELECT * FROM u");
  EXPECT_EQ(Names(w.written), "table public.t");
  EXPECT_EQ(Names(w.read), "relation public.u");
  EXPECT_EQ(w.category, Category::kDml);
}

TEST(Analysis, ACteHidesATableOnlyInItsOwnScope) {
  // `orders` outside the subquery is the table; inside, the subquery's CTE.
  Analysis a =
      One("SELECT * FROM orders WHERE id IN (WITH orders AS (SELECT id FROM archive) "
          "SELECT id FROM orders)");
  EXPECT_EQ(Names(a.read), "relation public.orders, relation public.archive");
  // A CTE is visible in the subqueries of its statement, and a qualified name is a table.
  Analysis b =
      One("WITH x AS (SELECT 1 AS id) SELECT * FROM (SELECT * FROM x) s JOIN public.x USING (id)");
  EXPECT_EQ(Names(b.read), "relation public.x");
  // Sibling statements of a set operation do not see each other's CTEs.
  Analysis c = One("(WITH t AS (SELECT 1) SELECT * FROM t) UNION ALL (SELECT * FROM t)");
  EXPECT_EQ(Names(c.read), "relation public.t");
}

TEST(Analysis, FollowsTheScriptsSearchPath) {
  auto r = ParseScript("CREATE TABLE a (x int); SET search_path = app, public; CREATE TABLE b ()");
  ASSERT_TRUE(r.ok());
  auto all = AnalyzeScript(*r);
  EXPECT_EQ(Names(all[0].created), "table public.a");
  EXPECT_EQ(Names(all[2].created), "table app.b");
  EXPECT_EQ(Names(One("CREATE TABLE c ()", SearchPath({"$user", "tenant"})).created),
            "table tenant.c");
}

TEST(Analysis, Categories) {
  EXPECT_EQ(One("CREATE TABLE t ()").category, Category::kDdl);
  EXPECT_EQ(One("BEGIN").category, Category::kTransactionControl);
  EXPECT_EQ(One("VACUUM t").category, Category::kUtility);
  EXPECT_EQ(One("SET lock_timeout = 0").category, Category::kUtility);
  EXPECT_EQ(One("COPY t TO STDOUT").category, Category::kReadOnly);
  EXPECT_EQ(One("COPY t FROM STDIN").category, Category::kDml);
  EXPECT_EQ(One("SELECT 1").category, Category::kReadOnly);
}

TEST(Analysis, FingerprintIgnoresConstants) {
  auto a = Fingerprint("SELECT * FROM t WHERE id = 1");
  auto b = Fingerprint("select *  from t where id = 42");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a.value(), b.value());
  EXPECT_EQ(a->size(), 16u);
  EXPECT_FALSE(Fingerprint("SELEC 1").ok());
}

TEST(Parser, StatementStartsAfterLeadingComments) {
  auto r = ParseScript("SELECT 1;\n-- note ; here\n/* a /* nested */ b */\nSELECT 2;");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[1].text, "SELECT 2");
  EXPECT_EQ((*r)[1].line, 4);
}

TEST(JsonTree, DecodesEscapes) {
  auto t = JsonTree::Parse(R"({"a":"x\"y\u00e9","b":[1,-2,true,null],"c":{}})");
  ASSERT_TRUE(t.ok());
  JsonRef r = (*t)->root();
  EXPECT_EQ(r["a"].str(), "x\"y\xc3\xa9");
  EXPECT_EQ(r["b"].size(), 4u);
  EXPECT_EQ(r["b"].at(1).num(), -2);
  EXPECT_TRUE(r["b"].at(2).boolean());
  EXPECT_TRUE(r["c"].is_object());
  EXPECT_FALSE(r["missing"]["deeper"].valid());
  EXPECT_FALSE(JsonTree::Parse("{\"a\":").ok());
}

}  // namespace
}  // namespace pgcrate::sql

namespace pgcrate::sql {
TEST(Comments, FoundByTheScanner) {
  auto c = ScanComments("SELECT '-- not a comment'; -- one\n/* two */ SELECT 1");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].text, "-- one");
  EXPECT_EQ(c[0].offset, 27u);
  EXPECT_EQ(c[1].text, "/* two */");
}
}  // namespace pgcrate::sql

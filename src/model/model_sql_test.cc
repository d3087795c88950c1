// A model's SQL as the PostgreSQL parser sees it (exactly one SELECT that writes nothing, the
// relations it reads, syntax errors at their file line) and DiscoverModels on real folders.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "model/model.h"

namespace pgcrate::model {
namespace {

const char kPath[] = "models/marts/m.sql";

Result<Model> Parse(const std::string& text) { return ParseModel(kPath, "marts", "m", text); }

void ExpectError(const std::string& text, int line, const std::string& part) {
  auto m = Parse(text);
  ASSERT_FALSE(m.ok()) << text;
  EXPECT_EQ(m.status().code(), Code::kParse) << m.status().ToString();
  EXPECT_EQ(m.status().location().file, kPath);
  EXPECT_EQ(m.status().location().line, line) << text << "\n" << m.status().ToString();
  EXPECT_NE(m.status().message().find(part), std::string::npos)
      << "expected \"" << part << "\" in: " << m.status().message();
}

std::vector<std::string> Reads(const std::string& sql) {
  auto m = Parse(sql);
  EXPECT_TRUE(m.ok()) << sql << "\n" << m.status().ToString();
  std::vector<std::string> out;
  if (!m.ok()) return out;
  for (const Relation& r : m->reads) out.push_back(r.Qualified());
  return out;
}

using Names = std::vector<std::string>;

const char kHeader[] = "-- materialized: table\n-- Free text.\n\n";  // SQL starts at line 4

TEST(ModelSql, NotOneSelect) {
  const std::string h = kHeader;
  ExpectError(h + "INSERT INTO public.t VALUES (1)\n", 4, "one SELECT");
  ExpectError(h + "CREATE TABLE public.t (id int)\n", 4, "one SELECT");
  ExpectError(h + "SELECT 1;\nSELECT 2;\n", 5, "2 statements");
  ExpectError(h + "SELECT * INTO public.t2 FROM public.t\n", 4, "SELECT INTO");
  ExpectError(h + "SELECT * FROM public.t FOR UPDATE\n", 4, "FOR UPDATE");
  ExpectError(h + "SELECT * FROM public.t FOR SHARE\n", 4, "FOR UPDATE");
  ExpectError(h + "WITH d AS (DELETE FROM public.t RETURNING *)\nSELECT * FROM d\n", 4,
              "changes data");
  ExpectError(h + "WITH d AS (SELECT 1 AS id)\nDELETE FROM public.t USING d RETURNING *\n", 4,
              "DELETE");
  ExpectError(h + "UPDATE public.t SET a = 1 RETURNING *\n", 4, "UPDATE");
  ExpectError(h + "DROP TABLE public.t\n", 4, "one SELECT");
  ExpectError(h + "EXPLAIN SELECT 1\n", 4, "one SELECT");
  ExpectError(h + "BEGIN;\nSELECT 1;\nCOMMIT;\n", 5, "3 statements");
}

TEST(ModelSql, SyntaxErrorLineCountsTheHeader) {
  // The error is on file line 6: 3 header lines, then SELECT, FROM t, WHER x.
  auto m = Parse(std::string(kHeader) + "SELECT a\nFROM public.t\nWHER x = 1\n");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), Code::kParse);
  EXPECT_EQ(m.status().location().file, kPath);
  EXPECT_EQ(m.status().location().line, 6) << m.status().ToString();
  EXPECT_EQ(m.status().location().column, 6);
  EXPECT_NE(m.status().message().find("syntax error"), std::string::npos);
}

TEST(ModelSql, EmptySql) {
  ExpectError("-- materialized: table\n-- tags: x\n", 1, "no SQL");
  ExpectError("", 1, "no SQL");
  ExpectError("-- materialized: table\n\n/* nothing here */\n", 1, "no SQL");
  ExpectError("-- materialized: table\n\n;\n", 1, "no SQL");
}

TEST(ModelSql, OtherSelectShapesAreFine) {
  EXPECT_EQ(Reads("SELECT 1 AS id;\n"), Names{});  // a trailing semicolon is fine
  EXPECT_EQ(Reads("VALUES (1, 'a'), (2, 'b')"), Names{});
  EXPECT_EQ(Reads("TABLE staging.users"), Names{"staging.users"});
  EXPECT_EQ(Reads("SELECT id FROM public.a UNION ALL SELECT id FROM public.b"),
            (Names{"public.a", "public.b"}));
  EXPECT_EQ(Reads("(SELECT 1 AS id) ORDER BY 1 LIMIT 5"), Names{});
}

TEST(ModelReads, QualifiedAndUnqualified) {
  EXPECT_EQ(Reads("SELECT * FROM orders o JOIN staging.users u ON u.id = o.user_id"),
            (Names{"public.orders", "staging.users"}));
  EXPECT_EQ(Reads("SELECT * FROM \"Staging\".\"Users\""), Names{"Staging.Users"});
  // pg_catalog is searched before public.
  EXPECT_EQ(Reads("SELECT c.relname FROM pg_class c JOIN pg_catalog.pg_namespace n ON true\n"
                  "JOIN information_schema.tables t ON true JOIN public.pg_mine m ON true"),
            (Names{"information_schema.tables", "pg_catalog.pg_class", "pg_catalog.pg_namespace",
                   "public.pg_mine"}));
}

TEST(ModelReads, CteNamesAreNotRelations) {
  EXPECT_EQ(Reads("WITH recent AS (SELECT * FROM staging.orders WHERE day > current_date - 7),\n"
                  "totals AS (SELECT user_id, count(*) AS n FROM recent GROUP BY 1)\n"
                  "SELECT * FROM totals JOIN staging.users u ON u.id = totals.user_id\n"),
            (Names{"staging.orders", "staging.users"}));
  EXPECT_EQ(Reads("WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 5)\n"
                  "SELECT n FROM t"),
            Names{});
  // A schema-qualified name is never a CTE.
  EXPECT_EQ(Reads("WITH users AS (SELECT 1) SELECT * FROM users, staging.users"),
            Names{"staging.users"});
}

TEST(ModelReads, SubqueriesJoinsAndLateral) {
  EXPECT_EQ(
      Reads("SELECT o.id FROM staging.orders o\n"
            "LEFT JOIN staging.users u ON u.id = o.user_id\n"
            "CROSS JOIN LATERAL (SELECT max(x) FROM staging.items i WHERE i.o = o.id) l\n"
            "WHERE o.user_id IN (SELECT id FROM staging.vip)\n"
            "  AND EXISTS (SELECT 1 FROM raw.flags f WHERE f.id = o.id)\n"
            "  AND o.total > (SELECT avg(total) FROM staging.orders)\n"),
      (Names{"raw.flags", "staging.items", "staging.orders", "staging.users", "staging.vip"}));
  EXPECT_EQ(Reads("SELECT (SELECT count(*) FROM staging.a) AS n, * FROM generate_series(1, 3)"),
            Names{"staging.a"});
}

TEST(ModelReads, ReadingItselfOutsideSectionsIsNotADependency) {
  // A table model that reads its previous contents is not its own dependency (no self-cycle).
  EXPECT_EQ(Reads("-- materialized: table\nSELECT * FROM marts.m UNION SELECT * FROM public.x"),
            Names{"public.x"});
}

// A temporary models folder, removed at the end.
class SqlModelsDir {
 public:
  SqlModelsDir() {
    char tmpl[] = "/tmp/pgcrate-models-XXXXXX";
    root_ = mkdtemp(tmpl);
  }
  ~SqlModelsDir() { std::filesystem::remove_all(root_); }
  void Write(const std::string& rel, const std::string& text) const {
    std::filesystem::path p = std::filesystem::path(root_) / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }
  const std::string& root() const { return root_; }

 private:
  std::string root_;
};

TEST(ModelDiscover, NestedFoldersSortedById) {
  SqlModelsDir d;
  d.Write("staging/stg_users.sql", "SELECT 1 AS id");
  d.Write("staging/orders/stg_orders.sql", "SELECT 1 AS id");
  d.Write("marts/finance/daily/revenue.sql",
          "-- materialized: table\nSELECT * FROM staging.stg_orders");
  d.Write("staging/README.md", "not a model");
  d.Write("staging/notes.sql.bak", "not a model");
  d.Write("staging/.ipynb_checkpoints/stg_users.sql", "SELECT 1 AS id");
  d.Write(".git/x.sql", "not a model");
  d.Write("staging/.#stg_users.sql", "not a model");
  auto models = DiscoverModels(d.root());
  ASSERT_TRUE(models.ok()) << models.status().ToString();
  ASSERT_EQ(models->size(), 3u);
  EXPECT_EQ((*models)[0].Id(), "marts.revenue");
  EXPECT_EQ((*models)[0].path, d.root() + "/marts/finance/daily/revenue.sql");
  EXPECT_EQ((*models)[0].materialized, Materialized::kTable);
  EXPECT_EQ((*models)[1].Id(), "staging.stg_orders");
  EXPECT_EQ((*models)[2].Id(), "staging.stg_users");
}

TEST(ModelDiscover, FileNotInASchemaFolder) {
  SqlModelsDir d;
  d.Write("staging/a.sql", "SELECT 1");
  d.Write("stray.sql", "SELECT 1");
  auto models = DiscoverModels(d.root());
  ASSERT_FALSE(models.ok());
  EXPECT_EQ(models.status().code(), Code::kConfig);
  EXPECT_NE(models.status().message().find(d.root() + "/stray.sql"), std::string::npos)
      << models.status().message();
  EXPECT_NE(models.status().message().find("<schema>/<name>.sql"), std::string::npos);
}

TEST(ModelDiscover, TwoFilesForOneRelationNameBoth) {
  SqlModelsDir d;
  d.Write("staging/a/users.sql", "SELECT 1");
  d.Write("staging/b/users.sql", "SELECT 2");
  auto models = DiscoverModels(d.root());
  ASSERT_FALSE(models.ok());
  EXPECT_EQ(models.status().code(), Code::kConfig);
  EXPECT_EQ(models.status().object(), "staging.users");
  // Named in a stable order.
  EXPECT_NE(models.status().message().find(d.root() + "/staging/a/users.sql and " + d.root() +
                                           "/staging/b/users.sql"),
            std::string::npos)
      << models.status().message();
}

TEST(ModelDiscover, ParseErrorNamesTheFile) {
  SqlModelsDir d;
  d.Write("staging/ok.sql", "SELECT 1");
  d.Write("staging/bad.sql", "-- materialized: tabel\nSELECT 1");
  auto models = DiscoverModels(d.root());
  ASSERT_FALSE(models.ok());
  EXPECT_EQ(models.status().code(), Code::kParse);
  EXPECT_EQ(models.status().location().file, d.root() + "/staging/bad.sql");
  EXPECT_EQ(models.status().location().line, 1);
}

TEST(ModelDiscover, DotInANameIsAnError) {
  // staging/users.v2.sql would be the model staging."users.v2", which -- deps: cannot name.
  SqlModelsDir d;
  d.Write("staging/users.v2.sql", "SELECT 1");
  auto models = DiscoverModels(d.root());
  ASSERT_FALSE(models.ok());
  EXPECT_EQ(models.status().code(), Code::kConfig);
  EXPECT_NE(models.status().message().find("users.v2.sql"), std::string::npos)
      << models.status().message();
}

TEST(ModelDiscover, MissingOrEmptyFolderIsEmpty) {
  auto none = DiscoverModels("/tmp/pgcrate-no-such-models-dir-for-sure");
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_TRUE(none->empty());
  SqlModelsDir d;
  auto empty = DiscoverModels(d.root());
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

}  // namespace
}  // namespace pgcrate::model

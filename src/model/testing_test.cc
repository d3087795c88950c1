#include "model/testing.h"

#include <gtest/gtest.h>

namespace pgcrate::model {
namespace {

Model M(const std::string& schema, const std::string& name, const std::string& tests) {
  auto m = ParseModel("models/" + schema + "/" + name + ".sql", schema, name,
                      "-- tests: " + tests + "\nSELECT 1 AS id\n");
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  return m.ok() ? *m : Model();
}

std::string Compile(const Model& m, size_t i = 0) {
  auto sql = CompileTest(m, m.tests.at(i));
  EXPECT_TRUE(sql.ok()) << sql.status().ToString();
  return sql.ok() ? *sql : "";
}

TEST(ModelTestCompile, NotNullQuotesTheRelationAndFoldsBareColumns) {
  std::string sql = Compile(M("my schema", "Odd\"Name", "not_null(User_Id)"));
  EXPECT_NE(sql.find("FROM \"my schema\".\"Odd\"\"Name\" WHERE user_id IS NULL"), std::string::npos)
      << sql;
  EXPECT_NE(sql.find("LIMIT 5"), std::string::npos);
}

TEST(ModelTestCompile, QuotedColumnsKeepTheirCaseAndKeywordsAreNames) {
  std::string sql = Compile(M("s", "t", "unique(\"Mixed \"\"Col\", order)"));
  EXPECT_NE(sql.find("\"Mixed \"\"Col\" IS NOT NULL AND \"order\" IS NOT NULL"), std::string::npos)
      << sql;
  EXPECT_NE(sql.find("GROUP BY \"Mixed \"\"Col\", \"order\" HAVING count(*) > 1"),
            std::string::npos)
      << sql;
}

TEST(ModelTestCompile, AcceptedValuesStringsCompareAsTextFromTheParseTree) {
  std::string sql = Compile(M("s", "t", "accepted_values(status, ['it''s', 'b'])"));
  EXPECT_NE(sql.find("status IS NOT NULL AND status::text NOT IN ('it''s', 'b')"),
            std::string::npos)
      << sql;
  sql = Compile(M("s", "t", "accepted_values(n, [1, -2, 0, 2.5, true])"));
  EXPECT_NE(sql.find("n NOT IN (1, -2, 0, 2.5, true)"), std::string::npos) << sql;
}

TEST(ModelTestCompile, RelationshipsQuoteTheReferencedRelation) {
  std::string sql = Compile(M("s", "t", "relationships(user_id, \"Ref S\".users.\"Id\")"));
  EXPECT_NE(
      sql.find("NOT EXISTS (SELECT 1 FROM \"Ref S\".users AS pgcrate_r WHERE pgcrate_r.\"Id\" "
               "= pgcrate_m.user_id)"),
      std::string::npos)
      << sql;
}

TEST(ModelTestCompile, ANameThatIsNotOneIdentifierIsAnErrorAtTheTestsLine) {
  // The header parser already refuses such a name at the tests line...
  EXPECT_FALSE(ParseModel("models/s/t.sql", "s", "t", "-- tests: not_null(a b)\nSELECT 1\n").ok());
  // ...and the compiler refuses it too (defence in depth), at the tests line.
  Model m = M("s", "t", "not_null(a)");
  m.tests[0].columns[0] = "a b";
  auto sql = CompileTest(m, m.tests.at(0));
  ASSERT_FALSE(sql.ok());
  EXPECT_EQ(sql.status().location().line, 1);
  EXPECT_NE(sql.status().ToString().find("models/s/t.sql:1: s.t not_null(a b)"), std::string::npos)
      << sql.status().ToString();
  m.tests[0].columns[0] = "x FROM pg_class";
  EXPECT_FALSE(CompileTest(m, m.tests.at(0)).ok());
}

TEST(ModelTestCompile, ALiteralIsCheckedByTheParserNotPasted) {
  Model m = M("s", "t", "accepted_values(c, ['a'])");
  for (const char* bad : {"1 -- x", "'a'); DROP TABLE t; --", "1 + 1", "NULL", "abs(1)"}) {
    m.tests[0].values = {bad};
    auto sql = CompileTest(m, m.tests[0]);
    if (sql.ok()) {
      // A comment is dropped with the text: the query holds only what the parser read.
      EXPECT_EQ(std::string(bad), "1 -- x");
      EXPECT_EQ(sql->find("--"), std::string::npos) << *sql;
    } else {
      EXPECT_NE(sql.status().message().find("is not a SQL literal"), std::string::npos) << bad;
    }
  }
}

}  // namespace
}  // namespace pgcrate::model

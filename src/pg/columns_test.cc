// pg::Columns on results libpq builds itself (PQmakeEmptyPGresult/PQsetResultAttrs), so the
// name lookup is checked without a server; tests/integration/catalog_columns_itest.cc checks
// it on real results.
#include "pg/columns.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <string>
#include <vector>

namespace pgcrate::pg {
namespace {

// A one-row result whose columns are named `names`; column i holds the text "v<i>".
QueryResult ResultWithColumns(std::vector<std::string> names) {
  PGresult* res = PQmakeEmptyPGresult(nullptr, PGRES_TUPLES_OK);
  std::vector<PGresAttDesc> attrs(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    attrs[i] = PGresAttDesc{};
    attrs[i].name = names[i].data();
    attrs[i].typlen = -1;
  }
  EXPECT_TRUE(PQsetResultAttrs(res, static_cast<int>(attrs.size()), attrs.data()));
  for (size_t i = 0; i < names.size(); ++i) {
    std::string value = "v" + std::to_string(i);
    EXPECT_TRUE(
        PQsetvalue(res, 0, static_cast<int>(i), value.data(), static_cast<int>(value.size())));
  }
  return QueryResult(res);
}

TEST(ColumnsTest, ResolvesNamesWhateverTheirPosition) {
  QueryResult r = ResultWithColumns({"oid", "name", "owner"});
  Columns col(r, "schemas");
  const int owner = col("owner"), oid = col("oid"), name = col("name");
  ASSERT_TRUE(col.status().ok()) << col.status().ToString();
  EXPECT_EQ(oid, 0);
  EXPECT_EQ(name, 1);
  EXPECT_EQ(owner, 2);
  EXPECT_EQ(r.str(0, owner), "v2");
}

TEST(ColumnsTest, MissingColumnIsAnInternalErrorNamingColumnAndQuery) {
  QueryResult r = ResultWithColumns({"oid", "name"});
  Columns col(r, "schemas");
  EXPECT_EQ(col("oid"), 0);
  EXPECT_EQ(col("comment"), -1);
  EXPECT_EQ(col("owner"), -1);
  EXPECT_EQ(col("name"), 1);
  ASSERT_FALSE(col.status().ok());
  EXPECT_EQ(col.status().code(), Code::kInternal);
  // The first failure is kept.
  EXPECT_EQ(col.status().message(), "the result of the schemas query has no column \"comment\".");
}

TEST(ColumnsTest, DuplicateColumnNameIsAnError) {
  QueryResult r = ResultWithColumns({"oid", "comment", "name", "comment"});
  Columns col(r, "types");
  EXPECT_EQ(col("oid"), 0);
  EXPECT_TRUE(col.status().ok());
  EXPECT_EQ(col("comment"), -1);
  EXPECT_EQ(col.status().code(), Code::kInternal);
  EXPECT_EQ(col.status().message(),
            "the result of the types query has 2 columns named \"comment\".");
}

TEST(ColumnsTest, NamesFoldToLowerCaseUnlessQuoted) {
  QueryResult r = ResultWithColumns({"oid", "Mixed"});
  Columns col(r, "q");
  EXPECT_EQ(col("OID"), 0);
  EXPECT_EQ(col("\"Mixed\""), 1);
  EXPECT_TRUE(col.status().ok());
  EXPECT_EQ(col("Mixed"), -1);  // folds to "mixed"
  EXPECT_FALSE(col.status().ok());
}

TEST(ColumnsTest, EmptyResultHasNoColumns) {
  QueryResult r;
  Columns col(r, "session");
  EXPECT_EQ(col("user_name"), -1);
  EXPECT_EQ(col.status().message(), "the result of the session query has no column \"user_name\".");
}

}  // namespace
}  // namespace pgcrate::pg

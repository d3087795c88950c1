// Reading result columns by name (pg::Columns) on real results, and the catalog loader's
// parsers reading every catalog query by its column aliases: the same catalog whatever the
// column order, and a clear kInternal error naming the column and the query when one is missing.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "catalog/loader.h"
#include "catalog/loader_internal.h"
#include "catalog/queries.h"
#include "catalog_itest_util.h"
#include "diff/planner.h"
#include "pg/columns.h"
#include "sql/quote.h"

namespace pgcrate::testing {
namespace {

using catalog::Catalog;
using catalog::internal::OidIndex;
using Parse = std::function<Status(const pg::QueryResult&, Catalog&, OidIndex&)>;

class CatalogColumns : public PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    Exec(ReadOrFail(std::string(PGCRATE_SOURCE_DIR) + "/src/catalog/testdata/kitchen_sink.sql"));
    // The session Load() sets, so both reads render names alike.
    ASSERT_TRUE(conn()
                    .Run("SET search_path = ''; SET TimeZone = 'UTC'; SET DateStyle = 'ISO, "
                         "MDY'; SET IntervalStyle = 'postgres'; SET extra_float_digits = 3")
                    .ok());
  }
  pg::QueryResult Query(const std::string& sql) {
    auto r = conn().Exec(sql);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::move(r.value()) : pg::QueryResult();
  }
  // `sql` with its output columns in reverse order (all of them, or all but `drop`).
  std::string Reordered(const std::string& sql, const std::string& drop = "") {
    pg::QueryResult r = Query(sql);
    std::string cols;
    for (int c = r.columns() - 1; c >= 0; --c) {
      if (r.column_name(c) == drop) continue;
      cols += (cols.empty() ? "q." : ", q.") + sql::QuoteIdent(r.column_name(c));
    }
    return "SELECT " + cols + " FROM (" + sql + ") q";
  }
};

// Every catalog query in Load()'s order, each with its parser.
std::vector<std::pair<std::string, Parse>> Steps() {
  namespace q = catalog::queries;
  namespace in = catalog::internal;
  return {
      {q::Session(), [](auto& r, auto& c, auto&) { return in::ParseSession(r, c); }},
      {q::Schemas(), [](auto& r, auto& c, auto&) { return in::ParseSchemas(r, c); }},
      {q::Extensions(), [](auto& r, auto& c, auto&) { return in::ParseExtensions(r, c); }},
      {q::Types(), in::ParseTypes},
      {q::Relations(), in::ParseRelations},
      {q::Columns(), [](auto& r, auto& c, auto& i) { return in::ParseColumns(r, c, i); }},
      {q::Constraints(), [](auto& r, auto& c, auto& i) { return in::ParseConstraints(r, c, i); }},
      {q::Indexes(), [](auto& r, auto& c, auto& i) { return in::ParseIndexes(r, c, i); }},
      {q::Sequences(), in::ParseSequences},
      {q::Triggers(), [](auto& r, auto& c, auto& i) { return in::ParseTriggers(r, c, i); }},
      {q::Policies(), [](auto& r, auto& c, auto& i) { return in::ParsePolicies(r, c, i); }},
      {q::Functions(), in::ParseFunctions},
      {q::DefaultPrivileges(),
       [](auto& r, auto& c, auto&) { return in::ParseDefaultPrivileges(r, c); }},
      {q::Dependencies(), [](auto& r, auto& c, auto& i) { return in::ParseDependencies(r, c, i); }},
  };
}

TEST_F(CatalogColumns, ColumnsResolvesNamesOfARealResult) {
  pg::QueryResult r = Query("SELECT 1 AS b, 'two' AS a, 3 AS \"Upper\"");
  pg::Columns col(r, "test");
  const int a = col("a"), b = col("b"), upper = col("\"Upper\"");
  ASSERT_TRUE(col.status().ok()) << col.status().ToString();
  EXPECT_EQ(r.str(0, a), "two");
  EXPECT_EQ(r.int64(0, b), 1);
  EXPECT_EQ(r.int64(0, upper), 3);
  EXPECT_EQ(col("c"), -1);
  EXPECT_EQ(col.status().code(), Code::kInternal);
  EXPECT_EQ(col.status().message(), "the result of the test query has no column \"c\".");

  pg::QueryResult dup = Query("SELECT 1 AS x, 2 AS x");
  pg::Columns dcol(dup, "dup");
  EXPECT_EQ(dcol("x"), -1);
  EXPECT_EQ(dcol.status().message(), "the result of the dup query has 2 columns named \"x\".");
}

TEST_F(CatalogColumns, SameCatalogWhateverTheColumnOrder) {
  auto loaded = catalog::Load(conn());
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_TRUE(conn().Run("SET search_path = ''").ok());  // Load's SET LOCAL ended with it
  Catalog reversed;
  reversed.server_version = conn().server_version();
  OidIndex idx;
  auto steps = Steps();
  ASSERT_EQ(steps.size(), static_cast<size_t>(catalog::queries::kQueryCount));
  for (const auto& [sql, parse] : steps) {
    Status st = parse(Query(Reordered(sql)), reversed, idx);
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  catalog::internal::ResolveSequenceOwners(reversed, idx);
  EXPECT_TRUE(diff::PlanMigration(*loaded, reversed).identical());
  EXPECT_EQ(reversed.tables.size(), loaded->tables.size());
  EXPECT_EQ(reversed.functions.size(), loaded->functions.size());
  EXPECT_EQ(reversed.current_user, loaded->current_user);
  EXPECT_EQ(reversed.builtin_grants, loaded->builtin_grants);
  EXPECT_EQ(reversed.depends_on, loaded->depends_on);
  ASSERT_FALSE(reversed.tables.empty());
  EXPECT_EQ(reversed.tables[0].row_estimate, loaded->tables[0].row_estimate);
  EXPECT_EQ(reversed.tables[0].columns.size(), loaded->tables[0].columns.size());
}

TEST_F(CatalogColumns, AMissingColumnIsAClearInternalErrorBeforeAnyRowIsRead) {
  Catalog c;
  OidIndex idx;
  Status st =
      catalog::internal::ParseTypes(Query(Reordered(catalog::queries::Types(), "labels")), c, idx);
  EXPECT_EQ(st.code(), Code::kInternal);
  EXPECT_EQ(st.message(), "the result of the types query has no column \"labels\".");
  EXPECT_TRUE(c.types.empty());

  st = catalog::internal::ParseSchemas(Query("SELECT 1::oid AS oid, 'x' AS name"), c);
  EXPECT_EQ(st.code(), Code::kInternal);
  EXPECT_EQ(st.message(), "the result of the schemas query has no column \"owner\".");
  EXPECT_TRUE(c.schemas.empty());
}

}  // namespace
}  // namespace pgcrate::testing

// The catalog queries, read by the PostgreSQL parser: every output column has an explicit alias
// (AS name), lower case and unique within its query, since the loader reads columns by name.
#include "catalog/queries.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sql/parser.h"

namespace pgcrate::catalog {
namespace {

std::vector<std::pair<std::string, std::string>> AllQueries() {
  return {{"session", queries::Session()},
          {"schemas", queries::Schemas()},
          {"extensions", queries::Extensions()},
          {"types", queries::Types()},
          {"relations", queries::Relations()},
          {"columns", queries::Columns()},
          {"constraints", queries::Constraints()},
          {"indexes", queries::Indexes()},
          {"sequences", queries::Sequences()},
          {"triggers", queries::Triggers()},
          {"policies", queries::Policies()},
          {"functions", queries::Functions()},
          {"default privileges", queries::DefaultPrivileges()},
          {"dependencies", queries::Dependencies()}};
}

TEST(CatalogQueriesTest, EveryOutputColumnHasAnExplicitUniqueLowerCaseAlias) {
  auto all = AllQueries();
  EXPECT_EQ(all.size(), static_cast<size_t>(queries::kQueryCount));
  for (const auto& [what, text] : all) {
    auto parsed = sql::ParseScript(text);
    ASSERT_TRUE(parsed.ok()) << what << ": " << parsed.status().ToString();
    ASSERT_EQ(parsed->size(), 1u) << what;
    const sql::JsonRef node = (*parsed)[0].node;
    ASSERT_EQ(node.node_type(), "SelectStmt") << what;
    const sql::JsonRef targets = node.node_body()["targetList"];
    ASSERT_GT(targets.size(), 0u) << what;
    std::set<std::string> names;
    for (size_t i = 0; i < targets.size(); ++i) {
      std::string name(targets.at(i)["ResTarget"]["name"].str());
      EXPECT_FALSE(name.empty()) << what << ": output column " << i + 1 << " has no AS alias";
      for (char ch : name) EXPECT_FALSE(ch >= 'A' && ch <= 'Z') << what << ": " << name;
      EXPECT_TRUE(names.insert(name).second) << what << ": alias " << name << " is repeated";
    }
  }
}

}  // namespace
}  // namespace pgcrate::catalog

#include "model/graph.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <utility>

namespace pgcrate::model {
namespace {

using Ids = std::vector<std::string>;

Model Make(const std::string& id, const std::string& text, const std::string& path = "") {
  size_t dot = id.find('.');
  std::string schema = id.substr(0, dot);
  std::string name = id.substr(dot + 1);
  std::string p = path.empty() ? "models/" + schema + "/" + name + ".sql" : path;
  auto m = ParseModel(p, schema, name, text);
  EXPECT_TRUE(m.ok()) << id << ": " << m.status().ToString();
  return m.ok() ? *m : Model{};
}

// Sorted by id, like DiscoverModels: 0 intermediate.orders, 1 marts.orders, 2 marts.user_stats,
// 3 public.standalone, 4 staging.stg_orders, 5 staging.stg_users.
std::vector<Model> Project() {
  return {
      Make("intermediate.orders",
           "-- deps: staging.stg_orders, staging.stg_users\n"
           "SELECT o.*, u.name FROM staging.stg_orders o\n"
           "JOIN staging.stg_users u ON u.id = o.user_id"),
      Make("marts.orders",
           "-- materialized: table\n-- deps: intermediate.orders\n-- tags: daily, finance\n"
           "SELECT * FROM intermediate.orders"),
      Make("marts.user_stats",
           "-- materialized: incremental\n-- unique_key: user_id\n"
           "-- deps: marts.orders, staging.stg_users\n"
           "SELECT u.id AS user_id, count(*) AS n FROM staging.stg_users u\n"
           "JOIN marts.orders o ON o.user_id = u.id GROUP BY 1"),
      Make("public.standalone", "SELECT 1 AS one"),
      Make("staging.stg_orders", "SELECT id, user_id FROM raw.orders"),
      Make("staging.stg_users", "-- tags: daily\nSELECT id, name FROM raw.users"),
  };
}

Graph Built(std::vector<Model> models = Project()) {
  auto g = Graph::Build(std::move(models));
  EXPECT_TRUE(g.ok()) << g.status().ToString();
  return g.ok() ? *g : Graph();
}

Ids IdsOf(const Graph& g, const std::vector<size_t>& idx) {
  Ids out;
  for (size_t i : idx) out.push_back(g.models()[i].Id());
  return out;
}

Ids Selected(const Graph& g, const std::vector<std::string>& selectors) {
  auto r = g.Select(selectors);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? IdsOf(g, *r) : Ids{};
}

TEST(GraphBuild, EdgesAndLayers) {
  Graph g = Built();
  ASSERT_EQ(g.models().size(), 6u);
  EXPECT_EQ(IdsOf(g, g.upstream(0)), (Ids{"staging.stg_orders", "staging.stg_users"}));
  EXPECT_EQ(IdsOf(g, g.upstream(2)), (Ids{"marts.orders", "staging.stg_users"}));
  EXPECT_EQ(IdsOf(g, g.downstream(5)), (Ids{"intermediate.orders", "marts.user_stats"}));
  EXPECT_TRUE(g.upstream(3).empty());
  auto layers = g.Layers();
  ASSERT_EQ(layers.size(), 4u);
  EXPECT_EQ(IdsOf(g, layers[0]),
            (Ids{"public.standalone", "staging.stg_orders", "staging.stg_users"}));
  EXPECT_EQ(IdsOf(g, layers[1]), Ids{"intermediate.orders"});
  EXPECT_EQ(IdsOf(g, layers[2]), Ids{"marts.orders"});
  EXPECT_EQ(IdsOf(g, layers[3]), Ids{"marts.user_stats"});
}

TEST(GraphBuild, InputOrderDoesNotMatter) {
  std::vector<Model> models = Project();
  std::reverse(models.begin(), models.end());
  Graph g = Built(models);
  EXPECT_EQ(Selected(g, {}), (Ids{"public.standalone", "staging.stg_orders", "staging.stg_users",
                                  "intermediate.orders", "marts.orders", "marts.user_stats"}));
}

TEST(GraphBuild, EmptyProject) {
  Graph g = Built({});
  EXPECT_TRUE(g.Layers().empty());
  EXPECT_EQ(Selected(g, {}), Ids{});
  EXPECT_EQ(GraphText(g, {}), "No models.\n");
}

TEST(GraphBuild, CycleIsAnErrorNamingIt) {
  std::vector<Model> models = {
      Make("a.x", "SELECT * FROM a.y"),
      Make("a.y", "SELECT * FROM a.z"),
      Make("a.z", "SELECT * FROM a.x JOIN public.t ON true"),
      Make("a.w", "SELECT * FROM a.x"),
  };
  auto g = Graph::Build(models);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().code(), Code::kParse);
  EXPECT_NE(g.status().message().find("a.x -> a.y -> a.z -> a.x"), std::string::npos)
      << g.status().message();
  EXPECT_EQ(g.status().location().file, "models/a/x.sql");
  auto two = Graph::Build({Make("s.b", "SELECT * FROM s.a"), Make("s.a", "SELECT * FROM s.b")});
  ASSERT_FALSE(two.ok());
  EXPECT_NE(two.status().message().find("s.b -> s.a -> s.b"), std::string::npos)
      << two.status().message();
}

TEST(GraphFind, QualifiedAndBareNames) {
  Graph g = Built();
  EXPECT_EQ(g.Find("marts.orders"), 1);
  EXPECT_EQ(g.Find("intermediate.orders"), 0);
  EXPECT_EQ(g.Find("stg_users"), 5);  // a unique bare name
  EXPECT_EQ(g.Find("user_stats"), 2);
  EXPECT_EQ(g.Find("orders"), -1);  // ambiguous
  EXPECT_EQ(g.Find("nope"), -1);
  EXPECT_EQ(g.Find("staging.nope"), -1);
  EXPECT_EQ(g.Find("raw.users"), -1);  // read, but not a model
  EXPECT_EQ(g.Find(""), -1);
}

TEST(GraphSelect, AllInTopologicalOrder) {
  Graph g = Built();
  EXPECT_EQ(Selected(g, {}), (Ids{"public.standalone", "staging.stg_orders", "staging.stg_users",
                                  "intermediate.orders", "marts.orders", "marts.user_stats"}));
}

TEST(GraphSelect, NameSchemaNameTagDepsDownstreamTree) {
  Graph g = Built();
  EXPECT_EQ(Selected(g, {"marts.orders"}), Ids{"marts.orders"});
  EXPECT_EQ(Selected(g, {"user_stats"}), Ids{"marts.user_stats"});
  EXPECT_EQ(Selected(g, {"tag:daily"}), (Ids{"staging.stg_users", "marts.orders"}));
  EXPECT_EQ(Selected(g, {"tag:finance"}), Ids{"marts.orders"});
  EXPECT_EQ(Selected(g, {"deps:marts.orders"}), (Ids{"staging.stg_orders", "staging.stg_users",
                                                     "intermediate.orders", "marts.orders"}));
  EXPECT_EQ(Selected(g, {"downstream:stg_users"}),
            (Ids{"staging.stg_users", "intermediate.orders", "marts.orders", "marts.user_stats"}));
  EXPECT_EQ(Selected(g, {"tree:intermediate.orders"}),
            (Ids{"staging.stg_orders", "staging.stg_users", "intermediate.orders", "marts.orders",
                 "marts.user_stats"}));
  EXPECT_EQ(Selected(g, {"tree:standalone"}), Ids{"public.standalone"});
}

TEST(GraphSelect, SeveralSelectorsAreAUnionInTopologicalOrder) {
  Graph g = Built();
  EXPECT_EQ(Selected(g, {"marts.user_stats", "public.standalone", "tag:daily"}),
            (Ids{"public.standalone", "staging.stg_users", "marts.orders", "marts.user_stats"}));
  // A tag whose models were already chosen still matches.
  EXPECT_EQ(Selected(g, {"staging.stg_users", "marts.orders", "tag:daily"}),
            (Ids{"staging.stg_users", "marts.orders"}));
  EXPECT_EQ(Selected(g, {"marts.orders", "marts.orders"}), Ids{"marts.orders"});
}

void ExpectSelectError(const Graph& g, const std::string& sel, Code code, const std::string& part) {
  auto r = g.Select({sel});
  ASSERT_FALSE(r.ok()) << sel;
  EXPECT_EQ(r.status().code(), code) << sel << ": " << r.status().ToString();
  EXPECT_NE(r.status().message().find(part), std::string::npos)
      << sel << ": " << r.status().message();
}

TEST(GraphSelect, Errors) {
  Graph g = Built();
  ExpectSelectError(g, "path:models/marts", Code::kUsage, "unknown selector path:models/marts");
  ExpectSelectError(g, "marts.order", Code::kNotFound, "did you mean marts.orders?");
  ExpectSelectError(g, "deps:marts.user_stat", Code::kNotFound, "did you mean marts.user_stats?");
  ExpectSelectError(g, "stg_user", Code::kNotFound, "did you mean staging.stg_users?");
  ExpectSelectError(g, "zzzzzzzz", Code::kNotFound, "no model named zzzzzzzz");
  ExpectSelectError(g, "tag:weekly", Code::kNotFound, "no model has the tag weekly");
  ExpectSelectError(g, "orders", Code::kUsage, "intermediate.orders, marts.orders");
  ExpectSelectError(g, "downstream:orders", Code::kUsage, "ambiguous");
  auto r = g.Select({"marts.order"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().object(), "marts.order");
}

TEST(GraphClosure, UpstreamAndDownstream) {
  Graph g = Built();
  EXPECT_EQ(IdsOf(g, g.Closure({2}, true)),
            (Ids{"intermediate.orders", "marts.orders", "marts.user_stats", "staging.stg_orders",
                 "staging.stg_users"}));
  EXPECT_EQ(IdsOf(g, g.Closure({4}, false)),
            (Ids{"intermediate.orders", "marts.orders", "marts.user_stats", "staging.stg_orders"}));
  EXPECT_EQ(IdsOf(g, g.Closure({3}, false)), Ids{"public.standalone"});
  EXPECT_TRUE(g.Closure({}, true).empty());
}

}  // namespace
}  // namespace pgcrate::model

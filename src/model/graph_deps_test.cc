// CheckDeps and FixDeps on real model files, and the three graph renderings.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "model/graph.h"

namespace pgcrate::model {
namespace {

using Ids = std::vector<std::string>;

class ModelsDir {
 public:
  ModelsDir() {
    char tmpl[] = "/tmp/pgcrate-graph-XXXXXX";
    root_ = mkdtemp(tmpl);
  }
  ~ModelsDir() { std::filesystem::remove_all(root_); }
  std::string Write(const std::string& rel, const std::string& text) const {
    std::filesystem::path p = std::filesystem::path(root_) / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  std::string Read(const std::string& rel) const {
    std::ifstream in(std::filesystem::path(root_) / rel, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  Graph Load() const {
    auto models = DiscoverModels(root_);
    EXPECT_TRUE(models.ok()) << models.status().ToString();
    auto g = Graph::Build(models.ok() ? *models : std::vector<Model>{});
    EXPECT_TRUE(g.ok()) << g.status().ToString();
    return g.ok() ? *g : Graph();
  }

 private:
  std::string root_;
};

const char kUsers[] = "SELECT id, name FROM raw.users\n";
const char kOrders[] = "SELECT id, user_id FROM raw.orders\n";

TEST(GraphDeps, MatchingDeclarationsAreClean) {
  ModelsDir d;
  d.Write("staging/users.sql", kUsers);
  d.Write("staging/orders.sql", kOrders);
  d.Write("marts/stats.sql",
          "-- materialized: table\n-- deps: staging.users, staging.orders\n"
          "SELECT * FROM staging.users JOIN staging.orders ON true\n");
  // A declared relation that is not a model but is read (a source, as in the spec's
  // `-- deps: public.events` example) is true, not extra.
  d.Write("marts/events.sql",
          "-- materialized: incremental\n-- unique_key: id\n-- deps: public.events\n"
          "SELECT id FROM public.events\n");
  EXPECT_TRUE(CheckDeps(d.Load()).empty());
}

TEST(GraphDeps, MissingAndExtra) {
  ModelsDir d;
  d.Write("staging/users.sql", kUsers);
  d.Write("staging/orders.sql", kOrders);
  d.Write("staging/unused.sql", "SELECT 1 AS x\n");
  d.Write("marts/a.sql",
          "-- deps: staging.users, staging.unused, public.not_read\n"
          "SELECT * FROM staging.orders JOIN staging.users ON true\n");
  d.Write("marts/b.sql", "SELECT * FROM staging.orders\n");  // no deps line at all
  Graph g = d.Load();
  auto found = CheckDeps(g);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(g.models()[found[0].model].Id(), "marts.a");
  EXPECT_EQ(found[0].found, (Ids{"staging.orders", "staging.users"}));
  EXPECT_EQ(found[0].missing, Ids{"staging.orders"});
  EXPECT_EQ(found[0].extra, (Ids{"staging.unused", "public.not_read"}));
  EXPECT_EQ(g.models()[found[1].model].Id(), "marts.b");
  EXPECT_EQ(found[1].found, Ids{"staging.orders"});
  EXPECT_EQ(found[1].missing, Ids{"staging.orders"});
  EXPECT_TRUE(found[1].extra.empty());
}

// Runs lint deps --fix over the folder; returns how many files were rewritten.
size_t FixAll(const ModelsDir& d) {
  Graph g = d.Load();
  auto found = CheckDeps(g);
  for (const DepsMismatch& m : found) {
    Status st = FixDeps(g.models()[m.model], m.found);
    EXPECT_TRUE(st.ok()) << st.ToString();
  }
  return found.size();
}

TEST(GraphDeps, FixRewritesTheDepsLineKeepingCrlf) {
  ModelsDir d;
  d.Write("staging/users.sql", kUsers);
  d.Write("staging/orders.sql", kOrders);
  d.Write("marts/a.sql",
          "-- Free text.\r\n-- materialized: table\r\n-- deps: staging.unused\r\n"
          "-- tags: x\r\n\r\nSELECT * FROM staging.orders JOIN staging.users ON true\r\n");
  EXPECT_EQ(FixAll(d), 1u);
  EXPECT_EQ(d.Read("marts/a.sql"),
            "-- Free text.\r\n-- materialized: table\r\n-- deps: staging.orders, "
            "staging.users\r\n-- tags: x\r\n\r\nSELECT * FROM staging.orders JOIN staging.users "
            "ON true\r\n");
  EXPECT_EQ(FixAll(d), 0u);
}

TEST(GraphDeps, FixKeepsReadSourcesAndEmptiesCleanly) {
  ModelsDir d;
  d.Write("staging/users.sql", kUsers);
  d.Write("marts/a.sql", "-- deps: public.events, staging.gone\nSELECT * FROM public.events\n");
  EXPECT_EQ(FixAll(d), 1u);
  EXPECT_EQ(d.Read("marts/a.sql"), "-- deps: public.events\nSELECT * FROM public.events\n");
  d.Write("marts/a.sql", "-- deps: staging.gone\nSELECT 1\n");
  EXPECT_EQ(FixAll(d), 1u);
  EXPECT_EQ(d.Read("marts/a.sql"), "-- deps:\nSELECT 1\n");
  EXPECT_EQ(FixAll(d), 0u);
}

TEST(GraphDeps, FixInsertsALineWhenThereIsNone) {
  ModelsDir d;
  d.Write("staging/users.sql", kUsers);
  // After the materialized line, wherever it is.
  d.Write(
      "marts/a.sql",
      "-- Stats per user.\n-- materialized: table\n-- tags: x\n\nSELECT * FROM staging.users\n");
  // No header: first.
  d.Write("marts/b.sql", "SELECT * FROM staging.users\n");
  // CRLF, no trailing newline.
  d.Write("marts/c.sql", "-- materialized: view\r\nSELECT * FROM staging.users");
  // A byte order mark stays first.
  d.Write("marts/d.sql", "\xEF\xBB\xBFSELECT * FROM staging.users\n");
  EXPECT_EQ(FixAll(d), 4u);
  EXPECT_EQ(d.Read("marts/d.sql"),
            "\xEF\xBB\xBF-- deps: staging.users\nSELECT * FROM staging.users\n");
  EXPECT_EQ(d.Read("marts/a.sql"),
            "-- Stats per user.\n-- materialized: table\n-- deps: staging.users\n-- tags: x\n\n"
            "SELECT * FROM staging.users\n");
  EXPECT_EQ(d.Read("marts/b.sql"), "-- deps: staging.users\nSELECT * FROM staging.users\n");
  EXPECT_EQ(d.Read("marts/c.sql"),
            "-- materialized: view\r\n-- deps: staging.users\r\nSELECT * FROM staging.users");
  EXPECT_EQ(FixAll(d), 0u);
  Graph g = d.Load();
  int a = g.Find("marts.a");
  ASSERT_GE(a, 0);
  EXPECT_EQ(g.models()[static_cast<size_t>(a)].deps_line, 3);
}

TEST(GraphDeps, FixRefusesAFileChangedSinceItWasRead) {
  ModelsDir d;
  d.Write("staging/users.sql", kUsers);
  d.Write("marts/a.sql", "-- tags: x\n-- deps:\nSELECT * FROM staging.users\n");
  Graph g = d.Load();
  auto found = CheckDeps(g);
  ASSERT_EQ(found.size(), 1u);
  d.Write("marts/a.sql", "-- deps:\n-- tags: x\nSELECT * FROM staging.users\n");
  Status st = FixDeps(g.models()[found[0].model], found[0].found);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), Code::kConflict);
  EXPECT_EQ(d.Read("marts/a.sql"), "-- deps:\n-- tags: x\nSELECT * FROM staging.users\n");
}

// staging.users <- staging.orders? no: marts.stats reads both; marts.top reads marts.stats.
Graph RenderProject(const ModelsDir& d) {
  d.Write("staging/users.sql", kUsers);
  d.Write("staging/orders.sql", "-- materialized: table\n" + std::string(kOrders));
  d.Write("marts/stats.sql",
          "-- materialized: incremental\n-- unique_key: id\n"
          "SELECT u.id FROM staging.users u JOIN staging.orders o ON o.user_id = u.id\n");
  d.Write("marts/top.sql", "SELECT * FROM marts.stats LIMIT 10\n");
  return d.Load();
}

std::vector<size_t> All(const Graph& g) {
  auto all = g.Select({});
  return all.ok() ? *all : std::vector<size_t>{};
}

TEST(GraphRender, Text) {
  ModelsDir d;
  Graph g = RenderProject(d);
  EXPECT_EQ(GraphText(g, All(g)),
            "layer 0:\n"
            "  staging.orders (table)\n"
            "  staging.users (view)\n"
            "layer 1:\n"
            "  marts.stats (incremental) <- staging.orders, staging.users\n"
            "layer 2:\n"
            "  marts.top (view) <- marts.stats\n");
  auto sub = g.Select({"deps:marts.stats"});
  ASSERT_TRUE(sub.ok());
  EXPECT_EQ(GraphText(g, *sub),
            "layer 0:\n"
            "  staging.orders (table)\n"
            "  staging.users (view)\n"
            "layer 1:\n"
            "  marts.stats (incremental) <- staging.orders, staging.users\n");
  EXPECT_EQ(GraphText(g, {}), "No models.\n");
}

TEST(GraphRender, Mermaid) {
  ModelsDir d;
  Graph g = RenderProject(d);
  EXPECT_EQ(GraphMermaid(g, All(g)),
            "graph LR\n"
            "  m2[\"staging.orders (table)\"]\n"
            "  m3[\"staging.users (view)\"]\n"
            "  m0[\"marts.stats (incremental)\"]\n"
            "  m1[\"marts.top (view)\"]\n"
            "  m2 --> m0\n"
            "  m3 --> m0\n"
            "  m0 --> m1\n");
  auto sub = g.Select({"marts.top", "staging.users"});
  ASSERT_TRUE(sub.ok());
  EXPECT_EQ(GraphMermaid(g, *sub),
            "graph LR\n"
            "  m3[\"staging.users (view)\"]\n"
            "  m1[\"marts.top (view)\"]\n");
}

TEST(GraphRender, Dot) {
  ModelsDir d;
  Graph g = RenderProject(d);
  EXPECT_EQ(GraphDot(g, All(g)),
            "digraph models {\n"
            "  rankdir=LR;\n"
            "  \"staging.orders\" [label=\"staging.orders\\ntable\"];\n"
            "  \"staging.users\" [label=\"staging.users\\nview\"];\n"
            "  \"marts.stats\" [label=\"marts.stats\\nincremental\"];\n"
            "  \"marts.top\" [label=\"marts.top\\nview\"];\n"
            "  \"staging.orders\" -> \"marts.stats\";\n"
            "  \"staging.users\" -> \"marts.stats\";\n"
            "  \"marts.stats\" -> \"marts.top\";\n"
            "}\n");
}

TEST(GraphRender, QuotesInNamesAreEscaped) {
  auto m = ParseModel("models/s/x.sql", "s", "we\"ird", "SELECT 1");
  ASSERT_TRUE(m.ok());
  auto g = Graph::Build({*m});
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(GraphMermaid(*g, {0}), "graph LR\n  m0[\"s.we#quot;ird (view)\"]\n");
  EXPECT_EQ(
      GraphDot(*g, {0}),
      "digraph models {\n  rankdir=LR;\n  \"s.we\\\"ird\" [label=\"s.we\\\"ird\\nview\"];\n}\n");
}

}  // namespace
}  // namespace pgcrate::model

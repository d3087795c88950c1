// `inspect erd` end to end: the pagila corpus drawn as SVG through Graphviz (every table and
// every foreign key of pg_constraint in the picture, partitions folded into their parent),
// Mermaid, DOT and JSON smoke checks, hostile names and cross-schema FKs through Graphviz,
// the schema filters, the missing-Graphviz error, and `model graph --format svg`.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "base/process.h"
#include "catalog_itest_util.h"

namespace pgcrate::testing {
namespace {

using json = nlohmann::json;

#define SKIP_WITHOUT_GRAPHVIZ() \
  if (base::FindProgram("dot").empty()) GTEST_SKIP() << "Graphviz's dot is not installed"

std::vector<std::string> Column(pg::Connection& conn, const std::string& sql) {
  auto r = conn.Exec(sql);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  std::vector<std::string> out;
  if (!r.ok()) return out;
  for (int i = 0; i < r->rows(); ++i) out.push_back(r->str(i, 0));
  return out;
}

std::string RegexQuote(const std::string& s) {
  return std::regex_replace(s, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)");
}

class InspectErd : public PgTest {
 protected:
  void LoadPagila() {
    std::string schema = ReadOrFail(CorpusDir() + "/pagila/pagila-schema.sql");
    ASSERT_FALSE(schema.empty());
    Exec(schema);
  }
  CliRun Erd(std::vector<std::string> args, const CliOptions& options = {}) {
    std::vector<std::string> full = {"-d", url(), "inspect", "erd"};
    full.insert(full.end(), args.begin(), args.end());
    return RunPgcrate(full, options);
  }
  // Tables drawn: ordinary and partitioned tables of the user's schemas, not partitions.
  std::vector<std::string> ExpectedTables() {
    return Column(conn(),
                  "SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON "
                  "n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition "
                  "AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pgcrate') AND "
                  "n.nspname NOT LIKE 'pg\\_%' ORDER BY 1");
  }
};

TEST_F(InspectErd, PagilaSvgNamesEveryTableAndForeignKey) {
  SKIP_WITHOUT_GRAPHVIZ();
  LoadPagila();
  CliRun run = Erd({"--format", "svg"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  ASSERT_NE(run.out.find("<svg"), std::string::npos) << run.out.substr(0, 400);
  std::vector<std::string> tables = ExpectedTables();
  ASSERT_GT(tables.size(), 10u);
  for (const std::string& t : tables) {
    EXPECT_NE(run.out.find("<title>" + t + "</title>"), std::string::npos) << t;
  }
  for (const std::string& p : Column(conn(),
                                     "SELECT 'public.' || relname FROM pg_class WHERE "
                                     "relispartition AND relkind = 'r'")) {
    EXPECT_EQ(run.out.find("<title>" + p + "</title>"), std::string::npos) << p;
  }
  // Every FK declared by the user (clones on partitions aside) is named, as an edge between
  // the tables drawn for its two ends (a partition's end is its partitioned root).
  auto fks = conn().Exec(
      "SELECT co.conname, rn.nspname || '.' || r.relname, fn.nspname || '.' || f.relname FROM "
      "pg_constraint co, LATERAL (SELECT coalesce(pg_partition_root(co.conrelid)::oid, "
      "co.conrelid) "
      "AS rel, coalesce(pg_partition_root(co.confrelid)::oid, co.confrelid) AS ref) x JOIN "
      "pg_class "
      "r ON r.oid = x.rel JOIN pg_namespace rn ON rn.oid = r.relnamespace JOIN pg_class f ON "
      "f.oid = x.ref JOIN pg_namespace fn ON fn.oid = f.relnamespace WHERE co.contype = 'f' AND "
      "co.conparentid = 0");
  ASSERT_TRUE(fks.ok()) << fks.status().ToString();
  ASSERT_GT(fks->rows(), 20);
  for (int i = 0; i < fks->rows(); ++i) {
    std::string name = fks->str(i, 0), from = fks->str(i, 1), to = fks->str(i, 2);
    EXPECT_NE(run.out.find(name), std::string::npos) << name;
    std::regex edge("<title>" + RegexQuote(from) + "(:c[0-9]+)?&#45;&gt;" + RegexQuote(to) +
                    "(:c[0-9]+)?</title>");
    EXPECT_TRUE(std::regex_search(run.out, edge)) << name << ": " << from << " -> " << to;
  }
  EXPECT_NE(run.out.find("partitioned, 7 partitions"), std::string::npos);
}

TEST_F(InspectErd, PagilaMermaidDotAndJson) {
  LoadPagila();
  CliRun mermaid = Erd({});
  ASSERT_EQ(mermaid.exit_code, 0) << mermaid.err;
  EXPECT_EQ(mermaid.out.rfind("erDiagram\n", 0), 0u) << mermaid.out.substr(0, 200);
  EXPECT_NE(mermaid.out.find("  \"public.film\" {\n    integer film_id PK\n"), std::string::npos)
      << mermaid.out;
  EXPECT_NE(mermaid.out.find("  \"public.film_actor\" }o--|| \"public.film\" : "
                             "\"film_actor_film_id_fkey (film_id → film_id)\"\n"),
            std::string::npos)
      << mermaid.out;
  EXPECT_EQ(mermaid.out.find("payment_p2022_01\" {"), std::string::npos);
  CliRun all = Erd({"--columns", "all"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_NE(all.out.find("    text title\n"), std::string::npos);  // film.title, not a key
  EXPECT_EQ(mermaid.out.find("    text title\n"), std::string::npos);

  CliRun dot = Erd({"--format", "dot"});
  ASSERT_EQ(dot.exit_code, 0) << dot.err;
  EXPECT_EQ(dot.out.rfind("digraph erd {\n", 0), 0u);
  EXPECT_NE(dot.out.find("  \"public.payment\" [label=<"), std::string::npos);
  EXPECT_NE(dot.out.find("partitioned, 7 partitions"), std::string::npos);

  CliRun j = Erd({"--json"});
  ASSERT_EQ(j.exit_code, 0) << j.out << j.err;
  json doc = json::parse(j.out);
  EXPECT_EQ(doc["ok"], true);
  EXPECT_EQ(doc["format"], "mermaid");
  EXPECT_EQ(doc["tables"].size(), ExpectedTables().size());
  EXPECT_EQ(doc["diagram"], mermaid.out);
  std::set<std::string> names;
  for (const auto& fk : doc["foreign_keys"]) {
    for (const auto& n : fk["constraints"]) names.insert(n.get<std::string>());
  }
  EXPECT_TRUE(names.count("payment_p2022_03_rental_id_fkey")) << doc["foreign_keys"].dump();
  EXPECT_TRUE(names.count("rental_inventory_id_fkey"));
}

TEST_F(InspectErd, HostileNamesCompositeSelfAndCrossSchemaThroughGraphviz) {
  SKIP_WITHOUT_GRAPHVIZ();
  Exec(
      "CREATE SCHEMA \"we\"\"ird\"; CREATE SCHEMA other;"
      "CREATE TABLE other.\"Parent <T>\" (a int, \"b|c\" text, PRIMARY KEY (a, \"b|c\"));"
      "CREATE TABLE \"we\"\"ird\".\"a{b}|c\\d\" (id int PRIMARY KEY, up int REFERENCES "
      "\"we\"\"ird\".\"a{b}|c\\d\" (id), pa int, pb text, \"new\nline\" int, "
      "CONSTRAINT \"fk&<\"\">\" FOREIGN KEY (pa, pb) REFERENCES other.\"Parent <T>\");");
  CliRun svg = Erd({"--format", "svg", "--columns", "all"});
  ASSERT_EQ(svg.exit_code, 0) << svg.err;
  EXPECT_NE(svg.out.find("we&quot;ird.a{b}|c\\d"), std::string::npos) << svg.out;
  EXPECT_NE(svg.out.find("other.Parent &lt;T&gt;"), std::string::npos) << svg.out;
  EXPECT_NE(svg.out.find("fk&amp;&lt;&quot;&gt;"), std::string::npos) << svg.out;
  EXPECT_NE(svg.out.find("pa, pb → a, b|c"), std::string::npos) << svg.out;
  EXPECT_NE(svg.out.find("new\\nline"), std::string::npos) << svg.out;

  CliRun mermaid = Erd({"--columns", "all"});
  ASSERT_EQ(mermaid.exit_code, 0) << mermaid.err;
  EXPECT_NE(mermaid.out.find("  \"we_ird.a{b}|c_d\" }o..o| \"other.Parent <T>\" : "
                             "\"fk&<'> (pa, pb → a, b|c)\""),
            std::string::npos)
      << mermaid.out;
  EXPECT_NE(mermaid.out.find("  \"we_ird.a{b}|c_d\" }o..o| \"we_ird.a{b}|c_d\""), std::string::npos)
      << mermaid.out;

  // Only the one schema: the other end of the cross-schema FK is an external box.
  CliRun only = Erd({"--format", "dot", "--schema", "we\"ird"});
  ASSERT_EQ(only.exit_code, 0) << only.err;
  EXPECT_NE(only.out.find("other.Parent &lt;T&gt;</B><BR/><FONT POINT-SIZE=\"8\">outside"),
            std::string::npos)
      << only.out;
  CliRun excluded = Erd({"--format", "dot", "--exclude-schema", "other", "--json"});
  ASSERT_EQ(excluded.exit_code, 0) << excluded.err;
  json doc = json::parse(excluded.out);
  ASSERT_EQ(doc["tables"].size(), 2u);
  EXPECT_EQ(doc["tables"][1]["external"], true);
  CliRun unknown = Erd({"--schema", "nope"});
  EXPECT_EQ(unknown.exit_code, 2) << unknown.err;
}

TEST_F(InspectErd, OutputFile) {
  Exec("CREATE TABLE t (id int PRIMARY KEY, parent int REFERENCES t)");
  TempDir dir;
  std::string path = dir.path() + "/erd.dot";
  CliRun run = Erd({"--format", "dot", "-o", path});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "");
  std::string text = ReadOrFail(path);
  EXPECT_EQ(text.rfind("digraph erd {\n", 0), 0u) << text;
  EXPECT_NE(text.find("t_parent_fkey"), std::string::npos) << text;
}

// PATH without Graphviz: a clear error, exit 1, the hint naming both ways out.
TEST_F(InspectErd, SvgWithoutGraphvizIsAClearError) {
  Exec("CREATE TABLE t (id int PRIMARY KEY)");
  TempDir empty;
  CliRun run = Erd({"--format", "svg"}, {.env = {"PATH=" + empty.path()}});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_EQ(run.out, "");
  EXPECT_NE(run.err.find("Graphviz"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("apt install graphviz"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("--format dot"), std::string::npos) << run.err;
  CliRun j = Erd({"--format", "svg", "--json"}, {.env = {"PATH=" + empty.path()}});
  EXPECT_EQ(j.exit_code, 1);
  EXPECT_EQ(JsonField(j.out, "/ok"), "false") << j.out;
}

TEST_F(InspectErd, ModelGraphSvg) {
  TempDir project;
  project.Write("pgcrate.toml", "[paths]\nmodels = \"models\"\n");
  project.Write("models/staging/stg.sql", "-- materialized: view\nSELECT 1 AS x\n");
  project.Write("models/marts/m.sql",
                "-- materialized: table\n-- deps: staging.stg\nSELECT x FROM staging.stg\n");
  std::vector<std::string> args = {"-d", url(), "model", "graph", "--format", "svg"};
  CliRun missing = RunPgcrate(args, {.cwd = project.path(), .env = {"PATH=/nonexistent"}});
  EXPECT_EQ(missing.exit_code, 1) << missing.out << missing.err;
  EXPECT_NE(missing.err.find("apt install graphviz"), std::string::npos) << missing.err;
  SKIP_WITHOUT_GRAPHVIZ();
  CliRun run = RunPgcrate(args, {.cwd = project.path()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("<svg"), std::string::npos);
  EXPECT_NE(run.out.find("<title>staging.stg&#45;&gt;marts.m</title>"), std::string::npos)
      << run.out;
}

}  // namespace
}  // namespace pgcrate::testing

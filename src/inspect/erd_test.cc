// The ERD model and its renderers on hand-built catalogs: key columns, composite and
// self-referencing FKs, partitions folded into their parent, FKs leaving the drawn schemas,
// and hostile names in Mermaid and DOT.
#include "inspect/erd.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/process.h"
#include "sql/quote.h"

namespace pgcrate::inspect {
namespace {

using catalog::Catalog;
using catalog::Column;
using catalog::Constraint;
using catalog::ConstraintType;
using catalog::Table;

Column Col(const std::string& name, const std::string& type, bool not_null = true) {
  Column c;
  c.name = name;
  c.type = type;
  c.not_null = not_null;
  return c;
}

Constraint Pk(const std::string& name, std::vector<std::string> cols) {
  Constraint k;
  k.name = name;
  k.type = ConstraintType::kPrimaryKey;
  k.columns = std::move(cols);
  return k;
}

Constraint Fk(const std::string& name, std::vector<std::string> cols, const std::string& schema,
              const std::string& table, std::vector<std::string> ref_cols, bool local = true) {
  Constraint k;
  k.name = name;
  k.type = ConstraintType::kForeignKey;
  k.columns = std::move(cols);
  k.ref_table = sql::QualifiedName(schema, table);
  k.ref_columns = std::move(ref_cols);
  k.is_local = local;
  return k;
}

Table Tab(const std::string& schema, const std::string& name, std::vector<Column> cols,
          std::vector<Constraint> cons) {
  Table t;
  t.schema = schema;
  t.name = name;
  t.columns = std::move(cols);
  t.constraints = std::move(cons);
  return t;
}

// orders(id PK, customer_id FK nullable, region+code composite FK), customers(id PK),
// regions(region, code composite PK), employees(id PK, manager_id self FK).
Catalog Shop() {
  Catalog c;
  c.tables.push_back(Tab("public", "customers", {Col("id", "integer"), Col("name", "text")},
                         {Pk("customers_pkey", {"id"})}));
  c.tables.push_back(
      Tab("public", "employees", {Col("id", "integer"), Col("manager_id", "integer", false)},
          {Pk("employees_pkey", {"id"}),
           Fk("employees_manager_fk", {"manager_id"}, "public", "employees", {"id"})}));
  c.tables.push_back(
      Tab("public", "orders",
          {Col("id", "bigint"), Col("customer_id", "integer", false), Col("region", "text"),
           Col("code", "character varying(20)"), Col("note", "text", false)},
          {Pk("orders_pkey", {"id"}),
           Fk("orders_customer_fk", {"customer_id"}, "public", "customers", {"id"}),
           Fk("orders_region_fk", {"region", "code"}, "public", "regions", {"region", "code"})}));
  c.tables.push_back(Tab("public", "regions",
                         {Col("region", "text"), Col("code", "character varying(20)")},
                         {Pk("regions_pkey", {"region", "code"})}));
  return c;
}

const ErdForeignKey* FindFk(const Erd& erd, const std::string& name) {
  for (const ErdForeignKey& fk : erd.foreign_keys) {
    for (const std::string& n : fk.names) {
      if (n == name) return &fk;
    }
  }
  return nullptr;
}

TEST(ErdTest, KeyColumnsOnlyByDefaultAndEveryColumnOnRequest) {
  Erd keys = BuildErd(Shop(), {});
  ASSERT_EQ(keys.tables.size(), 4u);
  EXPECT_EQ(keys.tables[2].Qualified(), "public.orders");
  ASSERT_EQ(keys.tables[2].columns.size(), 4u);  // id, customer_id, region, code (not note)
  EXPECT_TRUE(keys.tables[2].columns[0].primary_key);
  EXPECT_TRUE(keys.tables[2].columns[1].foreign_key);
  EXPECT_EQ(keys.tables[0].columns.size(), 1u);  // customers.id only

  Erd all = BuildErd(Shop(), {.columns = ErdColumns::kAll});
  EXPECT_EQ(all.tables[2].columns.size(), 5u);
  EXPECT_EQ(all.tables[0].columns.size(), 2u);
}

TEST(ErdTest, CompositeAndSelfReferencingForeignKeys) {
  Erd erd = BuildErd(Shop(), {});
  ASSERT_EQ(erd.foreign_keys.size(), 3u);
  const ErdForeignKey* self = FindFk(erd, "employees_manager_fk");
  ASSERT_NE(self, nullptr);
  EXPECT_EQ(self->from, self->to);
  EXPECT_TRUE(self->optional);
  const ErdForeignKey* comp = FindFk(erd, "orders_region_fk");
  ASSERT_NE(comp, nullptr);
  EXPECT_EQ(ColumnMapping(*comp), "region, code → region, code");
  EXPECT_FALSE(comp->optional);
  EXPECT_EQ(erd.tables[comp->to].name, "regions");

  std::string mermaid = RenderMermaid(erd);
  EXPECT_NE(mermaid.find("\"public.employees\" }o..o| \"public.employees\" : "
                         "\"employees_manager_fk (manager_id → id)\""),
            std::string::npos)
      << mermaid;
  EXPECT_NE(mermaid.find("\"public.orders\" }o..|| \"public.regions\" : \"orders_region_fk "
                         "(region, code → region, code)\""),
            std::string::npos)
      << mermaid;
  std::string dot = RenderDot(erd);
  EXPECT_NE(dot.find("\"public.employees\":c1 -> \"public.employees\":c0"), std::string::npos)
      << dot;
  EXPECT_NE(dot.find("\"public.orders\":c2 -> \"public.regions\":c0 [label=<orders_region_fk"
                     "<BR/>region, code → region, code>"),
            std::string::npos)
      << dot;
}

TEST(ErdTest, MermaidTypesAreSingleWords) {
  std::string mermaid = RenderMermaid(BuildErd(Shop(), {}));
  EXPECT_NE(mermaid.find("    character_varying(20) code PK\n"), std::string::npos) << mermaid;
  EXPECT_NE(mermaid.find("    bigint id PK\n"), std::string::npos) << mermaid;
  EXPECT_EQ(mermaid.rfind("erDiagram\n", 0), 0u);
}

// payment is partitioned; its two partitions each declare an FK to customers (as pagila
// does), one partition also carries a clone of an FK declared on the parent.
Catalog Partitioned() {
  Catalog c;
  c.tables.push_back(
      Tab("public", "customers", {Col("id", "integer")}, {Pk("customers_pkey", {"id"})}));
  Table payment = Tab("public", "payment", {Col("id", "integer"), Col("customer_id", "integer")},
                      {Fk("payment_parent_fk", {"id"}, "public", "customers", {"id"})});
  payment.partitioned = true;
  c.tables.push_back(payment);
  for (const char* part : {"payment_p1", "payment_p2"}) {
    Table p =
        Tab("public", part, payment.columns,
            {Fk(std::string(part) + "_customer_fk", {"customer_id"}, "public", "customers", {"id"}),
             Fk("payment_parent_fk", {"id"}, "public", "customers", {"id"}, false)});
    p.parent = "public.payment";
    p.partition_bound = "FOR VALUES IN (1)";
    c.tables.push_back(p);
  }
  return c;
}

TEST(ErdTest, PartitionsAreFoldedIntoTheirParent) {
  Erd erd = BuildErd(Partitioned(), {});
  ASSERT_EQ(erd.tables.size(), 2u);
  EXPECT_EQ(erd.tables[1].name, "payment");
  EXPECT_EQ(erd.tables[1].partitions, 2);
  ASSERT_EQ(erd.foreign_keys.size(), 2u);  // the parent's FK, and the partitions' one edge
  EXPECT_EQ(erd.foreign_keys[0].names, std::vector<std::string>{"payment_parent_fk"});
  EXPECT_EQ(erd.foreign_keys[1].names,
            (std::vector<std::string>{"payment_p1_customer_fk", "payment_p2_customer_fk"}));
  EXPECT_EQ(erd.foreign_keys[1].from, 1u);
  EXPECT_TRUE(erd.tables[1].columns[1].foreign_key);
  std::string dot = RenderDot(erd);
  EXPECT_EQ(dot.find("payment_p1\" ["), std::string::npos) << dot;
  EXPECT_NE(dot.find("partitioned, 2 partitions"), std::string::npos) << dot;
  EXPECT_NE(dot.find("tooltip=\"payment_p1_customer_fk, payment_p2_customer_fk\""),
            std::string::npos)
      << dot;
  EXPECT_NE(RenderMermaid(erd).find("payment_p1_customer_fk and 1 more"), std::string::npos);
}

TEST(ErdTest, ReferencedTablesOutsideTheSchemasAreExternalBoxes) {
  Catalog c = Shop();
  c.tables.push_back(Tab("audit", "log", {Col("id", "integer"), Col("customer_id", "integer")},
                         {Fk("log_customer_fk", {"customer_id"}, "public", "customers", {"id"})}));
  Erd erd = BuildErd(c, {.schemas = {"audit"}});
  ASSERT_EQ(erd.tables.size(), 2u);
  EXPECT_EQ(erd.tables[0].Qualified(), "audit.log");
  EXPECT_TRUE(erd.tables[1].external);
  EXPECT_TRUE(erd.tables[1].columns.empty());
  EXPECT_NE(RenderDot(erd).find("outside the drawn schemas"), std::string::npos);
  EXPECT_NE(RenderMermaid(erd).find("\n  \"public.customers\"\n"), std::string::npos);

  Erd without = BuildErd(c, {.exclude_schemas = {"audit"}});
  EXPECT_EQ(without.tables.size(), 4u);
  EXPECT_EQ(without.foreign_keys.size(), 3u);
}

// Names a DOT or Mermaid writer must not pass through as they are.
const char* const kHostile[] = {"we\"ird",   "a<b>c",    "x{y|z}",     "back\\slash",
                                "new\nline", "per%cent", "sp ace.dot", "amp&'s"};

Catalog Hostile() {
  Catalog c;
  for (const char* name : kHostile) {
    c.tables.push_back(
        Tab("s\"ch", name, {Col(name, "character varying(20)")},
            {Pk(std::string(name) + "_pk", {name}),
             Fk(std::string(name) + "\"fk", {name}, "s\"ch", kHostile[0], {kHostile[0]})}));
  }
  return c;
}

TEST(ErdTest, HostileNamesInMermaid) {
  std::string mermaid = RenderMermaid(BuildErd(Hostile(), {}));
  // Entity names: quoted, with no ", %, \ or line break inside.
  EXPECT_NE(mermaid.find("  \"s_ch.we_ird\" {\n"), std::string::npos) << mermaid;
  EXPECT_NE(mermaid.find("  \"s_ch.new_line\" {\n"), std::string::npos) << mermaid;
  EXPECT_NE(mermaid.find("  \"s_ch.back_slash\" {\n"), std::string::npos) << mermaid;
  EXPECT_NE(mermaid.find("  \"s_ch.per_cent\" {\n"), std::string::npos) << mermaid;
  EXPECT_NE(mermaid.find("  \"s_ch.sp ace.dot\" {\n"), std::string::npos) << mermaid;
  // Attributes: one word each, the real name as the comment.
  EXPECT_NE(mermaid.find("    character_varying(20) a_b_c PK, FK \"a<b>c\"\n"), std::string::npos)
      << mermaid;
  EXPECT_NE(mermaid.find("    character_varying(20) we_ird PK, FK \"we'ird\"\n"), std::string::npos)
      << mermaid;
  EXPECT_NE(mermaid.find(" : \"new line'fk (new line → we'ird)\""), std::string::npos) << mermaid;
}

// Words Mermaid's lexer reads as something else: key markers and direction statements.
TEST(ErdTest, MermaidKeywordsInNames) {
  Catalog c;
  c.tables.push_back(Tab("public", "x direction  LR", {Col("pk", "integer"), Col("Uk", "fk")},
                         {Pk("direction tb", {"pk"})}));
  std::string mermaid = RenderMermaid(BuildErd(c, {.columns = ErdColumns::kAll}));
  EXPECT_NE(mermaid.find("  \"public.x direction__LR\" {\n"), std::string::npos) << mermaid;
  EXPECT_NE(mermaid.find("    integer _pk PK \"pk\"\n"), std::string::npos) << mermaid;
  EXPECT_NE(mermaid.find("    _fk _Uk \"Uk\"\n"), std::string::npos) << mermaid;
}

TEST(ErdTest, HostileNamesInDot) {
  std::string dot = RenderDot(BuildErd(Hostile(), {}));
  EXPECT_NE(dot.find("  \"s\\\"ch.we\\\"ird\" [label=<"), std::string::npos) << dot;
  EXPECT_NE(dot.find("  \"s\\\"ch.back\\\\slash\" [label=<"), std::string::npos) << dot;
  EXPECT_NE(dot.find("  \"s\\\"ch.new\\nline\" [label=<"), std::string::npos) << dot;
  EXPECT_NE(dot.find("<B>s&quot;ch.a&lt;b&gt;c</B>"), std::string::npos) << dot;
  EXPECT_NE(dot.find("<B>s&quot;ch.x{y|z}</B>"), std::string::npos) << dot;
  EXPECT_NE(dot.find("<B>s&quot;ch.new\\nline</B>"), std::string::npos) << dot;
  EXPECT_NE(dot.find("<B>s&quot;ch.amp&amp;&#39;s</B>"), std::string::npos) << dot;
  EXPECT_NE(dot.find("tooltip=\"back\\\\slash\\\"fk\""), std::string::npos) << dot;
  EXPECT_EQ(dot.find('\r'), std::string::npos);
  // Every line is one statement: no raw line break inside a name.
  EXPECT_EQ(dot.find("new\nline"), std::string::npos);
}

// Graphviz itself accepts the hostile DOT (skipped where Graphviz is not installed).
TEST(ErdTest, GraphvizAcceptsHostileDot) {
  std::string dot_program = base::FindProgram("dot");
  if (dot_program.empty()) GTEST_SKIP() << "Graphviz's dot is not installed";
  auto run =
      base::RunProcess({dot_program, "-Tsvg"}, {.separate_stderr = true,
                                                .stdin_data = RenderDot(BuildErd(Hostile(), {})),
                                                .use_stdin = true});
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_EQ(run->exit_code, 0) << run->error_output;
  EXPECT_EQ(run->error_output, "");
  EXPECT_NE(run->output.find("s&quot;ch.a&lt;b&gt;c"), std::string::npos);
  EXPECT_NE(run->output.find("x{y|z}"), std::string::npos);
}

TEST(ErdTest, JsonIsStructured) {
  nlohmann::ordered_json doc = ErdJson(BuildErd(Partitioned(), {}));
  ASSERT_EQ(doc["tables"].size(), 2u);
  EXPECT_EQ(doc["tables"][1]["name"], "payment");
  EXPECT_EQ(doc["tables"][1]["partitions"], 2);
  EXPECT_EQ(doc["tables"][1]["columns"][0]["type"], "integer");
  const auto& fk = doc["foreign_keys"][1];
  EXPECT_EQ(fk["name"], "payment_p1_customer_fk");
  EXPECT_EQ(fk["constraints"].size(), 2u);
  EXPECT_EQ(fk["from"]["table"], "payment");
  EXPECT_EQ(fk["from"]["columns"][0], "customer_id");
  EXPECT_EQ(fk["to"]["table"], "customers");
  EXPECT_EQ(fk["to"]["columns"][0], "id");
  EXPECT_EQ(fk["optional"], false);
}

}  // namespace
}  // namespace pgcrate::inspect

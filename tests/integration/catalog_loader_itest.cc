// The catalog loader on the kitchen-sink schema: a fixed number of queries, a deterministic
// result, and every object kind modelled as PostgreSQL has it.
#include <gtest/gtest.h>

#include "catalog/loader.h"
#include "catalog/queries.h"
#include "catalog_itest_util.h"
#include "diff/planner.h"

namespace pgcrate::testing {
namespace {

class CatalogLoader : public PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    Exec(ReadOrFail(std::string(PGCRATE_SOURCE_DIR) + "/src/catalog/testdata/kitchen_sink.sql"));
  }
  catalog::Catalog LoadCounting(int& statements) {
    pg::SessionOptions o;
    o.sql_logger = [&statements](std::string_view) { ++statements; };
    auto conn = pg::Connection::Open(url(), o);
    EXPECT_TRUE(conn.ok());
    EXPECT_TRUE((*conn)->Run("SELECT 1").ok());  // the session's settings go with the first
    statements = 0;
    auto cat = catalog::Load(**conn);
    EXPECT_TRUE(cat.ok()) << cat.status().ToString();
    return cat.ok() ? *cat : catalog::Catalog{};
  }
};

const catalog::Table& TableNamed(const catalog::Catalog& c, const std::string& name) {
  const catalog::Table* t = catalog::FindTable(c, "app", name);
  EXPECT_NE(t, nullptr) << name;
  static catalog::Table none;
  return t ? *t : none;
}

const catalog::Column& ColumnNamed(const catalog::Table& t, const std::string& name) {
  for (const auto& c : t.columns) {
    if (c.name == name) return c;
  }
  ADD_FAILURE() << "no column " << name << " in " << t.name;
  static catalog::Column none;
  return none;
}

TEST_F(CatalogLoader, FixedQueryCountAndDeterministicOrder) {
  int first = 0, second = 0;
  catalog::Catalog a = LoadCounting(first);
  Exec("CREATE TABLE app.more (id int); CREATE TABLE app.evenmore (id int)");
  catalog::Catalog b = LoadCounting(second);
  // BEGIN, the SET LOCALs, one query per kind, COMMIT — however many tables there are.
  EXPECT_EQ(first, catalog::queries::kQueryCount + 3);
  EXPECT_EQ(second, first);
  EXPECT_EQ(b.tables.size(), a.tables.size() + 2);
  for (size_t i = 1; i < b.tables.size(); ++i) {
    EXPECT_LT(b.tables[i - 1].schema + "." + b.tables[i - 1].name,
              b.tables[i].schema + "." + b.tables[i].name);
  }
  catalog::Catalog again = LoadCounting(second);
  EXPECT_TRUE(diff::PlanMigration(b, again).identical());
}

TEST_F(CatalogLoader, ModelsEveryKind) {
  int n = 0;
  catalog::Catalog c = LoadCounting(n);
  const auto& users = TableNamed(c, "users");
  EXPECT_EQ(ColumnNamed(users, "id").identity, 'a');
  EXPECT_EQ(ColumnNamed(users, "name").type, "character varying(100)");
  EXPECT_EQ(ColumnNamed(users, "name").collation, "pg_catalog.\"C\"");
  EXPECT_TRUE(ColumnNamed(users, "name_upper").generated);
  EXPECT_EQ(ColumnNamed(users, "email").comment, "where to write");
  const auto& tickets = TableNamed(c, "tickets");
  EXPECT_EQ(ColumnNamed(tickets, "id").serial_type, "serial");
  EXPECT_EQ(ColumnNamed(tickets, "number").serial_type, "");
  EXPECT_TRUE(tickets.rls_enabled && tickets.rls_forced);
  EXPECT_EQ(tickets.policies.size(), 2u);
  bool exclude = false, not_valid = false, deferred_fk = false;
  for (const auto& k : tickets.constraints) {
    exclude |= k.type == catalog::ConstraintType::kExclude;
    not_valid |= !k.validated;
    deferred_fk |=
        k.type == catalog::ConstraintType::kForeignKey && k.deferred && k.ref_table == "app.users";
  }
  EXPECT_TRUE(exclude);
  EXPECT_TRUE(not_valid);
  EXPECT_TRUE(deferred_fk);
  ASSERT_EQ(tickets.triggers.size(), 1u);
  EXPECT_EQ(tickets.triggers[0].enabled, 'D');
  const auto& events = TableNamed(c, "events");
  EXPECT_TRUE(events.partitioned);
  EXPECT_EQ(TableNamed(c, "events_2024").parent, "app.events");
  EXPECT_TRUE(TableNamed(c, "scratch").unlogged);
  EXPECT_EQ(TableNamed(c, "scratch").options, "fillfactor=70");
  bool mood = false, domain = false, composite = false, range = false;
  for (const auto& t : c.types) {
    if (t.name == "mood") mood = t.labels == std::vector<std::string>{"sad", "ok", "happy"};
    if (t.name == "positive_int")
      domain = t.not_null && t.checks.size() == 1 && t.default_expr == "1";
    if (t.name == "address") composite = t.attributes.size() == 3;
    if (t.name == "float_range") range = t.base_type == "double precision";
  }
  EXPECT_TRUE(mood && domain && composite && range);
  int functions = 0, procedures = 0, aggregates = 0;
  for (const auto& f : c.functions) {
    functions += f.kind == catalog::FunctionKind::kFunction;
    procedures += f.kind == catalog::FunctionKind::kProcedure;
    aggregates += f.kind == catalog::FunctionKind::kAggregate;
  }
  EXPECT_EQ(functions, 3);  // touch, add, concat_step (range constructors are not listed)
  EXPECT_EQ(procedures, 1);
  EXPECT_EQ(aggregates, 1);
  const catalog::View* counts = catalog::FindView(c, "app", "ticket_counts");
  ASSERT_NE(counts, nullptr);
  EXPECT_TRUE(counts->materialized);
  EXPECT_EQ(counts->indexes.size(), 1u);
  const catalog::View* happy = catalog::FindView(c, "app", "happy_users");
  ASSERT_NE(happy, nullptr);
  EXPECT_EQ(happy->check_option, "cascaded");
  ASSERT_EQ(c.extensions.size(), 1u);
  EXPECT_EQ(c.extensions[0].name, "btree_gist");
  EXPECT_TRUE(c.depends_on.at("view:app.user_tickets").count("view:app.active_users"));
  for (const auto& s : c.sequences) {
    if (s.name == "ticket_seq") {
      EXPECT_TRUE(s.cycle && s.increment == 5 && s.cache == 10 &&
                  s.owned_by == "app.tickets.number");
    }
  }
}

}  // namespace
}  // namespace pgcrate::testing

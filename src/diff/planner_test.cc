#include "diff/planner.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "diff/builder.h"

namespace pgcrate::diff {
namespace {

catalog::Table Table(const std::string& name) {
  catalog::Table t{.schema = "public", .name = name};
  t.columns = {{.name = "id", .type = "integer", .not_null = true}};
  t.constraints = {{.name = name + "_pkey",
                    .type = catalog::ConstraintType::kPrimaryKey,
                    .definition = "PRIMARY KEY (id)",
                    .columns = {"id"}}};
  return t;
}

size_t Position(const Plan& p, const std::string& needle) {
  for (size_t i = 0; i < p.steps.size(); ++i) {
    if (p.steps[i].sql.find(needle) != std::string::npos) return i;
  }
  ADD_FAILURE() << "no step with " << needle;
  return 0;
}

TEST(Planner, TopologicalOrderPutsDependenciesFirstAndBreaksCycles) {
  std::map<catalog::ObjectKey, int> keys = {{"a", 0}, {"b", 0}, {"c", 0}, {"v", 4}};
  std::map<catalog::ObjectKey, std::set<catalog::ObjectKey>> deps = {
      {"a", {"b"}}, {"v", {"a"}}, {"b", {"c"}}, {"c", {"b"}}};
  auto order = internal::TopologicalOrder(keys, deps);
  ASSERT_EQ(order.size(), 4u);
  EXPECT_EQ(order.back(), "v");
  auto pos = [&](const std::string& k) {
    return std::find(order.begin(), order.end(), k) - order.begin();
  };
  EXPECT_LT(pos("b"), pos("a"));  // a waits for b even though b is in a cycle
}

TEST(Planner, CreatesTypesThenTablesThenViewsAndForeignKeysLast) {
  catalog::Catalog from, to;
  to.types.push_back({.schema = "public", .name = "mood", .labels = {"a", "b"}});
  catalog::Table parent = Table("parent"), child = Table("child");
  child.columns.push_back({.name = "m", .type = "public.mood"});
  child.columns.push_back({.name = "parent_id", .type = "integer"});
  child.constraints.push_back(
      {.name = "child_fk",
       .type = catalog::ConstraintType::kForeignKey,
       .definition = "FOREIGN KEY (parent_id) REFERENCES public.parent(id)"});
  to.tables = {child, parent};
  to.views.push_back({.schema = "public", .name = "v", .definition = " SELECT 1;"});
  to.depends_on["table:public.child"] = {"type:public.mood", "table:public.parent"};
  to.depends_on["view:public.v"] = {"table:public.child"};
  Plan p = PlanMigration(from, to);
  EXPECT_LT(Position(p, "CREATE TYPE public.mood"), Position(p, "CREATE TABLE public.child"));
  EXPECT_LT(Position(p, "CREATE TABLE public.child"), Position(p, "CREATE VIEW public.v"));
  EXPECT_GT(Position(p, "ADD CONSTRAINT child_fk"), Position(p, "CREATE VIEW public.v"));
  EXPECT_TRUE(p.steps[Position(p, "ADD CONSTRAINT child_fk")].foreign_key);
  auto summary = Summarize(p);
  EXPECT_EQ(summary[0], (std::pair<std::string, int>{"tables", 2}));

  Plan back = PlanMigration(to, from);
  EXPECT_LT(Position(back, "DROP VIEW public.v"), Position(back, "DROP TABLE public.child"));
  EXPECT_LT(Position(back, "DROP TABLE public.child"), Position(back, "DROP TABLE public.parent"));
  EXPECT_LT(Position(back, "DROP TABLE public.child"), Position(back, "DROP TYPE public.mood"));
  EXPECT_TRUE(back.steps[Position(back, "DROP TABLE public.parent")].destructive);
}

TEST(Planner, AddsEnumValuesInOrderAndRecreatesDependentViews) {
  catalog::Catalog from, to;
  from.types.push_back({.schema = "public", .name = "s", .labels = {"a", "c"}});
  to.types.push_back({.schema = "public", .name = "s", .labels = {"x", "a", "b", "c", "d"}});
  catalog::Table t = Table("t"), t2 = Table("t");
  t2.columns[0].type = "bigint";
  from.tables = {t};
  to.tables = {t2};
  from.views.push_back({.schema = "public", .name = "v", .definition = " SELECT id FROM t;"});
  to.views = from.views;
  from.depends_on["view:public.v"] = {"table:public.t"};
  to.depends_on = from.depends_on;
  Plan p = PlanMigration(from, to);
  EXPECT_LT(Position(p, "ADD VALUE 'x' BEFORE 'a'"), Position(p, "ADD VALUE 'b' AFTER 'a'"));
  EXPECT_LT(Position(p, "ADD VALUE 'b' AFTER 'a'"), Position(p, "ADD VALUE 'd' AFTER 'c'"));
  EXPECT_LT(Position(p, "DROP VIEW public.v"), Position(p, "TYPE bigint"));
  EXPECT_LT(Position(p, "TYPE bigint"), Position(p, "CREATE VIEW public.v"));
  EXPECT_TRUE(PlanMigration(to, to).identical());
  EXPECT_NE(FormatDiff(p, "a", "b").find("~ column public.t.id: type integer -> bigint"),
            std::string::npos);
}

}  // namespace
}  // namespace pgcrate::diff

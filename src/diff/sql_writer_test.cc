#include "diff/sql_writer.h"

#include <gtest/gtest.h>

#include "diff/planner.h"

namespace pgcrate::diff {
namespace {

using catalog::Column;
using catalog::Constraint;
using catalog::ConstraintType;

TEST(SqlWriter, ColumnStyles) {
  EXPECT_EQ(ColumnDefinition({.name = "id",
                              .type = "integer",
                              .default_expr = "nextval(...)",
                              .not_null = true,
                              .serial_type = "serial"}),
            "id serial");
  EXPECT_EQ(ColumnDefinition({.name = "id",
                              .type = "bigint",
                              .not_null = true,
                              .identity = 'a',
                              .identity_options = "START WITH 1"}),
            "id bigint NOT NULL GENERATED ALWAYS AS IDENTITY (START WITH 1)");
  EXPECT_EQ(ColumnDefinition(
                {.name = "u", .type = "text", .default_expr = "upper(n)", .generated = true}),
            "u text GENERATED ALWAYS AS (upper(n)) STORED");
  EXPECT_EQ(ColumnDefinition({.name = "Name",
                              .type = "text",
                              .collation = "pg_catalog.\"C\"",
                              .default_expr = "'x'::text",
                              .not_null = true}),
            "\"Name\" text COLLATE pg_catalog.\"C\" DEFAULT 'x'::text NOT NULL");
}

catalog::Table Users() {
  catalog::Table t{.schema = "public", .name = "users"};
  t.columns = {{.name = "id", .type = "integer", .not_null = true},
               {.name = "email", .type = "text"}};
  return t;
}

TEST(SqlWriter, SingleColumnPrimaryKeyInlineCompositeAsConstraint) {
  catalog::Table t = Users();
  t.constraints = {{.name = "users_pkey",
                    .type = ConstraintType::kPrimaryKey,
                    .definition = "PRIMARY KEY (id)",
                    .columns = {"id"}},
                   {.name = "users_fk",
                    .type = ConstraintType::kForeignKey,
                    .definition = "FOREIGN KEY (id) REFERENCES public.x(id)",
                    .columns = {"id"}}};
  EXPECT_EQ(CreateTable(t),
            "CREATE TABLE public.users (\n    id integer NOT NULL PRIMARY KEY,\n"
            "    email text\n);");
  t.constraints = {{.name = "pk",
                    .type = ConstraintType::kPrimaryKey,
                    .definition = "PRIMARY KEY (id, email)",
                    .columns = {"id", "email"}}};
  EXPECT_EQ(CreateTable(t),
            "CREATE TABLE public.users (\n    id integer NOT NULL,\n    email text,\n"
            "    CONSTRAINT pk PRIMARY KEY (id, email)\n);");
}

TEST(SqlWriter, PartitionsAndPartitionedIndexes) {
  catalog::Table p{.schema = "public",
                   .name = "m_2024",
                   .parent = "public.m",
                   .partition_bound = "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"};
  p.columns = {{.name = "at", .type = "date", .is_local = false}};
  EXPECT_EQ(CreateTable(p),
            "CREATE TABLE public.m_2024 PARTITION OF public.m\n"
            "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');");
  catalog::Index x{.name = "m_at",
                   .definition = "CREATE INDEX m_at ON ONLY public.m USING btree (at)"};
  EXPECT_EQ(CreateIndex(x), "CREATE INDEX m_at ON public.m USING btree (at);");
}

TEST(SqlWriter, AlterColumnStatements) {
  catalog::Table t = Users();
  Column from{.name = "n", .type = "integer", .default_expr = "0"};
  Column to{.name = "n", .type = "bigint", .default_expr = "1", .not_null = true};
  std::vector<std::string> sql = AlterColumn(t, from, to);
  ASSERT_EQ(sql.size(), 4u);
  EXPECT_EQ(sql[0], "ALTER TABLE public.users ALTER COLUMN n DROP DEFAULT;");
  EXPECT_EQ(sql[1], "ALTER TABLE public.users ALTER COLUMN n TYPE bigint USING n::bigint;");
  EXPECT_EQ(sql[2], "ALTER TABLE public.users ALTER COLUMN n SET DEFAULT 1;");
  EXPECT_EQ(sql[3], "ALTER TABLE public.users ALTER COLUMN n SET NOT NULL;");
  EXPECT_TRUE(AlterColumn(t, from, from).empty());
}

TEST(SqlWriter, RenderScriptMarksOrLeavesOutDestructiveSteps) {
  std::vector<Step> steps = {{.sql = "DROP TABLE public.t;", .destructive = true},
                             {.sql = "CREATE INDEX i ON public.u (a);"}};
  std::string with = RenderScript(steps, true);
  EXPECT_NE(with.find("-- destructive: this step can lose data\nDROP TABLE public.t;"),
            std::string::npos);
  std::string without = RenderScript(steps, false);
  EXPECT_NE(without.find("-- left out (destructive, --no-destructive): DROP TABLE public.t;"),
            std::string::npos);
  EXPECT_EQ(without.find("\nDROP TABLE"), std::string::npos);
  EXPECT_EQ(without.rfind("SET check_function_bodies = false;\n", 0), 0u);
}

TEST(SqlWriter, GrantDeltaRevokesFirstThenGrantsInTargetOrder) {
  catalog::Grants from = {{"", "SELECT"}, {"bob", "SELECT", true}, {"public", "EXECUTE"}};
  catalog::Grants to = {{"", "SELECT"}, {"Eve", "INSERT"}, {"bob", "SELECT"}, {"bob", "UPDATE"}};
  std::vector<std::string> sql;
  for (const GrantChange& c : GrantDelta(from, to))
    sql.push_back(RenderGrant(c, "TABLE public.t", "CURRENT_USER"));
  ASSERT_EQ(sql.size(), 4u);
  EXPECT_EQ(sql[0], "REVOKE GRANT OPTION FOR SELECT ON TABLE public.t FROM bob;");
  EXPECT_EQ(sql[1], "REVOKE EXECUTE ON TABLE public.t FROM PUBLIC;");
  EXPECT_EQ(sql[2], "GRANT INSERT ON TABLE public.t TO \"Eve\";");
  EXPECT_EQ(sql[3], "GRANT UPDATE ON TABLE public.t TO bob;");
  EXPECT_TRUE(GrantDelta(to, to).empty());
  GrantChange owner{.grant = false, .grantee = "", .privileges = {"SELECT", "UPDATE"}};
  EXPECT_EQ(RenderGrant(owner, "TABLE public.t", "alice", "\"Col\""),
            "REVOKE SELECT (\"Col\"), UPDATE (\"Col\") ON TABLE public.t FROM alice;");
}

}  // namespace
}  // namespace pgcrate::diff

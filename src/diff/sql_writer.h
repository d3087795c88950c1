// Renders catalog objects as DDL statements (each ending in ";"). Definitions come from the
// server's own pg_get_*def output, so what is written is what PostgreSQL would re-create;
// this file only adds the CREATE/ALTER/DROP framing. Pure: no database access.
#pragma once

#include <string>
#include <vector>

#include "catalog/model.h"

namespace pgcrate::diff {

// CREATE TABLE with columns and validated non-foreign-key constraints (single-column primary
// keys inline, others as table constraints). Partitions use PARTITION OF, partitioned tables
// PARTITION BY. Foreign keys, indexes, triggers and comments are separate statements.
std::string CreateTable(const catalog::Table& t);
// One column as written in CREATE TABLE / ADD COLUMN (serial, identity, generated kept).
std::string ColumnDefinition(const catalog::Column& c);
std::string AddColumn(const catalog::Table& t, const catalog::Column& c);
std::string DropColumn(const catalog::Table& t, const std::string& column);
// ALTER COLUMN statements that turn column `from` into `to` (type, collation, default,
// NOT NULL, identity); empty when they are equal. Generated-expression changes are not here.
// With `only`, defaults are set with ALTER TABLE ONLY (a parent's default change must not
// reach children, which have defaults of their own).
std::vector<std::string> AlterColumn(const catalog::Table& t, const catalog::Column& from,
                                     const catalog::Column& to, bool only = false);
// ALTER TABLE ONLY ... ALTER COLUMN ... SET DEFAULT `expr` (DROP DEFAULT when "").
std::string ColumnDefaultOnly(const catalog::Table& t, const std::string& column,
                              const std::string& expr);

std::string AddConstraint(const catalog::Table& t, const catalog::Constraint& k);
std::string DropConstraint(const catalog::Table& t, const std::string& name);
std::string ValidateConstraint(const catalog::Table& t, const std::string& name);
// CREATE INDEX from the server's definition; on a partitioned parent without ONLY so that
// the partitions get theirs.
std::string CreateIndex(const catalog::Index& x);
std::string DropIndex(const std::string& schema, const std::string& name);
std::string CreateTrigger(const catalog::Trigger& g);
// ALTER TABLE ... ENABLE/DISABLE TRIGGER for a non-default enabled state, "" for 'O'.
std::string TriggerState(const std::string& relation, const catalog::Trigger& g);
std::string DropTrigger(const std::string& relation, const std::string& name);
std::string CreatePolicy(const catalog::Table& t, const catalog::Policy& p);
std::string DropPolicy(const catalog::Table& t, const std::string& name);
std::string RowSecurity(const catalog::Table& t, bool enabled_changed, bool forced_changed);

std::string CreateView(const catalog::View& v);
std::string DropView(const catalog::View& v);
std::string CreateSequence(const catalog::Sequence& s);
std::string AlterSequence(const catalog::Sequence& s);
std::string SequenceOwnedBy(const catalog::Sequence& s);
std::string DropSequence(const catalog::Sequence& s);
std::string CreateType(const catalog::Type& t);
std::string DropType(const catalog::Type& t);
// CREATE [OR REPLACE] FUNCTION/PROCEDURE/AGGREGATE from the definition.
std::string CreateFunction(const catalog::Function& f);
std::string DropFunction(const catalog::Function& f);
std::string CreateSchema(const std::string& name);
std::string DropSchema(const std::string& name);
std::string CreateExtension(const catalog::Extension& e);
std::string DropExtension(const std::string& name);

// One GRANT or REVOKE of some privileges for one grantee.
struct GrantChange {
  bool grant = true;
  bool grant_option = false;  // WITH GRANT OPTION / REVOKE GRANT OPTION FOR
  std::string grantee;        // as in catalog::Grant: "" the owner, "public" PUBLIC
  std::vector<std::string> privileges;
};
// What turns the privileges `from` into `to`: revokes first (grantees in `from` order), then
// grants with grantees in `to` order, so that the server's ACL ends up in the order of `to`
// (pg_dump prints grants in ACL order).
std::vector<GrantChange> GrantDelta(const catalog::Grants& from, const catalog::Grants& to);
// "GRANT SELECT, INSERT ON TABLE public.t TO bob;" / "REVOKE ... FROM ...;". `target` follows
// ON ("TABLE public.t", "TABLES" after an ALTER DEFAULT PRIVILEGES prefix); `owner` is the
// SQL for grantee "" (a quoted role or CURRENT_USER); a non-empty `column` (quoted) makes
// them column privileges, "SELECT (a)".
std::string RenderGrant(const GrantChange& g, const std::string& target, const std::string& owner,
                        const std::string& column = "");
// "grant SELECT to bob; revoke EXECUTE from public" for change lists ("owner" for "").
std::string DescribeGrants(const std::vector<GrantChange>& changes);
// A role as SQL: "" (the role running the script) is CURRENT_USER, others quoted.
std::string RoleSql(const std::string& role);

// "TABLE public.t", "FUNCTION public.f(integer)", ... as used after COMMENT ON / DROP.
std::string FunctionSignature(const catalog::Function& f);
// COMMENT ON <target> IS '...' (or IS NULL when `comment` is empty).
std::string Comment(const std::string& target, const std::string& comment);

}  // namespace pgcrate::diff

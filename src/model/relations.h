// What the database holds for model relations: whether a relation exists (oid and kind), the
// views that depend on it (transitively, through pg_depend/pg_rewrite), and the statements
// that give a rebuilt relation the grants and comment of the one it replaces. Used by the
// materializations so that nothing dependent is dropped silently and nothing granted is lost.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pg/connection.h"
#include "pgcrate/status.h"

namespace pgcrate::model {

struct Existing {
  uint32_t oid = 0;  // 0 = no such relation
  char kind = 0;     // 'r' table, 'v' view, 'm' materialized view, 'p' partitioned table...
};

Result<Existing> FindRelation(pg::Connection& conn, const std::string& schema,
                              const std::string& name);

struct Dependent {
  uint32_t oid = 0;
  std::string schema;
  std::string name;
  char kind = 'v';
};

// The views (and materialized views) that depend on relation `regclass` (its quoted,
// schema-qualified name), directly or through other views, nearest first; none when it does not
// exist. The Step/From pair sends the query in a pipeline and reads its result.
Result<std::vector<Dependent>> DependentViews(pg::Connection& conn, const std::string& regclass);
pg::PipelineStep DependentViewsStep(const std::string& regclass);
std::vector<Dependent> DependentViewsFrom(const pg::QueryResult& r);

// GRANT, COMMENT and ALTER ... OWNER TO statements that give `target` (quoted, schema-qualified
// name; a `kind` 'r' or 'v' relation) the privileges (other than the owner's), comment and owner
// that the relation of that name has now (the owner only when it is not the current role); none
// when no relation has that name. Read before the relation is replaced.
Result<std::vector<std::string>> CarryOverSql(pg::Connection& conn, const std::string& target,
                                              char kind);
pg::PipelineStep CarryOverStep(const std::string& target, char kind);
std::vector<std::string> CarryOverFrom(const pg::QueryResult& r);

}  // namespace pgcrate::model

// What each fix file provides: the plan of its fix (dba::FixPlan). Internal to dba/fixes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dba/fixes/fix.h"
#include "pg/connection.h"

namespace pgcrate::dba::fixes {

Result<FixPlan> PlanSequence(pg::Connection& conn, const FixOptions& o);
Result<FixPlan> PlanIndex(pg::Connection& conn, const FixOptions& o);
Result<FixPlan> PlanVacuum(pg::Connection& conn, const FixOptions& o);
Result<FixPlan> PlanBloat(pg::Connection& conn, const FixOptions& o);

struct Relation {
  std::string name;  // quote_ident(schema) || '.' || quote_ident(name)
  char kind = 0;     // pg_class.relkind
  int64_t oid = 0;
};

// Resolves `name` like PostgreSQL would (to_regclass, search_path). kNotFound names it;
// kUsage when its relkind is not one of `kinds` (`what` says what was expected).
Result<Relation> Resolve(pg::Connection& conn, const std::string& name, std::string_view kinds,
                         const std::string& what);

}  // namespace pgcrate::dba::fixes

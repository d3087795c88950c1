// What each fix file produces: the exact statements, the risk, how to snapshot the object's
// state before and after, and which check --verify re-runs. Internal to dba/fixes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dba/fixes/fix.h"
#include "pg/connection.h"

namespace pgcrate::dba::fixes {

struct FixPlan {
  std::string kind;    // "sequence" | "index" | "vacuum" | "bloat"
  std::string object;  // the resolved, quoted, schema-qualified name
  std::string risk;    // "low" | "medium" | "high"
  std::vector<std::string> sql;
  std::string state_sql;           // one row describing the object; $1 = object
  std::string verify_check;        // the check --verify re-runs
  std::vector<std::string> notes;  // what the fix does not do, lock taken, ...
};

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

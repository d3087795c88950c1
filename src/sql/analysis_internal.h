// Shared by analysis.cc and its per-area parts (analysis_ddl.cc, analysis_dml.cc); not part
// of the sql API.
#pragma once

#include <string_view>

#include "sql/analysis.h"

namespace pgcrate::sql::internal {

// Accumulates one statement's analysis.
struct Collector {
  const SearchPath& path;
  Analysis a;

  // Records `mode` on `rel`, keeping the strongest mode per relation.
  void Lock(const ObjectName& rel, LockMode mode);
  // A RangeVar node ({"relname":..,"schemaname":..}) as an object of `kind`.
  ObjectName Rel(JsonRef range_var, const char* kind) const;
  // A name list ([{"String":{"sval":..}}...]): the last item is the name, the one before it
  // the schema (when `schema_scoped`).
  ObjectName Named(JsonRef name_list, const char* kind, bool schema_scoped = true) const;
  // Every relation referenced in a FROM clause (RangeVar) under `subtree`, except CTE names:
  // added to `read` with lock `mode`.
  void Reads(JsonRef subtree, LockMode mode = LockMode::kAccessShare);
};

Category CategoryOf(std::string_view type, StatementKind kind, JsonRef body);
// Fills `c` for DDL statements; false when `type` is not one it knows.
bool AnalyzeDdl(std::string_view type, JsonRef body, Collector& c);
// Fills `c` for DML, reads and utility statements.
void AnalyzeOther(std::string_view type, JsonRef body, Collector& c);
// The lock an ALTER TABLE subcommand ({"subtype":"AT_...",...}) takes on its table.
LockMode AlterTableCmdLock(JsonRef cmd);
// "table", "index", ... for an ObjectType enum name such as "OBJECT_TABLE"; nullptr if none.
const char* ObjectKind(std::string_view object_type);

}  // namespace pgcrate::sql::internal

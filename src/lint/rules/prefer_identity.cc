// Detects serial / bigserial / smallserial columns: identity columns are the SQL-standard
// replacement with the sequence owned and permissions handled by the column.
#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace prefer_identity_rule {
namespace {

void Check(const StatementContext& ctx, Reporter& out) {
  for (sql::JsonRef col : ColumnDefs(ctx.st)) {
    std::string type = TypeName(col["typeName"]);
    if (type != "serial" && type != "bigserial" && type != "smallserial" && type != "serial4" &&
        type != "serial8" && type != "serial2") {
      continue;
    }
    out.Report(LocationOr(col["typeName"], ctx.st.offset),
               "column " + std::string(col["colname"].str()) + " is " + type +
                   "; prefer GENERATED ALWAYS AS IDENTITY.");
  }
}

}  // namespace
}  // namespace prefer_identity_rule

extern const Rule kPreferIdentity = {
    "prefer-identity",
    "serial column instead of an identity column",
    "serial creates a loosely attached sequence (separate grants, easy to desync with manual "
    "inserts); identity columns are standard SQL and tied to the column.",
    "CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);",
    Severity::kWarning,
    prefer_identity_rule::Check,
    nullptr};

}  // namespace pgcrate::lint::rules

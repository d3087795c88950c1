// Detects int / smallint (and serial) key columns — primary keys, foreign-key columns and
// columns named id or *_id: 32-bit keys run out at 2.1 billion and widening them later
// rewrites the table.
#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace prefer_bigint_over_int_rule {
namespace {

bool Small(const std::string& t) {
  return t == "int4" || t == "int2" || t == "int" || t == "integer" || t == "smallint" ||
         t == "serial" || t == "serial4" || t == "smallserial" || t == "serial2";
}

bool KeyColumn(sql::JsonRef col) {
  std::string_view name = col["colname"].str();
  if (name == "id" || name.ends_with("_id")) return true;
  for (sql::JsonRef con : Constraints(col["constraints"])) {
    std::string_view t = con["contype"].str();
    if (t == "CONSTR_PRIMARY" || t == "CONSTR_FOREIGN") return true;
  }
  return false;
}

void Check(const StatementContext& ctx, Reporter& out) {
  for (sql::JsonRef col : ColumnDefs(ctx.st)) {
    std::string type = TypeName(col["typeName"]);
    if (!Small(type) || !KeyColumn(col)) continue;
    out.Report(LocationOr(col["typeName"], ctx.st.offset),
               "key column " + std::string(col["colname"].str()) + " is " + type +
                   "; 32-bit keys run out at 2,147,483,647.");
  }
}

}  // namespace
}  // namespace prefer_bigint_over_int_rule

extern const Rule kPreferBigintOverInt = {
    "prefer-bigint-over-int",
    "int / smallint key column",
    "Integer keys overflow at 2^31-1; changing the type later rewrites the table and every "
    "referencing table under ACCESS EXCLUSIVE.",
    "CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
    "                     user_id bigint REFERENCES users (id));",
    Severity::kWarning,
    prefer_bigint_over_int_rule::Check,
    nullptr};

}  // namespace pgcrate::lint::rules

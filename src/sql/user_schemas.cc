#include "sql/user_schemas.h"

namespace pgcrate::sql {

std::string UserSchemaCondition(std::string_view nspname) {
  std::string col(nspname);
  return "(" + col + " NOT IN ('pg_catalog', 'information_schema', 'pg_toast', '" +
         std::string(kPgcrateSchema) + "') AND " + col + " !~ '^pg_(toast_)?temp_')";
}

}  // namespace pgcrate::sql

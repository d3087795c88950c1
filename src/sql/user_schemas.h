// The one definition of "the user's schemas", written into every catalog query of every
// subsystem (catalog, inspect, lint, dba), so they agree on what is the user's. It lives with
// the other SQL text pgcrate writes (sql/quote.h), below every engine.
#pragma once

#include <string>
#include <string_view>

namespace pgcrate::sql {

// The schema that holds pgcrate's own bookkeeping (the migration tracking table).
inline constexpr std::string_view kPgcrateSchema = "pgcrate";

// A SQL condition, true for a schema that holds user objects: every schema except
// PostgreSQL's own (pg_catalog, information_schema, pg_toast, and every session's temporary
// pg_temp_N / pg_toast_temp_N) and pgcrate's bookkeeping schema. `nspname` is the SQL
// expression naming the schema, e.g. "n.nspname". Parenthesised, so it composes with AND/OR.
std::string UserSchemaCondition(std::string_view nspname);

}  // namespace pgcrate::sql

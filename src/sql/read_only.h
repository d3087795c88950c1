// The read-only gate's classifier, shared by `sql` and `dba explain --analyze`: what a parsed
// statement would do that pgcrate's read-only mode must refuse before anything is sent.
// A READ ONLY transaction already stops writes to tables (also those done inside functions),
// so besides writes and transaction control the list is of what READ ONLY does NOT stop:
// settings that re-enable writes, and built-in functions with effects outside the
// transaction (signalling backends, replication slots, advisory locks, xid assignment, large
// objects, sequences, notifications, dblink, statistics resets, server files...). Calls are
// found in the parse tree wherever they appear (CTEs, subqueries, FROM, arguments), by their
// unqualified name, whatever the schema. Functions defined in the database that call these
// internally are opaque to the parser and not covered.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sql/parser.h"

namespace pgcrate::sql {

// Why `st` must not run in read-only mode, as the end of a sentence starting with the
// statement ("writes to the database (dml; ...)", "calls pg_terminate_backend(), which ...");
// "" when it may run. EXPLAIN without ANALYZE runs nothing and is never refused.
std::string ReadOnlyViolation(const Statement& st);

// Why `st` must not run through pgcrate at all, in any mode: it changes a setting pgcrate
// pins for every session so that its parser reads SQL exactly as the server does
// (standard_conforming_strings, client_encoding: SET, RESET, SET NAMES, set_config()).
// "" when it does not.
std::string PinnedSettingChange(const Statement& st);

// True when a call to the function named `name` (unqualified, lower case) is refused in
// read-only mode. set_config() is judged by its arguments, not here.
bool IsSideEffectFunction(std::string_view name);

// The refused function names and name prefixes ("pg_stat_reset*"), for documentation.
std::vector<std::string> SideEffectFunctionList();

}  // namespace pgcrate::sql

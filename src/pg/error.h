// Turning libpq failures into Status values that keep everything the server said:
// SQLSTATE, message, detail, hint, position and context.
#pragma once

#include <string>
#include <string_view>

#include "pgcrate/status.h"

struct pg_conn;
struct pg_result;

namespace pgcrate::pg {

// Well-known SQLSTATEs pgcrate reacts to.
inline constexpr const char* kReadOnlySqlTransaction = "25006";
inline constexpr const char* kLockNotAvailable = "55P03";
inline constexpr const char* kQueryCanceled = "57014";
inline constexpr const char* kInvalidCatalogName = "3D000";
inline constexpr const char* kInvalidPassword = "28P01";
inline constexpr const char* kUndefinedTable = "42P01";
inline constexpr const char* kInvalidParameterValue = "22023";

// A kQuery Status from a failed result (message, SQLSTATE, detail, hint, position, and the
// server's context line appended to details).
Status StatusFromResult(const pg_result* res, const pg_conn* conn);
// The byte offset in `text` (the SQL the server was sent) of the server's 1-based character
// error `position` (UTF-8 aware); text.size() when it is past the end.
size_t ErrorPositionToOffset(std::string_view text, int position);
// A kConnection Status for a failed connection attempt, naming the target `where`.
Status StatusFromConnectFailure(const pg_conn* conn, const std::string& where);

}  // namespace pgcrate::pg

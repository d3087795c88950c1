// Sending a multi-statement script in ONE round trip (libpq's simple query protocol) while
// keeping what libpq's one-shot helpers lose: how many statements completed before the first
// error, so a failure can be pinned to the statement that caused it even when the server
// gives no position. Also maps the server's error position (characters) to a byte offset.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pg/connection.h"
#include "pgcrate/status.h"

namespace pgcrate::migrate {

struct ScriptOutcome {
  Status error;                   // OK when every statement succeeded
  int completed = 0;              // statements that finished before the error
  std::vector<std::string> tags;  // command tags of the completed statements, in order
};

// OK when the session reads SQL as pgcrate's parser does: standard_conforming_strings on (as
// the server last reported it; libpq tracks it without a round trip). Else kRefused: with it
// off, a backslash in a string could hide a COMMIT from the parser that checked the migration.
Status CheckSessionLexing(pg::Connection& conn);

// Sends `sql` as one simple-protocol query and drains every result. A COPY FROM STDIN inside
// it is aborted with an error (migrations carry no inline data). When the script fails inside
// a transaction block the block is left open (aborted); the caller rolls it back. Nothing is
// sent unless CheckSessionLexing passes and `sql` has no NUL byte (libpq would cut it there).
ScriptOutcome SendScript(pg::Connection& conn, const std::string& sql);

// The byte offset in `text` of the server's 1-based character `position` (UTF-8 aware);
// text.size() when it is past the end.
size_t PositionToOffset(std::string_view text, int position);

}  // namespace pgcrate::migrate

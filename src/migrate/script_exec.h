// A migration's script sent in ONE round trip through pg::Connection::ExecScript (the one
// script-sending path), with the migration runner's stricter lexing check first and the
// outcome in the shape the runner reports: how many statements completed before the first
// error, so a failure is pinned to the statement that caused it even without a position.
#pragma once

#include <string>
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

// Sends `sql` with pg::Connection::ExecScript (a COPY FROM STDIN inside is aborted: migrations
// carry no inline data). When the script fails inside a transaction block the block is left
// open (aborted); the caller rolls it back. Nothing is sent unless CheckSessionLexing passes
// and `sql` has no NUL byte (libpq would cut it there).
ScriptOutcome SendScript(pg::Connection& conn, const std::string& sql);

}  // namespace pgcrate::migrate

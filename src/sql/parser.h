// The SQL analysis entry point: the real PostgreSQL 15 parser (libpg_query) splits a script
// into statements with their positions and classifies each one. Nothing here guesses with
// regexes; what the parser cannot tell is not claimed.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pgcrate/status.h"
#include "sql/json_tree.h"

namespace pgcrate::sql {

enum class StatementKind {
  kRead,                // SELECT, SHOW, EXPLAIN without ANALYZE of a write, FETCH...
  kWrite,               // DML, DDL, CALL, DO, COPY FROM, SELECT INTO/FOR UPDATE...
  kTransactionControl,  // BEGIN, COMMIT, ROLLBACK, SAVEPOINT, PREPARE TRANSACTION...
  kSessionSetting,      // SET, RESET, DISCARD
};

struct Statement {
  std::string text;       // the statement without its trailing ';'
  size_t offset = 0;      // byte offset of the statement in the script
  int line = 1;           // 1-based line of the first byte
  int column = 1;         // 1-based column of the first byte
  std::string node_type;  // the parse tree's top node, e.g. "CreateStmt"
  StatementKind kind = StatementKind::kWrite;
  // False for statements PostgreSQL refuses inside a transaction block (CREATE INDEX
  // CONCURRENTLY, VACUUM, CREATE DATABASE, ...).
  bool transactional = true;
  size_t length = 0;  // bytes of `text` in the script (offset + length = end)
  // The parse tree: {"CreateStmt": {...}}; node.node_body() is the statement node. Node
  // "location" fields are byte offsets into the script given to ParseScript (also for big
  // scripts parsed in pieces). The tree is shared by the statements of one script (or piece)
  // and kept alive by `owner`.
  JsonRef node;
  std::shared_ptr<const JsonTree> owner;
};

// Parses `script` into its statements. A syntax error is kParse with the location set to
// `file`:line:column of the error and the parser's message.
Result<std::vector<Statement>> ParseScript(std::string_view script, std::string_view file = "");

// Where one statement is in its script: `length` bytes from `offset`, without the trailing
// ';' (Statement::text is exactly script.substr(offset, length)).
struct StatementSpan {
  size_t offset = 0;
  size_t length = 0;
};

// ParseScript for scripts that are checked statement by statement and then only run (migrate
// up, migrate sql): `each` sees every statement, in order, while its parse tree is alive (its
// first error is returned), and only the statements' spans come back. Big scripts are parsed
// in pieces, so only one piece's statements and trees exist at a time.
using StatementCheck = std::function<Status(const Statement&)>;
Result<std::vector<StatementSpan>> ParseScriptChecked(std::string_view script,
                                                      std::string_view file,
                                                      const StatementCheck& each);

// ParseScript for callers that take the statements one at a time (the linter): `each` gets
// every statement, in order, with its parse tree, and may move it away; its first error ends
// the parse and is returned. Big scripts are parsed in pieces, so unless `each` keeps them,
// only one piece's statements and trees exist at a time. A syntax error is returned as
// ParseScript returns it, after `each` has seen the statements of the pieces before it.
using StatementSink = std::function<Status(Statement&)>;
Status ForEachStatement(std::string_view script, std::string_view file, const StatementSink& each);

// kParse with `message`, located at `file`:line:column of the 1-based byte `position` in
// `script` (libpg_query's cursorpos; 0 = the start).
Status SyntaxError(std::string message, int position, std::string_view script,
                   std::string_view file);

}  // namespace pgcrate::sql

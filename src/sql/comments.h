// The tokens of a script as PostgreSQL's own scanner sees them (libpg_query's pg_query_scan):
// comments (`-- ...`, `/* ... */`) and identifiers with their byte offsets. Used for inline
// directives such as `-- pgcrate-lint: ignore <rule-id>`, for the `-- up` / `-- down` markers
// of migration files (a marker inside a string or a dollar-quoted body is not a comment), and
// for identifiers longer than NAMEDATALEN.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pgcrate/status.h"

namespace pgcrate::sql {

enum class TokenKind { kComment, kIdentifier, kOther };

struct Token {
  size_t start = 0;  // byte offset of the first character
  size_t end = 0;    // byte offset after the last character
  TokenKind kind = TokenKind::kOther;
};

// Every token of `script` in order. A script the scanner rejects (an unterminated string,
// quoted identifier, dollar quote or comment) is kParse with the scanner's message at
// `file`:line:column (see SyntaxError in parser.h).
Result<std::vector<Token>> ScanTokens(std::string_view script, std::string_view file = "");

struct Comment {
  size_t offset = 0;  // byte offset of the comment's first character
  std::string text;   // the comment including its `--` or `/* */` markers
};

// Every comment of `script` in order; empty when the script does not scan (a syntax error is
// reported by ParseScript, not here).
std::vector<Comment> ScanComments(std::string_view script);

// Identifiers (plain or quoted) whose name is longer than `max_bytes`, as the scanner saw them
// before truncating them to NAMEDATALEN-1 (the parse tree only has the truncated name). The
// text is the token as written, quotes included.
std::vector<Comment> ScanLongIdentifiers(std::string_view script, size_t max_bytes);

}  // namespace pgcrate::sql

// The tokens of a script as PostgreSQL's own scanner sees them (libpg_query's pg_query_scan):
// comments (`-- ...`, `/* ... */`) and identifiers with their byte offsets. Used for inline
// directives such as `-- pgcrate-lint: ignore <rule-id>`, for the `-- up` / `-- down` markers
// of migration files (a marker inside a string or a dollar-quoted body is not a comment), and
// for identifiers longer than NAMEDATALEN.
#pragma once

#include <functional>
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

// True when `t` is a `;` (a statement's end outside a BEGIN ATOMIC body).
bool IsSemicolon(std::string_view script, const Token& t);

// Feeds every token of `script` to `each`, in order, scanning a window of about `window` bytes
// at a time, so that a huge script does not cost a token list many times its size. A window's
// tokens are used up to its last `;` only: past a `;` the scanner is outside any string,
// comment or dollar quote, so the next window starts there in the state a scan of the whole
// script would have. A window whose cut falls inside such a token fails to scan (or has no `;`)
// and is widened; the last window runs to the end. The scanner's error in the last window is
// returned at `file`:line:column of `script`; the first error `each` returns ends the scan.
using TokenSink = std::function<Status(const Token&)>;
Status ScanInWindows(std::string_view script, std::string_view file, const TokenSink& each,
                     size_t window = size_t{1} << 20);

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

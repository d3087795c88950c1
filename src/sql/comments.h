// The comments (and over-long identifiers) of a script, found by PostgreSQL's own scanner (pg_query_scan): `-- ...` and
// `/* ... */` with their byte offsets. Used for inline directives such as
// `-- pgcrate-lint: ignore <rule-id>`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pgcrate::sql {

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

// The comments of a script, found by PostgreSQL's own scanner (pg_query_scan): `-- ...` and
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

}  // namespace pgcrate::sql

#include "sql/comments.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include <algorithm>

#include "base/strings.h"
#include "sql/parser.h"

namespace pgcrate::sql {
namespace {

TokenKind KindOf(PgQuery__Token token) {
  switch (token) {
    case PG_QUERY__TOKEN__SQL_COMMENT:
    case PG_QUERY__TOKEN__C_COMMENT:
      return TokenKind::kComment;
    case PG_QUERY__TOKEN__IDENT:
      return TokenKind::kIdentifier;
    default:
      return TokenKind::kOther;
  }
}

}  // namespace

Result<std::vector<Token>> ScanTokens(std::string_view script, std::string_view file) {
  std::string owned(script);  // pg_query_scan wants a NUL-terminated string
  PgQueryScanResult r = pg_query_scan(owned.c_str());
  if (r.error) {
    Status st = SyntaxError(r.error->message, r.error->cursorpos, script, file);
    pg_query_free_scan_result(r);
    return st;
  }
  // Decoded by the protobuf-c code libpg_query itself ships and exports.
  PgQuery__ScanResult* scan = pg_query__scan_result__unpack(
      nullptr, r.pbuf.len, reinterpret_cast<const uint8_t*>(r.pbuf.data));
  pg_query_free_scan_result(r);
  if (scan == nullptr) return Status(Code::kInternal, "cannot decode the scanner's tokens");
  std::vector<Token> tokens;
  tokens.reserve(scan->n_tokens);
  for (size_t i = 0; i < scan->n_tokens; ++i) {
    const PgQuery__ScanToken* t = scan->tokens[i];
    if (t->start < 0 || t->end <= t->start || static_cast<size_t>(t->end) > script.size()) continue;
    tokens.push_back(
        {static_cast<size_t>(t->start), static_cast<size_t>(t->end), KindOf(t->token)});
  }
  pg_query__scan_result__free_unpacked(scan, nullptr);
  return tokens;
}

namespace {

// The scanner's error for a window that starts at `offset` of `script`, moved to the script's
// line and column.
Status Relocate(Status st, std::string_view script, size_t offset) {
  SourceLocation loc = st.location();
  if (offset == 0 || loc.line == 0) return st;
  auto [line, col] = base::LineColumnAt(script, offset);
  if (loc.line == 1) loc.column += col - 1;
  loc.line += line - 1;
  return st.WithLocation(loc);
}

// Where a window that starts at `pos` may end: just past the last line break before
// pos + window, or the end of `script`.
size_t WindowEnd(std::string_view script, size_t pos, size_t window) {
  if (script.size() - pos <= window) return script.size();
  size_t cut = script.find_last_of("\r\n", pos + window);
  return cut == std::string_view::npos || cut < pos ? script.size() : cut + 1;
}

}  // namespace

bool IsSemicolon(std::string_view script, const Token& t) {
  return t.kind == TokenKind::kOther && t.end == t.start + 1 && script[t.start] == ';';
}

Status ScanInWindows(std::string_view script, std::string_view file, const TokenSink& each,
                     size_t window) {
  const size_t base_window = std::max<size_t>(window, 1);
  size_t pos = 0;
  window = base_window;
  while (pos < script.size()) {
    size_t end = WindowEnd(script, pos, window);
    bool last = end == script.size();
    auto tokens = ScanTokens(script.substr(pos, end - pos), file);
    if (!tokens.ok() && last) return Relocate(tokens.status(), script, pos);
    size_t keep = tokens.ok() ? tokens->size() : 0;
    while (!last && keep > 0 && !IsSemicolon(script.substr(pos), (*tokens)[keep - 1])) --keep;
    if (keep == 0 && !last) {
      window *= 2;
      continue;
    }
    for (size_t k = 0; k < keep; ++k) {
      Token t = (*tokens)[k];
      t.start += pos;
      t.end += pos;
      PGCRATE_RETURN_IF_ERROR(each(t));
    }
    pos = last ? script.size() : pos + (*tokens)[keep - 1].end;
    window = base_window;
  }
  return Status::Ok();
}

// Both scans go through ScanInWindows: a huge script never exists as one token list.
std::vector<Comment> ScanComments(std::string_view script) {
  std::vector<Comment> out;
  Status st = ScanInWindows(script, "", [&](const Token& t) {
    if (t.kind == TokenKind::kComment) {
      out.push_back({t.start, std::string(script.substr(t.start, t.end - t.start))});
    }
    return Status::Ok();
  });
  if (!st.ok()) out.clear();
  return out;
}

std::vector<Comment> ScanLongIdentifiers(std::string_view script, size_t max_bytes) {
  std::vector<Comment> out;
  Status st = ScanInWindows(script, "", [&](const Token& t) {
    if (t.kind != TokenKind::kIdentifier) return Status::Ok();
    std::string_view text = script.substr(t.start, t.end - t.start);
    size_t len = text.size() >= 2 && text.front() == '"' ? text.size() - 2 : text.size();
    if (len > max_bytes) out.push_back({t.start, std::string(text)});
    return Status::Ok();
  });
  if (!st.ok()) out.clear();
  return out;
}

}  // namespace pgcrate::sql

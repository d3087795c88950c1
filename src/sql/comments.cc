#include "sql/comments.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

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

std::vector<Comment> ScanComments(std::string_view script) {
  std::vector<Comment> out;
  auto tokens = ScanTokens(script);
  if (!tokens.ok()) return out;
  for (const Token& t : *tokens) {
    if (t.kind == TokenKind::kComment) {
      out.push_back({t.start, std::string(script.substr(t.start, t.end - t.start))});
    }
  }
  return out;
}

std::vector<Comment> ScanLongIdentifiers(std::string_view script, size_t max_bytes) {
  std::vector<Comment> out;
  auto tokens = ScanTokens(script);
  if (!tokens.ok()) return out;
  for (const Token& t : *tokens) {
    if (t.kind != TokenKind::kIdentifier) continue;
    std::string_view text = script.substr(t.start, t.end - t.start);
    size_t len = text.size() >= 2 && text.front() == '"' ? text.size() - 2 : text.size();
    if (len > max_bytes) out.push_back({t.start, std::string(text)});
  }
  return out;
}

}  // namespace pgcrate::sql

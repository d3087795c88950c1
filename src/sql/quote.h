#pragma once
// The one home of SQL quoting for text pgcrate writes (generated DDL, suggested commands, keys).
// Queries pgcrate runs bind values as parameters instead.

#include <string>
#include <string_view>

namespace pgcrate::sql {

// True when `word` is a keyword PostgreSQL's quote_ident() quotes (any category but UNRESERVED).
bool IsReservedKeyword(std::string_view word);
// Quotes an identifier exactly as PostgreSQL's quote_ident() does: left bare only when it is
// lower-case letters, digits and underscores, does not start with a digit, and is not a
// reserved keyword; otherwise double-quoted with embedded quotes doubled.
std::string QuoteIdent(std::string_view name);
// QuoteIdent(schema) + "." + QuoteIdent(name).
std::string QualifiedName(std::string_view schema, std::string_view name);
// A SQL string literal ('it''s'), with E'' and doubled backslashes when needed (as
// quote_literal()).
std::string QuoteLiteral(std::string_view value);

}  // namespace pgcrate::sql

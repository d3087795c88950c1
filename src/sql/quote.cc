#include "sql/quote.h"

#include <algorithm>
#include <array>

namespace pgcrate::sql {
namespace {

// Every keyword that is not UNRESERVED in some PostgreSQL of 14-18 (pg_get_keywords() catcode
// <> 'U'), sorted, so quoting matches the server's quote_ident() (a word that is such a keyword
// only on newer versions, e.g. json, is quoted on every version: always safe).
// tests/integration/quote_itest.cc compares this list with the running server's pg_get_keywords().
// clang-format off
constexpr std::array<std::string_view, 164> kKeywords = {
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
    "between", "bigint", "binary", "bit", "boolean", "both", "case", "cast", "char", "character",
    "check", "coalesce", "collate", "collation", "column", "concurrently", "constraint", "create",
    "cross", "current_catalog", "current_date", "current_role", "current_schema", "current_time",
    "current_timestamp", "current_user", "dec", "decimal", "default", "deferrable", "desc",
    "distinct", "do", "else", "end", "except", "exists", "extract", "false", "fetch", "float",
    "for", "foreign", "freeze", "from", "full", "grant", "greatest", "group", "grouping", "having",
    "ilike", "in", "initially", "inner", "inout", "int", "integer", "intersect", "interval",
    "into", "is", "isnull", "join", "json", "json_array", "json_arrayagg", "json_exists",
    "json_object", "json_objectagg", "json_query", "json_scalar", "json_serialize", "json_table",
    "json_value", "lateral", "leading", "least", "left", "like", "limit", "localtime",
    "localtimestamp", "merge_action", "national", "natural", "nchar", "none", "normalize", "not",
    "notnull", "null", "nullif", "numeric", "offset", "on", "only", "or", "order", "out", "outer",
    "overlaps", "overlay", "placing", "position", "precision", "primary", "real", "references",
    "returning", "right", "row", "select", "session_user", "setof", "similar", "smallint", "some",
    "substring", "symmetric", "system_user", "table", "tablesample", "then", "time", "timestamp",
    "to", "trailing", "treat", "trim", "true", "union", "unique", "user", "using", "values",
    "varchar", "variadic", "verbose", "when", "where", "window", "with", "xmlattributes",
    "xmlconcat", "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi",
    "xmlroot", "xmlserialize", "xmltable",
};
// clang-format on

bool IsPlainIdent(std::string_view name) {
  if (name.empty()) return false;
  if (!(name[0] >= 'a' && name[0] <= 'z') && name[0] != '_') return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return !IsReservedKeyword(name);
}

}  // namespace

bool IsReservedKeyword(std::string_view word) {
  return std::binary_search(kKeywords.begin(), kKeywords.end(), word);
}

std::string QuoteIdent(std::string_view name) {
  if (IsPlainIdent(name)) return std::string(name);
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string QualifiedName(std::string_view schema, std::string_view name) {
  return QuoteIdent(schema) + "." + QuoteIdent(name);
}

std::string QuoteLiteral(std::string_view value) {
  bool backslash = value.find('\\') != std::string_view::npos;
  std::string out = backslash ? "E'" : "'";
  for (char c : value) {
    if (c == '\'' || (c == '\\' && backslash)) out += c;
    out += c;
  }
  return out + "'";
}

}  // namespace pgcrate::sql

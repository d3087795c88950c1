#include "catalog/model.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace pgcrate::catalog {
namespace {

// Every keyword that is not UNRESERVED in PostgreSQL 14-17 (pg_get_keywords() catcode <> 'U'),
// sorted, so quoting matches the server's quote_ident().
constexpr std::array<std::string_view, 165> kKeywords = {
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "between",
    "bigint",
    "binary",
    "bit",
    "boolean",
    "both",
    "case",
    "cast",
    "char",
    "character",
    "check",
    "coalesce",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "dec",
    "decimal",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "exists",
    "extract",
    "false",
    "fetch",
    "float",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "greatest",
    "group",
    "grouping",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "inout",
    "int",
    "integer",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "join",
    "json",
    "json_array",
    "json_arrayagg",
    "json_exists",
    "json_object",
    "json_objectagg",
    "json_query",
    "json_scalar",
    "json_serialize",
    "json_table",
    "json_value",
    "lateral",
    "leading",
    "least",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "merge_action",
    "national",
    "natural",
    "nchar",
    "none",
    "normalize",
    "not",
    "notnull",
    "null",
    "nullif",
    "numeric",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "out",
    "outer",
    "overlaps",
    "overlay",
    "placing",
    "position",
    "precision",
    "primary",
    "real",
    "references",
    "returning",
    "right",
    "row",
    "select",
    "session_user",
    "setof",
    "similar",
    "smallint",
    "some",
    "substring",
    "symmetric",
    "system_user",
    "table",
    "tablesample",
    "then",
    "time",
    "timestamp",
    "to",
    "trailing",
    "treat",
    "trim",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "values",
    "varchar",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
    "xmlattributes",
    "xmlconcat",
    "xmlelement",
    "xmlexists",
    "xmlforest",
    "xmlnamespaces",
    "xmlparse",
    "xmlpi",
    "xmlroot",
    "xmlserialize",
    "xmltable",
    "",
};

bool IsKeyword(std::string_view word) {
  auto end = kKeywords.end() - 1;  // the trailing "" pads the array
  return std::binary_search(kKeywords.begin(), end, word);
}

bool IsPlainIdent(const std::string& name) {
  if (name.empty()) return false;
  if (!(name[0] >= 'a' && name[0] <= 'z') && name[0] != '_') return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return !IsKeyword(name);
}

bool InList(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

template <typename T>
void KeepSchemas(std::vector<T>& items, const std::vector<std::string>& include,
                 const std::vector<std::string>& exclude) {
  std::erase_if(items, [&](const T& item) {
    return (!include.empty() && !InList(include, item.schema)) || InList(exclude, item.schema);
  });
}

}  // namespace

std::string QuoteIdent(const std::string& name) {
  if (IsPlainIdent(name)) return name;
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string QualifiedName(const std::string& schema, const std::string& name) {
  return QuoteIdent(schema) + "." + QuoteIdent(name);
}

std::string QuoteLiteral(const std::string& value) {
  bool backslash = value.find('\\') != std::string::npos;
  std::string out = backslash ? "E'" : "'";
  for (char c : value) {
    if (c == '\'' || (c == '\\' && backslash)) out += c;
    out += c;
  }
  return out + "'";
}

ObjectKey TableKey(const Table& t) { return "table:" + QualifiedName(t.schema, t.name); }
ObjectKey ViewKey(const View& v) { return "view:" + QualifiedName(v.schema, v.name); }
ObjectKey TypeKey(const Type& t) { return "type:" + QualifiedName(t.schema, t.name); }
ObjectKey SequenceKey(const Sequence& s) { return "sequence:" + QualifiedName(s.schema, s.name); }
ObjectKey FunctionKey(const Function& f) {
  return "function:" + QualifiedName(f.schema, f.name) + "(" + f.identity_args + ")";
}

const Table* FindTable(const Catalog& c, const std::string& schema, const std::string& name) {
  for (const Table& t : c.tables) {
    if (t.schema == schema && t.name == name) return &t;
  }
  return nullptr;
}

const View* FindView(const Catalog& c, const std::string& schema, const std::string& name) {
  for (const View& v : c.views) {
    if (v.schema == schema && v.name == name) return &v;
  }
  return nullptr;
}

void FilterSchemas(Catalog& c, const std::vector<std::string>& include,
                   const std::vector<std::string>& exclude) {
  std::erase_if(c.schemas, [&](const Schema& s) {
    return (!include.empty() && !InList(include, s.name)) || InList(exclude, s.name);
  });
  KeepSchemas(c.extensions, include, exclude);
  KeepSchemas(c.types, include, exclude);
  KeepSchemas(c.sequences, include, exclude);
  KeepSchemas(c.tables, include, exclude);
  KeepSchemas(c.views, include, exclude);
  KeepSchemas(c.functions, include, exclude);
  std::erase_if(c.default_privileges, [&](const DefaultPrivilege& d) {
    if (d.schema.empty()) return !include.empty();
    return (!include.empty() && !InList(include, d.schema)) || InList(exclude, d.schema);
  });
}

}  // namespace pgcrate::catalog

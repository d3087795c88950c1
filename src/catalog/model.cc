#include "catalog/model.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "sql/quote.h"

namespace pgcrate::catalog {
namespace {

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

ObjectKey TableKey(const Table& t) { return "table:" + sql::QualifiedName(t.schema, t.name); }
ObjectKey ViewKey(const View& v) { return "view:" + sql::QualifiedName(v.schema, v.name); }
ObjectKey TypeKey(const Type& t) { return "type:" + sql::QualifiedName(t.schema, t.name); }
ObjectKey SequenceKey(const Sequence& s) {
  return "sequence:" + sql::QualifiedName(s.schema, s.name);
}
ObjectKey FunctionKey(const Function& f) {
  return "function:" + sql::QualifiedName(f.schema, f.name) + "(" + f.identity_args + ")";
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

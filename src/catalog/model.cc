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

void RemoveRelations(Catalog& c, const std::set<std::string>& relations,
                     const std::set<std::string>& prunable) {
  std::set<ObjectKey> gone;
  std::erase_if(c.tables, [&](const Table& t) {
    bool drop = relations.count(t.schema + "." + t.name) != 0;
    if (drop) gone.insert(TableKey(t));
    return drop;
  });
  std::erase_if(c.views, [&](const View& v) {
    bool drop = relations.count(v.schema + "." + v.name) != 0;
    if (drop) gone.insert(ViewKey(v));
    return drop;
  });
  for (auto it = c.depends_on.begin(); it != c.depends_on.end();) {
    if (gone.count(it->first) != 0) {
      it = c.depends_on.erase(it);
      continue;
    }
    for (const ObjectKey& k : gone) it->second.erase(k);
    ++it;
  }
  auto used = [&](const std::string& schema) {
    auto in = [&](const auto& list) {
      return std::any_of(list.begin(), list.end(),
                         [&](const auto& o) { return o.schema == schema; });
    };
    return in(c.tables) || in(c.views) || in(c.types) || in(c.sequences) || in(c.functions) ||
           in(c.extensions);
  };
  std::erase_if(c.schemas,
                [&](const Schema& s) { return prunable.count(s.name) != 0 && !used(s.name); });
}

}  // namespace pgcrate::catalog

#include "generate/grouping.h"

#include <functional>
#include <set>

namespace pgcrate::generate::internal {
namespace {

std::string Sanitize(const std::string& s) {
  std::string out;
  for (char ch : s) {
    bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
    out += ok ? ch : '_';
  }
  return out;
}

}  // namespace

Grouper::Grouper(const catalog::Catalog& c, const std::string& split_by, const diff::Plan& forward)
    : c_(c), split_by_(split_by) {
  for (const auto& s : c.schemas) schema_of_["schema:" + s.name] = s.name;
  for (const auto& e : c.extensions) schema_of_["extension:" + e.name] = e.schema;
  for (const auto& t : c.types) schema_of_[catalog::TypeKey(t)] = t.schema;
  for (const auto& s : c.sequences) schema_of_[catalog::SequenceKey(s)] = s.schema;
  for (const auto& t : c.tables) schema_of_[catalog::TableKey(t)] = t.schema;
  for (const auto& v : c.views) schema_of_[catalog::ViewKey(v)] = v.schema;
  for (const auto& f : c.functions) schema_of_[catalog::FunctionKey(f)] = f.schema;
  int position = 0;
  for (const auto& step : forward.steps) {
    std::string id = Of(step).id;
    // Views go after the last table they may use: their file takes its last position.
    if (id == "views") {
      first_seen_[id] = position;
    } else {
      first_seen_.emplace(id, position);
    }
    ++position;
  }
  // Extensions are needed by whatever comes first (operator classes, types): with one file
  // per schema they go into the earliest file.
  if (split_by_ == "schema") {
    for (const auto& step : forward.steps) {
      if (step.owner.rfind("extension:", 0) == 0) continue;
      first_group_ = Of(step);
      break;
    }
  }
}

std::string Grouper::SchemaOf(const catalog::ObjectKey& key) const {
  auto it = schema_of_.find(key);
  return it == schema_of_.end() ? "public" : it->second;
}

bool Grouper::DependsOnTable(const catalog::ObjectKey& key) const {
  std::set<catalog::ObjectKey> seen;
  std::function<bool(const catalog::ObjectKey&)> walk = [&](const catalog::ObjectKey& k) {
    if (!seen.insert(k).second) return false;
    auto it = c_.depends_on.find(k);
    if (it == c_.depends_on.end()) return false;
    for (const auto& d : it->second) {
      if (d.rfind("table:", 0) == 0 || walk(d)) return true;
    }
    return false;
  };
  return walk(key);
}

Group Grouper::Of(const diff::Step& step) const {
  Group g;
  if (split_by_ == "none") {
    g = {"all", "initial_schema", "the whole schema"};
  } else if (step.owner == "default_privileges") {
    // After every object: objects created later would start from them.
    g = {"default_privileges", "default_privileges", "default privileges (after every object)"};
  } else if (step.foreign_key) {
    g = {"fks", "foreign_keys", "foreign keys (after every table)"};
  } else if (split_by_ == "schema" && step.owner.rfind("extension:", 0) == 0 &&
             !first_group_.id.empty()) {
    return first_group_;
  } else if (split_by_ == "schema") {
    std::string schema = SchemaOf(step.owner);
    g = {"schema:" + schema, Sanitize(schema), "schema " + schema};
  } else if (step.owner.rfind("table:", 0) == 0) {
    std::string name = step.owner.substr(6);
    g = {step.owner, Sanitize(name), "table " + name};
  } else if (step.owner.rfind("view:", 0) == 0 || DependsOnTable(step.owner)) {
    g = {"views", "views", "views and functions that use tables"};
  } else {
    g = {"types", "types", "schemas, extensions, types, sequences and functions"};
  }
  auto it = first_seen_.find(g.id);
  g.order = it == first_seen_.end() ? 0 : it->second;
  if (g.id == "fks") g.order = 1 << 30;  // foreign keys always last
  if (g.id == "default_privileges") g.order = (1 << 30) + 1;
  return g;
}

}  // namespace pgcrate::generate::internal

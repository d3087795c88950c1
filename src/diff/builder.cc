#include "diff/builder.h"

#include <algorithm>
#include <utility>

#include "sql/quote.h"

namespace pgcrate::diff::internal {

namespace {

using Entry = std::pair<int, catalog::ObjectKey>;

// A member of a dependency cycle among the `waiting` objects, reached from `start`.
Entry CycleMember(Entry start, const std::set<Entry>& waiting,
                  const std::map<catalog::ObjectKey, int>& keys,
                  const std::map<catalog::ObjectKey, std::set<catalog::ObjectKey>>& deps) {
  std::set<catalog::ObjectKey> seen;
  Entry at = std::move(start);
  while (seen.insert(at.second).second) {
    auto it = deps.find(at.second);
    std::set<Entry> unmet;
    if (it != deps.end()) {
      for (const auto& d : it->second) {
        auto k = keys.find(d);
        if (k != keys.end() && waiting.count({k->second, d})) unmet.insert({k->second, d});
      }
    }
    if (unmet.empty()) return at;
    at = *unmet.begin();
  }
  return at;
}

}  // namespace

namespace {

std::string NameKey(const std::string& schema, const std::string& name) {
  return schema + '\x1f' + name;
}

}  // namespace

CatalogIndex::CatalogIndex(const catalog::Catalog& c) {
  for (const auto& t : c.tables) {
    tables_[NameKey(t.schema, t.name)] = &t;
    qualified_tables_[sql::QualifiedName(t.schema, t.name)] = &t;
  }
  for (const auto& v : c.views) views_[NameKey(v.schema, v.name)] = &v;
  for (const auto& t : c.types) types_[NameKey(t.schema, t.name)] = &t;
  for (const auto& q : c.sequences) sequences_[NameKey(q.schema, q.name)] = &q;
  for (const auto& f : c.functions) functions_[catalog::FunctionKey(f)] = &f;
}

const catalog::Table* CatalogIndex::table(const std::string& schema,
                                          const std::string& name) const {
  return Get(tables_, NameKey(schema, name));
}
const catalog::Table* CatalogIndex::table(const std::string& qualified) const {
  return Get(qualified_tables_, qualified);
}
const catalog::View* CatalogIndex::view(const std::string& schema, const std::string& name) const {
  return Get(views_, NameKey(schema, name));
}
const catalog::Type* CatalogIndex::type(const std::string& schema, const std::string& name) const {
  return Get(types_, NameKey(schema, name));
}
const catalog::Sequence* CatalogIndex::sequence(const std::string& schema,
                                                const std::string& name) const {
  return Get(sequences_, NameKey(schema, name));
}
const catalog::Function* CatalogIndex::function(const catalog::Function& like) const {
  return Get(functions_, catalog::FunctionKey(like));
}

std::vector<catalog::ObjectKey> TopologicalOrder(
    const std::map<catalog::ObjectKey, int>& keys,
    const std::map<catalog::ObjectKey, std::set<catalog::ObjectKey>>& deps) {
  std::map<catalog::ObjectKey, int> pending;  // unsatisfied dependency counts
  std::map<catalog::ObjectKey, std::vector<catalog::ObjectKey>> dependents;
  for (const auto& [key, rank] : keys) {
    pending[key] = 0;
    auto it = deps.find(key);
    if (it == deps.end()) continue;
    for (const auto& dep : it->second) {
      if (dep == key || !keys.count(dep)) continue;
      ++pending[key];
      dependents[dep].push_back(key);
    }
  }
  std::set<std::pair<int, catalog::ObjectKey>> ready, waiting;
  for (const auto& [key, n] : pending) (n == 0 ? ready : waiting).insert({keys.at(key), key});
  std::vector<catalog::ObjectKey> order;
  while (!ready.empty() || !waiting.empty()) {
    if (ready.empty()) {  // a cycle: walk unmet dependencies until one repeats
      ready.insert(CycleMember(*waiting.begin(), waiting, keys, deps));
      waiting.erase(*ready.begin());
    }
    auto [rank, key] = *ready.begin();
    ready.erase(ready.begin());
    order.push_back(key);
    for (const auto& d : dependents[key]) {
      if (--pending[d] == 0 && waiting.erase({keys.at(d), d})) ready.insert({keys.at(d), d});
    }
  }
  return order;
}

bool SameShape(const catalog::Table& a, const catalog::Table& b) {
  return a.partitioned == b.partitioned && a.partition_key == b.partition_key &&
         a.parent == b.parent && a.partition_bound == b.partition_bound;
}

const catalog::Column* ColumnOf(const catalog::Table& t, const std::string& name) {
  for (const catalog::Column& c : t.columns) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

bool HasChildren(const catalog::Catalog& c, const std::string& rel) {
  return std::any_of(c.tables.begin(), c.tables.end(),
                     [&](const catalog::Table& t) { return t.parent == rel; });
}

void Builder::Emit(Bucket b, const std::string& sql, const catalog::ObjectKey& owner,
                   bool destructive) {
  if (sql.empty()) return;
  buckets_[b].push_back({.sql = sql, .destructive = destructive, .owner = owner});
}

void Builder::EmitUnit(Bucket b, const catalog::ObjectKey& key, Rank rank, const std::string& sql,
                       bool destructive) {
  if (sql.empty()) return;
  Unit& u = units_[b][key];
  u.rank = rank;
  u.steps.push_back({.sql = sql, .destructive = destructive, .owner = key});
}

void Builder::EmitForeignKey(Bucket b, const std::string& sql, const catalog::ObjectKey& owner) {
  buckets_[b].push_back({.sql = sql, .owner = owner, .foreign_key = true});
}

void Builder::Note(const std::string& kind, char action, const std::string& object,
                   const std::string& detail) {
  changes_.push_back({kind, action, object, detail});
}

std::vector<Step> Builder::Ordered(Bucket b, bool reverse) const {
  std::map<catalog::ObjectKey, int> keys;
  for (const auto& [key, unit] : units_[b]) keys[key] = unit.rank;
  const catalog::Catalog& graph = reverse ? from_ : to_;
  std::vector<catalog::ObjectKey> order = TopologicalOrder(keys, graph.depends_on);
  if (reverse) std::reverse(order.begin(), order.end());
  std::vector<Step> steps;
  for (const auto& key : order) {
    const auto& unit = units_[b].at(key);
    steps.insert(steps.end(), unit.steps.begin(), unit.steps.end());
  }
  return steps;
}

Plan Builder::Build() {
  PlanSchemasAndExtensions(*this);
  PlanTypes(*this);
  PlanSequences(*this);
  PlanFunctions(*this);
  PlanTables(*this);
  PlanViews(*this);
  PlanPrivileges(*this);
  PlanDefaultPrivileges(*this);
  Plan plan;
  plan.changes = changes_;
  for (int b = 0; b < kBucketCount; ++b) {
    bool units = b == kDropViews || b == kDropObjects || b == kCreateObjects;
    std::vector<Step> steps =
        units ? Ordered(static_cast<Bucket>(b), b != kCreateObjects) : buckets_[b];
    plan.steps.insert(plan.steps.end(), steps.begin(), steps.end());
  }
  return plan;
}

}  // namespace pgcrate::diff::internal

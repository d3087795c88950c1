// The planner's working state (internal to diff/): statements collected into ordered
// buckets, with the create/drop buckets made of per-object units that are sorted by the
// dependency graph when the plan is assembled.
#pragma once

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "catalog/model.h"
#include "diff/planner.h"

namespace pgcrate::diff::internal {

// The element of `items` called `name`, or null.
template <typename T>
const T* Named(const std::vector<T>& items, const std::string& name) {
  for (const T& item : items) {
    if (item.name == name) return &item;
  }
  return nullptr;
}

enum Bucket {
  kDropDefaultPrivileges,  // default privileges in schemas that go: revoked before the drop
  kDropTriggers,           // triggers and policies that go or change
  kDropForeignKeys,        // foreign keys that go or change, and those of dropped tables
  kDropViews,              // units: views dropped or re-created (reverse dependency order)
  kDropConstraints,        // other constraints and indexes that go or change
  kDropColumns,            // columns that go
  kDropObjects,            // units: tables, functions, sequences, types (reverse dependency order)
  kDropNamespaces,         // extensions, then schemas
  kCreateNamespaces,       // schemas, then extensions
  kCreateObjects,          // units: types, sequences, functions, tables, views (dependency order)
  kAddConstraints,         // non-FK constraints on existing tables, validations
  kAddIndexes,
  kAddForeignKeys,
  kAddTriggers,        // triggers, their enabled state, policies, row security
  kPost,               // sequence ownership, comments
  kPrivileges,         // owners, then GRANT/REVOKE, once every object exists
  kDefaultPrivileges,  // ALTER DEFAULT PRIVILEGES last (as pg_dump), so the objects created
                       // above start from the defaults the plan assumes
  kBucketCount,
};

// Rank breaks ties between units with no dependency between them: types first, views last.
enum Rank { kRankType = 0, kRankSequence = 1, kRankFunction = 2, kRankTable = 3, kRankView = 4 };

// Objects of one catalog by name, so that comparing two catalogs stays linear.
class CatalogIndex {
 public:
  explicit CatalogIndex(const catalog::Catalog& c);
  const catalog::Table* table(const std::string& schema, const std::string& name) const;
  // By QualifiedName() form, e.g. "public.users" (as in Sequence::owned_table).
  const catalog::Table* table(const std::string& qualified) const;
  const catalog::View* view(const std::string& schema, const std::string& name) const;
  const catalog::Type* type(const std::string& schema, const std::string& name) const;
  const catalog::Sequence* sequence(const std::string& schema, const std::string& name) const;
  const catalog::Function* function(const catalog::Function& like) const;

 private:
  template <typename T>
  static const T* Get(const std::unordered_map<std::string, const T*>& m, const std::string& k) {
    auto it = m.find(k);
    return it == m.end() ? nullptr : it->second;
  }
  std::unordered_map<std::string, const catalog::Table*> tables_, qualified_tables_;
  std::unordered_map<std::string, const catalog::View*> views_;
  std::unordered_map<std::string, const catalog::Type*> types_;
  std::unordered_map<std::string, const catalog::Sequence*> sequences_;
  std::unordered_map<std::string, const catalog::Function*> functions_;
};

class Builder {
 public:
  Builder(const catalog::Catalog& from, const catalog::Catalog& to)
      : from_(from), to_(to), from_index_(from), to_index_(to) {}
  Plan Build();

  void Emit(Bucket b, const std::string& sql, const catalog::ObjectKey& owner,
            bool destructive = false);
  // Appends to the unit of `key` in a unit bucket (kDropViews, kDropObjects, kCreateObjects).
  void EmitUnit(Bucket b, const catalog::ObjectKey& key, Rank rank, const std::string& sql,
                bool destructive = false);
  void EmitForeignKey(Bucket b, const std::string& sql, const catalog::ObjectKey& owner);
  void Note(const std::string& kind, char action, const std::string& object,
            const std::string& detail = "");

  const catalog::Catalog& from() const { return from_; }
  const catalog::Catalog& to() const { return to_; }
  const CatalogIndex& in_from() const { return from_index_; }
  const CatalogIndex& in_to() const { return to_index_; }
  // Objects whose drop or replacement forces dependent views to be re-created.
  std::set<catalog::ObjectKey>& invalidated() { return invalidated_; }
  // Objects (and "column:<table>.<column>" keys) that the plan drops and creates again: they
  // lose their owner and privileges, so those are planned as for new objects.
  std::set<catalog::ObjectKey>& recreated() { return recreated_; }

 private:
  struct Unit {
    Rank rank = kRankTable;
    std::vector<Step> steps;
  };
  std::vector<Step> Ordered(Bucket b, bool reverse) const;

  const catalog::Catalog& from_;
  const catalog::Catalog& to_;
  CatalogIndex from_index_, to_index_;
  std::vector<Change> changes_;
  std::vector<Step> buckets_[kBucketCount];
  std::map<catalog::ObjectKey, Unit> units_[kBucketCount];
  std::set<catalog::ObjectKey> invalidated_;
  std::set<catalog::ObjectKey> recreated_;
};

// True when a table keeps its kind, partitioning and parent (else it is re-created).
bool SameShape(const catalog::Table& a, const catalog::Table& b);
// The column `name` of `t`, nullptr when it has none.
const catalog::Column* ColumnOf(const catalog::Table& t, const std::string& name);
// True when some table of `c` inherits from (or is a partition of) the quoted name `rel`.
bool HasChildren(const catalog::Catalog& c, const std::string& rel);

// The per-kind comparisons; each notes its changes and emits its statements.
void PlanSchemasAndExtensions(Builder& b);
void PlanTypes(Builder& b);
void PlanSequences(Builder& b);
void PlanFunctions(Builder& b);
void PlanTables(Builder& b);
// Triggers of one table or view (`key`, quoted `rel`, `display` name for changes).
void PlanTriggersOf(Builder& b, const std::string& key, const std::string& rel,
                    const std::string& display, const std::vector<catalog::Trigger>& from,
                    const std::vector<catalog::Trigger>& to);
void PlanPoliciesOf(Builder& b, const catalog::Table& from, const catalog::Table& to);
// Must run after the others: it re-creates views invalidated by the other steps.
void PlanViews(Builder& b);
// Owners, privileges and default privileges; runs last (it needs recreated()).
void PlanPrivileges(Builder& b);
void PlanDefaultPrivileges(Builder& b);

// Topological order of `keys` under `deps` (dependent -> dependencies): dependencies first,
// ties by (rank, key); a cycle is broken at its smallest member.
std::vector<catalog::ObjectKey> TopologicalOrder(
    const std::map<catalog::ObjectKey, int>& keys,
    const std::map<catalog::ObjectKey, std::set<catalog::ObjectKey>>& deps);

}  // namespace pgcrate::diff::internal

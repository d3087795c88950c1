// Building the diagram model from a catalog (partitions folded, external tables added) and its
// JSON form. The Mermaid and DOT renderers are erd_mermaid.cc and erd_dot.cc.
#include "inspect/erd.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "base/strings.h"
#include "sql/quote.h"

namespace pgcrate::inspect {
namespace {

using catalog::ConstraintType;
using catalog::Table;
using ColumnSet = std::set<std::string>;

// The key facts of one drawn table, gathered before its columns are chosen.
struct Keys {
  ColumnSet primary, foreign, unique;
  std::vector<ColumnSet> unique_sets;  // the PK and each UNIQUE constraint
};

class Builder {
 public:
  Builder(const catalog::Catalog& all, const ErdOptions& options) : options_(options) {
    // regclass::text, as the catalog's ref_table and parent are written.
    for (const Table& t : all.tables) by_name_[sql::QualifiedName(t.schema, t.name)] = &t;
  }

  // `shown`: the tables of the catalog given to the constructor that are drawn, in order.
  Erd Build(const std::vector<const Table*>& shown) {
    for (const Table* t : shown) {
      if (!IsPartition(*t)) NodeFor(*t, false);
    }
    for (const Table* t : shown) AddTable(*t);
    for (size_t i = 0; i < erd_.tables.size(); ++i) FillColumns(i);
    for (ErdForeignKey& fk : erd_.foreign_keys) Characterize(fk);
    return std::move(erd_);
  }

 private:
  static bool IsPartition(const Table& t) { return !t.partition_bound.empty(); }

  const Table* Find(const std::string& regclass) const {
    auto it = by_name_.find(regclass);
    return it == by_name_.end() ? nullptr : it->second;
  }

  // The partitioned table a partition (of any depth) belongs to; `t` itself otherwise.
  const Table& Root(const Table& t) const {
    const Table* r = &t;
    for (int depth = 0; IsPartition(*r) && depth < 64; ++depth) {
      const Table* parent = Find(r->parent);
      if (parent == nullptr) break;
      r = parent;
    }
    return *r;
  }

  size_t NodeFor(const Table& t, bool external) {
    auto [it, added] = node_of_.emplace(&t, erd_.tables.size());
    if (added) {
      ErdTable node;
      node.schema = t.schema;
      node.name = t.name;
      node.partitioned = t.partitioned;
      node.external = external;
      erd_.tables.push_back(std::move(node));
      tables_.push_back(&t);
      keys_.emplace_back();
    }
    return it->second;
  }

  // A node for a table reached through a partition or an FK: external unless drawn already.
  size_t NodeReached(const Table& t) { return NodeFor(t, true); }

  void AddTable(const Table& t) {
    const Table& root = Root(t);
    size_t node = NodeReached(root);
    if (&root != &t) ++erd_.tables[node].partitions;
    for (const catalog::Constraint& k : t.constraints) {
      if (k.type == ConstraintType::kForeignKey) {
        if (k.is_local) AddForeignKey(node, k);
      } else if (&root == &t) {
        AddKey(keys_[node], k);
      }
    }
  }

  static void AddKey(Keys& keys, const catalog::Constraint& k) {
    if (k.type != ConstraintType::kPrimaryKey && k.type != ConstraintType::kUnique) return;
    ColumnSet& into = k.type == ConstraintType::kPrimaryKey ? keys.primary : keys.unique;
    into.insert(k.columns.begin(), k.columns.end());
    keys.unique_sets.emplace_back(k.columns.begin(), k.columns.end());
  }

  void AddForeignKey(size_t from, const catalog::Constraint& k) {
    const Table* ref = Find(k.ref_table);
    if (ref == nullptr) return;  // a table the catalog leaves out (an extension's)
    size_t to = NodeReached(Root(*ref));
    keys_[from].foreign.insert(k.columns.begin(), k.columns.end());
    auto key = std::make_tuple(from, to, k.columns, k.ref_columns);
    auto [it, added] = edge_of_.emplace(key, erd_.foreign_keys.size());
    if (!added) {
      erd_.foreign_keys[it->second].names.push_back(k.name);
      return;
    }
    ErdForeignKey fk;
    fk.names = {k.name};
    fk.from = from;
    fk.to = to;
    fk.columns = k.columns;
    fk.ref_columns = k.ref_columns;
    erd_.foreign_keys.push_back(std::move(fk));
  }

  void FillColumns(size_t i) {
    ErdTable& node = erd_.tables[i];
    if (node.external) return;
    const Keys& keys = keys_[i];
    for (const catalog::Column& c : tables_[i]->columns) {
      ErdColumn col{.name = c.name,
                    .type = c.type,
                    .not_null = c.not_null,
                    .primary_key = keys.primary.count(c.name) != 0,
                    .foreign_key = keys.foreign.count(c.name) != 0,
                    .unique = keys.unique.count(c.name) != 0};
      bool key = col.primary_key || col.foreign_key || col.unique;
      if (key || options_.columns == ErdColumns::kAll) node.columns.push_back(std::move(col));
    }
  }

  void Characterize(ErdForeignKey& fk) const {
    const Table& child = *tables_[fk.from];
    const Keys& keys = keys_[fk.from];
    ColumnSet cols(fk.columns.begin(), fk.columns.end());
    for (const catalog::Column& c : child.columns) {
      if (cols.count(c.name) != 0 && !c.not_null) fk.optional = true;
    }
    fk.one_to_one =
        std::find(keys.unique_sets.begin(), keys.unique_sets.end(), cols) != keys.unique_sets.end();
  }

  const ErdOptions& options_;
  std::map<std::string, const Table*> by_name_;
  std::map<const Table*, size_t> node_of_;
  std::map<std::tuple<size_t, size_t, std::vector<std::string>, std::vector<std::string>>, size_t>
      edge_of_;
  Erd erd_;
  std::vector<const Table*> tables_;  // per node
  std::vector<Keys> keys_;            // per node
};

nlohmann::ordered_json TableJson(const ErdTable& t) {
  nlohmann::ordered_json columns = nlohmann::ordered_json::array();
  for (const ErdColumn& c : t.columns) {
    columns.push_back({{"name", c.name},
                       {"type", c.type},
                       {"not_null", c.not_null},
                       {"primary_key", c.primary_key},
                       {"foreign_key", c.foreign_key},
                       {"unique", c.unique}});
  }
  return {{"schema", t.schema},         {"name", t.name},         {"partitioned", t.partitioned},
          {"partitions", t.partitions}, {"external", t.external}, {"columns", columns}};
}

nlohmann::ordered_json EndJson(const ErdTable& t, const std::vector<std::string>& columns) {
  return {{"schema", t.schema}, {"table", t.name}, {"columns", columns}};
}

}  // namespace

Erd BuildErd(const catalog::Catalog& catalog, const ErdOptions& options) {
  // The schema filter is catalog::FilterSchemas's, applied to a copy of the tables; the
  // whole catalog stays available for FKs that leave the drawn schemas.
  catalog::Catalog filtered;
  filtered.tables = catalog.tables;
  catalog::FilterSchemas(filtered, options.schemas, options.exclude_schemas);
  std::set<std::pair<std::string, std::string>> names;
  for (const Table& t : filtered.tables) names.emplace(t.schema, t.name);
  std::vector<const Table*> shown;
  for (const Table& t : catalog.tables) {
    if (names.count({t.schema, t.name}) != 0) shown.push_back(&t);
  }
  return Builder(catalog, options).Build(shown);
}

std::string ColumnMapping(const ErdForeignKey& fk) {
  return base::Join(fk.columns, ", ") + " → " + base::Join(fk.ref_columns, ", ");
}

nlohmann::ordered_json ErdJson(const Erd& erd) {
  nlohmann::ordered_json tables = nlohmann::ordered_json::array();
  for (const ErdTable& t : erd.tables) tables.push_back(TableJson(t));
  nlohmann::ordered_json fks = nlohmann::ordered_json::array();
  for (const ErdForeignKey& fk : erd.foreign_keys) {
    fks.push_back({{"name", fk.names.front()},
                   {"constraints", fk.names},
                   {"from", EndJson(erd.tables[fk.from], fk.columns)},
                   {"to", EndJson(erd.tables[fk.to], fk.ref_columns)},
                   {"optional", fk.optional},
                   {"one_to_one", fk.one_to_one}});
  }
  return {{"tables", tables}, {"foreign_keys", fks}};
}

}  // namespace pgcrate::inspect

// Tables and everything on them: columns, constraints, indexes, triggers, policies, row
// security, comments.
#include <algorithm>
#include <functional>

#include "diff/builder.h"
#include "diff/sql_writer.h"
#include "sql/quote.h"

namespace pgcrate::diff::internal {
namespace {

using catalog::Column;
using catalog::Constraint;
using catalog::ConstraintType;
using catalog::Table;
using sql::QualifiedName;
using sql::QuoteIdent;

std::string Display(const Table& t) { return t.schema + "." + t.name; }

bool IsForeignKey(const Constraint& k) { return k.type == ConstraintType::kForeignKey; }

// Everything created with a new table besides the CREATE TABLE itself.
void EmitTableExtras(Builder& b, const Table& t, bool fresh) {
  std::string key = catalog::TableKey(t), rel = QualifiedName(t.schema, t.name);
  for (const Constraint& k : t.constraints) {
    if (!k.is_local) continue;
    if (IsForeignKey(k)) {
      b.EmitForeignKey(kAddForeignKeys, AddConstraint(t, k), key);
    } else if (!k.validated) {
      b.Emit(kAddConstraints, AddConstraint(t, k), key);
    }
  }
  for (const catalog::Index& x : t.indexes) {
    if (x.is_local && !x.is_constraint) b.Emit(kAddIndexes, CreateIndex(x), key);
  }
  for (const catalog::Trigger& g : t.triggers) {
    b.Emit(kAddTriggers, CreateTrigger(g), key);
    b.Emit(kAddTriggers, TriggerState(rel, g), key);
  }
  for (const catalog::Policy& p : t.policies) b.Emit(kAddTriggers, CreatePolicy(t, p), key);
  b.Emit(kAddTriggers, RowSecurity(t, t.rls_enabled, t.rls_forced), key);
  if (!fresh) return;
  if (!t.comment.empty()) b.Emit(kPost, Comment("TABLE " + rel, t.comment), key);
  for (const Column& c : t.columns) {
    if (!c.comment.empty() && c.is_local) {
      b.Emit(kPost, Comment("COLUMN " + rel + "." + QuoteIdent(c.name), c.comment), key);
    }
  }
}

void EmitSubComments(Builder& b, const Table& t) {
  std::string key = catalog::TableKey(t), rel = QualifiedName(t.schema, t.name);
  for (const Constraint& k : t.constraints) {
    if (!k.is_local || k.comment.empty()) continue;
    std::string sql = Comment("CONSTRAINT " + QuoteIdent(k.name) + " ON " + rel, k.comment);
    if (IsForeignKey(k)) {
      b.EmitForeignKey(kPost, sql, key);
    } else {
      b.Emit(kPost, sql, key);
    }
  }
  for (const catalog::Index& x : t.indexes) {
    if (x.is_local && !x.comment.empty()) {
      b.Emit(kPost, Comment("INDEX " + QualifiedName(t.schema, x.name), x.comment), key);
    }
  }
  for (const catalog::Trigger& g : t.triggers) {
    if (!g.comment.empty()) {
      b.Emit(kPost, Comment("TRIGGER " + QuoteIdent(g.name) + " ON " + rel, g.comment), key);
    }
  }
}

// True when an inherited column's default is not the one it inherits: a child can have its
// own, set after the column is inherited (as pg_dump does). Generated and identity
// columns are the parent's business.
bool OwnDefault(const Column& c, const Column* parent) {
  if (c.is_local || c.generated || c.identity != 0) return false;
  return c.default_expr != (parent ? parent->default_expr : "");
}

void CreateWholeTable(Builder& b, const Table& t) {
  b.Note("tables", '+', Display(t));
  b.recreated().insert(catalog::TableKey(t));
  b.EmitUnit(kCreateObjects, catalog::TableKey(t), kRankTable, CreateTable(t));
  // CREATE TABLE ... INHERITS / PARTITION OF copies the parent's defaults.
  const Table* parent = t.parent.empty() ? nullptr : b.in_to().table(t.parent);
  for (const Column& c : t.columns) {
    if (parent != nullptr && OwnDefault(c, ColumnOf(*parent, c.name))) {
      b.EmitUnit(kCreateObjects, catalog::TableKey(t), kRankTable,
                 ColumnDefaultOnly(t, c.name, c.default_expr));
    }
  }
  EmitTableExtras(b, t, true);
  EmitSubComments(b, t);
}

void DropWholeTable(Builder& b, const Table& t) {
  b.Note("tables", '-', Display(t));
  std::string key = catalog::TableKey(t);
  for (const Constraint& k : t.constraints) {
    if (k.is_local && IsForeignKey(k))
      b.EmitForeignKey(kDropForeignKeys, DropConstraint(t, k.name), key);
  }
  b.EmitUnit(kDropObjects, key, kRankTable, "DROP TABLE " + QualifiedName(t.schema, t.name) + ";",
             true);
  b.invalidated().insert(key);
}

std::string ColumnDetail(const Column& a, const Column& b) {
  std::vector<std::string> parts;
  if (a.type != b.type) parts.push_back("type " + a.type + " -> " + b.type);
  if (a.collation != b.collation) {
    parts.push_back("collation " + (a.collation.empty() ? "default" : a.collation) + " -> " +
                    (b.collation.empty() ? "default" : b.collation));
  }
  if (a.default_expr != b.default_expr)
    parts.push_back("default " + a.default_expr + " -> " + b.default_expr);
  if (a.not_null != b.not_null) parts.push_back(b.not_null ? "set not null" : "drop not null");
  if (a.identity != b.identity || a.identity_options != b.identity_options)
    parts.push_back("identity");
  if (a.generated != b.generated) parts.push_back("generated");
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

// An inherited column's own default (its type and the rest follow the parent).
void PlanInheritedColumn(Builder& b, const Table& t, const Column* old, const Column& c) {
  if (old == nullptr || old->is_local || c.generated || c.identity != 0) return;
  if (old->default_expr == c.default_expr) return;
  b.Note("columns", '~', Display(t) + "." + c.name,
         "default " + old->default_expr + " -> " + c.default_expr);
  b.EmitUnit(kCreateObjects, catalog::TableKey(t), kRankTable,
             ColumnDefaultOnly(t, c.name, c.default_expr));
}

void PlanColumns(Builder& b, const Table& from, const Table& to) {
  std::string key = catalog::TableKey(to), rel = QualifiedName(to.schema, to.name);
  for (const Column& c : from.columns) {
    if (!c.is_local || Named(to.columns, c.name) != nullptr) continue;
    b.Note("columns", '-', Display(to) + "." + c.name);
    b.Emit(kDropColumns, DropColumn(to, c.name), key, true);
    b.invalidated().insert(key);
  }
  bool only = HasChildren(b.to(), rel) || HasChildren(b.from(), rel);
  for (const Column& c : to.columns) {
    if (!c.is_local) {
      PlanInheritedColumn(b, to, Named(from.columns, c.name), c);
      continue;
    }
    const Column* old = Named(from.columns, c.name);
    std::string name = Display(to) + "." + c.name;
    if (old == nullptr) {
      b.Note("columns", '+', name);
      b.EmitUnit(kCreateObjects, key, kRankTable, AddColumn(to, c));
    } else if (old->generated != c.generated ||
               (c.generated && old->default_expr != c.default_expr)) {
      b.Note("columns", '~', name, "generated expression");
      b.recreated().insert("column:" + rel + "." + QuoteIdent(c.name));
      b.Emit(kDropColumns, DropColumn(to, c.name), key, true);
      b.EmitUnit(kCreateObjects, key, kRankTable, AddColumn(to, c));
      b.invalidated().insert(key);
    } else if (std::string detail = ColumnDetail(*old, c); !detail.empty()) {
      b.Note("columns", '~', name, detail);
      bool retype = old->type != c.type || old->collation != c.collation;
      if (retype) b.invalidated().insert(key);
      for (const std::string& sql : AlterColumn(to, *old, c, only)) {
        b.EmitUnit(kCreateObjects, key, kRankTable, sql,
                   retype && sql.find(" TYPE ") != std::string::npos);
      }
    }
    if (old != nullptr && old->comment != c.comment) {
      b.Note("comments", '~', name);
      b.Emit(kPost, Comment("COLUMN " + rel + "." + QuoteIdent(c.name), c.comment), key);
    }
  }
}

// Tables whose primary key or unique constraints are re-created: foreign keys pointing at
// them have to be dropped and added around that.
std::set<std::string> TablesWithRecreatedKeys(const CatalogIndex& from,
                                              const catalog::Catalog& to) {
  std::set<std::string> out;
  for (const Table& t : to.tables) {
    const Table* old = from.table(t.schema, t.name);
    if (old == nullptr) continue;
    for (const Constraint& k : old->constraints) {
      if (k.type != ConstraintType::kPrimaryKey && k.type != ConstraintType::kUnique) continue;
      const Constraint* now = Named(t.constraints, k.name);
      if (now == nullptr || now->definition != k.definition)
        out.insert(QualifiedName(t.schema, t.name));
    }
  }
  return out;
}

bool OnlyValidationDiffers(const Constraint& a, const Constraint& b) {
  return !a.validated && b.validated && a.definition == b.definition + " NOT VALID";
}

void PlanConstraints(Builder& b, const Table& from, const Table& to,
                     const std::set<std::string>& rekeyed) {
  std::string key = catalog::TableKey(to);
  for (const Constraint& k : from.constraints) {
    if (!k.is_local) continue;
    const Constraint* now = Named(to.constraints, k.name);
    bool refresh = IsForeignKey(k) && rekeyed.count(k.ref_table);
    if (now != nullptr && now->definition == k.definition && !refresh) continue;
    if (now != nullptr && OnlyValidationDiffers(k, *now)) continue;
    if (now == nullptr) b.Note("constraints", '-', Display(to) + "." + k.name);
    if (IsForeignKey(k)) {
      b.EmitForeignKey(kDropForeignKeys, DropConstraint(to, k.name), key);
    } else {
      b.Emit(kDropConstraints, DropConstraint(to, k.name), key);
    }
  }
  for (const Constraint& k : to.constraints) {
    if (!k.is_local) continue;
    const Constraint* old = Named(from.constraints, k.name);
    bool refresh = IsForeignKey(k) && rekeyed.count(k.ref_table) && old != nullptr;
    if (old != nullptr && old->definition == k.definition && !refresh) continue;
    std::string name = Display(to) + "." + k.name;
    if (old != nullptr && OnlyValidationDiffers(*old, k)) {
      b.Note("constraints", '~', name, "validated");
      b.Emit(kAddConstraints, ValidateConstraint(to, k.name), key);
      continue;
    }
    if (old == nullptr || old->definition != k.definition) {
      b.Note("constraints", old == nullptr ? '+' : '~', name,
             old ? old->definition + " -> " + k.definition : "");
    }
    if (IsForeignKey(k)) {
      b.EmitForeignKey(kAddForeignKeys, AddConstraint(to, k), key);
    } else {
      b.Emit(kAddConstraints, AddConstraint(to, k), key);
    }
  }
}

void PlanIndexes(Builder& b, const Table& from, const Table& to) {
  std::string key = catalog::TableKey(to);
  for (const catalog::Index& x : from.indexes) {
    if (!x.is_local || x.is_constraint) continue;
    const catalog::Index* now = Named(to.indexes, x.name);
    if (now != nullptr && now->definition == x.definition && !now->is_constraint) continue;
    if (now == nullptr) b.Note("indexes", '-', to.schema + "." + x.name);
    b.Emit(kDropConstraints, DropIndex(to.schema, x.name), key);
  }
  for (const catalog::Index& x : to.indexes) {
    if (!x.is_local || x.is_constraint) continue;
    const catalog::Index* old = Named(from.indexes, x.name);
    if (old != nullptr && old->definition == x.definition && !old->is_constraint) continue;
    b.Note("indexes", old == nullptr ? '+' : '~', to.schema + "." + x.name);
    b.Emit(kAddIndexes, CreateIndex(x), key);
  }
}

}  // namespace

void PlanTables(Builder& b) {
  std::set<std::string> rekeyed = TablesWithRecreatedKeys(b.in_from(), b.to());
  for (const Table& t : b.from().tables) {
    const Table* now = b.in_to().table(t.schema, t.name);
    if (now == nullptr || !SameShape(t, *now)) DropWholeTable(b, t);
  }
  for (const Table& t : b.to().tables) {
    const Table* old = b.in_from().table(t.schema, t.name);
    if (old == nullptr || !SameShape(*old, t)) {
      CreateWholeTable(b, t);
      continue;
    }
    PlanColumns(b, *old, t);
    PlanConstraints(b, *old, t, rekeyed);
    PlanIndexes(b, *old, t);
    std::string rel = QualifiedName(t.schema, t.name);
    PlanTriggersOf(b, catalog::TableKey(t), rel, Display(t), old->triggers, t.triggers);
    PlanPoliciesOf(b, *old, t);
  }
}

}  // namespace pgcrate::diff::internal

// Parsers for the per-table sub-objects, sequences, functions and dependency edges.
#include <nlohmann/json.hpp>

#include "catalog/loader_internal.h"
#include "sql/quote.h"

namespace pgcrate::catalog::internal {
namespace {

ConstraintType ConstraintTypeOf(std::string_view t) {
  if (t == "p") return ConstraintType::kPrimaryKey;
  if (t == "u") return ConstraintType::kUnique;
  if (t == "f") return ConstraintType::kForeignKey;
  if (t == "x") return ConstraintType::kExclude;
  return ConstraintType::kCheck;
}

Table* TableOf(Catalog& c, const OidIndex& idx, uint32_t oid) {
  auto it = idx.tables.find(oid);
  return it == idx.tables.end() ? nullptr : &c.tables[it->second];
}

View* ViewOf(Catalog& c, const OidIndex& idx, uint32_t oid) {
  auto it = idx.views.find(oid);
  return it == idx.views.end() ? nullptr : &c.views[it->second];
}

// The object key of a dependency endpoint, "" when it is not part of the catalog.
std::string KeyOf(const Catalog& c, const OidIndex& idx, std::string_view kind, uint32_t oid) {
  if (kind == "f") {
    auto it = idx.functions.find(oid);
    return it == idx.functions.end() ? "" : FunctionKey(c.functions[it->second]);
  }
  if (kind == "t") {
    auto it = idx.types.find(oid);
    return it == idx.types.end() ? "" : TypeKey(c.types[it->second]);
  }
  if (auto it = idx.tables.find(oid); it != idx.tables.end()) return TableKey(c.tables[it->second]);
  if (auto it = idx.views.find(oid); it != idx.views.end()) return ViewKey(c.views[it->second]);
  if (auto it = idx.sequences.find(oid); it != idx.sequences.end()) {
    return SequenceKey(c.sequences[it->second]);
  }
  if (auto it = idx.composite_relids.find(oid); it != idx.composite_relids.end()) {
    return TypeKey(c.types[it->second]);
  }
  return "";
}

FunctionKind FunctionKindOf(std::string_view k) {
  if (k == "p") return FunctionKind::kProcedure;
  if (k == "a") return FunctionKind::kAggregate;
  if (k == "w") return FunctionKind::kWindow;
  return FunctionKind::kFunction;
}

// CREATE AGGREGATE for a normal aggregate (pg_get_functiondef does not do aggregates).
std::string AggregateDefinition(const pg::QueryResult& r, int i, const Function& f) {
  std::string def = "CREATE AGGREGATE " + sql::QualifiedName(f.schema, f.name) + "(" +
                    f.identity_args + ") (\n    SFUNC = " + r.str(i, 8) +
                    ",\n    STYPE = " + r.str(i, 9);
  if (r.text(i, 10) != "-") def += ",\n    FINALFUNC = " + r.str(i, 10);
  if (!r.is_null(i, 11) && !r.text(i, 11).empty()) {
    def += ",\n    INITCOND = " + sql::QuoteLiteral(r.str(i, 11));
  }
  if (r.text(i, 12) != "-") def += ",\n    COMBINEFUNC = " + r.str(i, 12);
  if (r.text(i, 13) != "0") {
    std::string op = r.str(i, 13);
    def += ",\n    SORTOP = OPERATOR(" + op.substr(0, op.find('(')) + ")";
  }
  if (r.text(i, 14) == "s") def += ",\n    PARALLEL = safe";
  if (r.text(i, 14) == "r") def += ",\n    PARALLEL = restricted";
  return def + "\n);";
}

}  // namespace

void ParseConstraints(const pg::QueryResult& r, Catalog& c, const OidIndex& idx) {
  for (int i = 0; i < r.rows(); ++i) {
    Table* t = TableOf(c, idx, Oid(r, i, 0));
    if (t == nullptr) continue;
    Constraint k;
    k.name = r.str(i, 1);
    k.type = ConstraintTypeOf(r.text(i, 2));
    k.definition = r.str(i, 3);
    k.deferrable = r.boolean(i, 4);
    k.deferred = r.boolean(i, 5);
    k.validated = r.boolean(i, 6);
    k.is_local = r.boolean(i, 7);
    k.columns = JsonStrings(r.text(i, 8));
    k.ref_table = r.str(i, 9);
    k.comment = r.str(i, 10);
    t->constraints.push_back(std::move(k));
  }
}

void ParseIndexes(const pg::QueryResult& r, Catalog& c, const OidIndex& idx) {
  for (int i = 0; i < r.rows(); ++i) {
    Index x;
    x.name = r.str(i, 1);
    x.definition = r.str(i, 2);
    x.method = r.str(i, 3);
    x.unique = r.boolean(i, 4);
    x.primary = r.boolean(i, 5);
    x.partial = r.boolean(i, 6);
    x.is_constraint = r.boolean(i, 7);
    x.is_local = r.boolean(i, 8);
    x.columns = JsonStrings(r.text(i, 9));
    x.comment = r.str(i, 10);
    if (Table* t = TableOf(c, idx, Oid(r, i, 0))) {
      t->indexes.push_back(std::move(x));
    } else if (View* v = ViewOf(c, idx, Oid(r, i, 0))) {
      v->indexes.push_back(std::move(x));
    }
  }
}

void ParseSequences(const pg::QueryResult& r, Catalog& c, OidIndex& idx) {
  for (int i = 0; i < r.rows(); ++i) {
    Sequence s;
    s.oid = Oid(r, i, 0);
    s.schema = r.str(i, 1);
    s.name = r.str(i, 2);
    s.type = r.str(i, 3);
    s.start = r.int64(i, 4);
    s.increment = r.int64(i, 5);
    s.min = r.int64(i, 6);
    s.max = r.int64(i, 7);
    s.cache = r.int64(i, 8);
    s.cycle = r.boolean(i, 9);
    if (const Table* t = TableOf(c, idx, Oid(r, i, 10))) {
      s.owned_table = sql::QualifiedName(t->schema, t->name);
      s.owned_column = r.str(i, 11);
      s.owned_by = t->schema + "." + t->name + "." + s.owned_column;
      s.is_identity = r.text(i, 12) == "i";
    }
    s.owner = r.str(i, 13);
    s.grants = ParseGrants(r.text(i, 14));
    s.comment = r.str(i, 15);
    idx.sequences[s.oid] = c.sequences.size();
    c.sequences.push_back(std::move(s));
  }
}

void ParseTriggers(const pg::QueryResult& r, Catalog& c, const OidIndex& idx) {
  for (int i = 0; i < r.rows(); ++i) {
    std::string_view enabled = r.text(i, 3);
    Trigger g{.name = r.str(i, 1),
              .definition = r.str(i, 2),
              .enabled = enabled.empty() ? 'O' : enabled[0],
              .is_constraint = r.boolean(i, 4),
              .function = r.str(i, 5),
              .comment = r.str(i, 6)};
    if (Table* t = TableOf(c, idx, Oid(r, i, 0))) {
      t->triggers.push_back(std::move(g));
    } else if (View* v = ViewOf(c, idx, Oid(r, i, 0))) {
      v->triggers.push_back(std::move(g));
    }
  }
}

void ParsePolicies(const pg::QueryResult& r, Catalog& c, const OidIndex& idx) {
  static const std::map<std::string, std::string> kCommands = {
      {"*", "ALL"}, {"r", "SELECT"}, {"a", "INSERT"}, {"w", "UPDATE"}, {"d", "DELETE"}};
  for (int i = 0; i < r.rows(); ++i) {
    Table* t = TableOf(c, idx, Oid(r, i, 0));
    if (t == nullptr) continue;
    auto cmd = kCommands.find(r.str(i, 2));
    t->policies.push_back({.name = r.str(i, 1),
                           .command = cmd == kCommands.end() ? "ALL" : cmd->second,
                           .permissive = r.boolean(i, 3),
                           .roles = JsonStrings(r.text(i, 4)),
                           .using_expr = r.str(i, 5),
                           .check_expr = r.str(i, 6)});
  }
}

void ParseFunctions(const pg::QueryResult& r, Catalog& c, OidIndex& idx) {
  for (int i = 0; i < r.rows(); ++i) {
    Function f;
    f.oid = Oid(r, i, 0);
    f.schema = r.str(i, 1);
    f.name = r.str(i, 2);
    f.kind = FunctionKindOf(r.text(i, 3));
    f.identity_args = r.str(i, 4);
    f.result = r.str(i, 5);
    f.language = r.str(i, 7);
    f.owner = r.str(i, 16);
    f.grants = ParseGrants(r.text(i, 17));
    f.comment = r.str(i, 18);
    f.definition = f.kind == FunctionKind::kAggregate ? AggregateDefinition(r, i, f) : r.str(i, 6);
    idx.functions[f.oid] = c.functions.size();
    c.functions.push_back(std::move(f));
  }
}

void ParseDependencies(const pg::QueryResult& r, Catalog& c, const OidIndex& idx) {
  for (int i = 0; i < r.rows(); ++i) {
    std::string from = KeyOf(c, idx, r.text(i, 0), Oid(r, i, 1));
    std::string to = KeyOf(c, idx, r.text(i, 2), Oid(r, i, 3));
    if (from.empty() || to.empty() || from == to) continue;
    c.depends_on[from].insert(to);
  }
  for (const Table& t : c.tables) {
    if (!t.parent.empty()) c.depends_on[TableKey(t)].insert("table:" + t.parent);
  }
}

}  // namespace pgcrate::catalog::internal

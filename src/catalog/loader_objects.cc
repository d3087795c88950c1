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

// Column indexes of the Functions query.
struct FunctionColumns {
  int oid, schema, name, kind, identity_args, result, definition, language, agg_sfunc, agg_stype,
      agg_finalfunc, agg_initcond, agg_combinefunc, agg_sortop, parallel, owner, grants, comment;
};

// CREATE AGGREGATE for a normal aggregate (pg_get_functiondef does not do aggregates).
std::string AggregateDefinition(const pg::QueryResult& r, int i, const FunctionColumns& k,
                                const Function& f) {
  std::string def = "CREATE AGGREGATE " + sql::QualifiedName(f.schema, f.name) + "(" +
                    f.identity_args + ") (\n    SFUNC = " + r.str(i, k.agg_sfunc) +
                    ",\n    STYPE = " + r.str(i, k.agg_stype);
  if (r.text(i, k.agg_finalfunc) != "-") def += ",\n    FINALFUNC = " + r.str(i, k.agg_finalfunc);
  if (!r.is_null(i, k.agg_initcond) && !r.text(i, k.agg_initcond).empty()) {
    def += ",\n    INITCOND = " + sql::QuoteLiteral(r.str(i, k.agg_initcond));
  }
  if (r.text(i, k.agg_combinefunc) != "-") {
    def += ",\n    COMBINEFUNC = " + r.str(i, k.agg_combinefunc);
  }
  if (r.text(i, k.agg_sortop) != "0") {
    std::string op = r.str(i, k.agg_sortop);
    def += ",\n    SORTOP = OPERATOR(" + op.substr(0, op.find('(')) + ")";
  }
  if (r.text(i, k.parallel) == "s") def += ",\n    PARALLEL = safe";
  if (r.text(i, k.parallel) == "r") def += ",\n    PARALLEL = restricted";
  return def + "\n);";
}

}  // namespace

Status ParseConstraints(const pg::QueryResult& r, Catalog& c, const OidIndex& idx) {
  pg::Columns col(r, "constraints");
  const int relid = col("relid"), name = col("name"), type = col("type"),
            definition = col("definition"), deferrable = col("deferrable"),
            deferred = col("deferred"), validated = col("validated"), is_local = col("is_local"),
            columns = col("columns"), ref_columns = col("ref_columns"),
            ref_table = col("ref_table"), comment = col("comment");
  PGCRATE_RETURN_IF_ERROR(col.status());
  for (int i = 0; i < r.rows(); ++i) {
    Table* t = TableOf(c, idx, Oid(r, i, relid));
    if (t == nullptr) continue;
    Constraint k;
    k.name = r.str(i, name);
    k.type = ConstraintTypeOf(r.text(i, type));
    k.definition = r.str(i, definition);
    k.deferrable = r.boolean(i, deferrable);
    k.deferred = r.boolean(i, deferred);
    k.validated = r.boolean(i, validated);
    k.is_local = r.boolean(i, is_local);
    k.columns = JsonStrings(r.text(i, columns));
    k.ref_table = r.str(i, ref_table);
    k.ref_columns = JsonStrings(r.text(i, ref_columns));
    k.comment = r.str(i, comment);
    t->constraints.push_back(std::move(k));
  }
  return Status::Ok();
}

Status ParseIndexes(const pg::QueryResult& r, Catalog& c, const OidIndex& idx) {
  pg::Columns col(r, "indexes");
  const int relid = col("relid"), name = col("name"), definition = col("definition"),
            method = col("method"), is_unique = col("is_unique"), is_primary = col("is_primary"),
            is_partial = col("is_partial"), is_constraint = col("is_constraint"),
            is_local = col("is_local"), columns = col("columns"), comment = col("comment");
  PGCRATE_RETURN_IF_ERROR(col.status());
  for (int i = 0; i < r.rows(); ++i) {
    Index x;
    x.name = r.str(i, name);
    x.definition = r.str(i, definition);
    x.method = r.str(i, method);
    x.unique = r.boolean(i, is_unique);
    x.primary = r.boolean(i, is_primary);
    x.partial = r.boolean(i, is_partial);
    x.is_constraint = r.boolean(i, is_constraint);
    x.is_local = r.boolean(i, is_local);
    x.columns = JsonStrings(r.text(i, columns));
    x.comment = r.str(i, comment);
    if (Table* t = TableOf(c, idx, Oid(r, i, relid))) {
      t->indexes.push_back(std::move(x));
    } else if (View* v = ViewOf(c, idx, Oid(r, i, relid))) {
      v->indexes.push_back(std::move(x));
    }
  }
  return Status::Ok();
}

Status ParseSequences(const pg::QueryResult& r, Catalog& c, OidIndex& idx) {
  pg::Columns col(r, "sequences");
  const int oid = col("oid"), schema = col("schema"), name = col("name"), type = col("type"),
            start = col("start_value"), increment = col("increment_by"), min = col("min_value"),
            max = col("max_value"), cache = col("cache_size"), cycle = col("cycle"),
            owned_relid = col("owned_by_relid"), owned_column = col("owned_by_column"),
            owned_deptype = col("owned_by_deptype"), owner = col("owner"), grants = col("grants"),
            comment = col("comment");
  PGCRATE_RETURN_IF_ERROR(col.status());
  for (int i = 0; i < r.rows(); ++i) {
    Sequence s;
    s.oid = Oid(r, i, oid);
    s.schema = r.str(i, schema);
    s.name = r.str(i, name);
    s.type = r.str(i, type);
    s.start = r.int64(i, start);
    s.increment = r.int64(i, increment);
    s.min = r.int64(i, min);
    s.max = r.int64(i, max);
    s.cache = r.int64(i, cache);
    s.cycle = r.boolean(i, cycle);
    if (const Table* t = TableOf(c, idx, Oid(r, i, owned_relid))) {
      s.owned_table = sql::QualifiedName(t->schema, t->name);
      s.owned_column = r.str(i, owned_column);
      s.owned_by = t->schema + "." + t->name + "." + s.owned_column;
      s.is_identity = r.text(i, owned_deptype) == "i";
    }
    s.owner = r.str(i, owner);
    s.grants = ParseGrants(r.text(i, grants));
    s.comment = r.str(i, comment);
    idx.sequences[s.oid] = c.sequences.size();
    c.sequences.push_back(std::move(s));
  }
  return Status::Ok();
}

Status ParseTriggers(const pg::QueryResult& r, Catalog& c, const OidIndex& idx) {
  pg::Columns col(r, "triggers");
  const int relid = col("relid"), name = col("name"), definition = col("definition"),
            enabled_col = col("enabled"), is_constraint = col("is_constraint"),
            function = col("function"), comment = col("comment");
  PGCRATE_RETURN_IF_ERROR(col.status());
  for (int i = 0; i < r.rows(); ++i) {
    std::string_view enabled = r.text(i, enabled_col);
    Trigger g{.name = r.str(i, name),
              .definition = r.str(i, definition),
              .enabled = enabled.empty() ? 'O' : enabled[0],
              .is_constraint = r.boolean(i, is_constraint),
              .function = r.str(i, function),
              .comment = r.str(i, comment)};
    if (Table* t = TableOf(c, idx, Oid(r, i, relid))) {
      t->triggers.push_back(std::move(g));
    } else if (View* v = ViewOf(c, idx, Oid(r, i, relid))) {
      v->triggers.push_back(std::move(g));
    }
  }
  return Status::Ok();
}

Status ParsePolicies(const pg::QueryResult& r, Catalog& c, const OidIndex& idx) {
  static const std::map<std::string, std::string> kCommands = {
      {"*", "ALL"}, {"r", "SELECT"}, {"a", "INSERT"}, {"w", "UPDATE"}, {"d", "DELETE"}};
  pg::Columns col(r, "policies");
  const int relid = col("relid"), name = col("name"), command = col("command"),
            permissive = col("permissive"), roles = col("roles"), using_expr = col("using_expr"),
            check_expr = col("check_expr");
  PGCRATE_RETURN_IF_ERROR(col.status());
  for (int i = 0; i < r.rows(); ++i) {
    Table* t = TableOf(c, idx, Oid(r, i, relid));
    if (t == nullptr) continue;
    auto cmd = kCommands.find(r.str(i, command));
    t->policies.push_back({.name = r.str(i, name),
                           .command = cmd == kCommands.end() ? "ALL" : cmd->second,
                           .permissive = r.boolean(i, permissive),
                           .roles = JsonStrings(r.text(i, roles)),
                           .using_expr = r.str(i, using_expr),
                           .check_expr = r.str(i, check_expr)});
  }
  return Status::Ok();
}

Status ParseFunctions(const pg::QueryResult& r, Catalog& c, OidIndex& idx) {
  pg::Columns col(r, "functions");
  const FunctionColumns k{
      .oid = col("oid"),
      .schema = col("schema"),
      .name = col("name"),
      .kind = col("kind"),
      .identity_args = col("identity_args"),
      .result = col("result"),
      .definition = col("definition"),
      .language = col("language"),
      .agg_sfunc = col("agg_sfunc"),
      .agg_stype = col("agg_stype"),
      .agg_finalfunc = col("agg_finalfunc"),
      .agg_initcond = col("agg_initcond"),
      .agg_combinefunc = col("agg_combinefunc"),
      .agg_sortop = col("agg_sortop"),
      .parallel = col("parallel"),
      .owner = col("owner"),
      .grants = col("grants"),
      .comment = col("comment"),
  };
  PGCRATE_RETURN_IF_ERROR(col.status());
  for (int i = 0; i < r.rows(); ++i) {
    Function f;
    f.oid = Oid(r, i, k.oid);
    f.schema = r.str(i, k.schema);
    f.name = r.str(i, k.name);
    f.kind = FunctionKindOf(r.text(i, k.kind));
    f.identity_args = r.str(i, k.identity_args);
    f.result = r.str(i, k.result);
    f.language = r.str(i, k.language);
    f.owner = r.str(i, k.owner);
    f.grants = ParseGrants(r.text(i, k.grants));
    f.comment = r.str(i, k.comment);
    f.definition = f.kind == FunctionKind::kAggregate ? AggregateDefinition(r, i, k, f)
                                                      : r.str(i, k.definition);
    idx.functions[f.oid] = c.functions.size();
    c.functions.push_back(std::move(f));
  }
  return Status::Ok();
}

Status ParseDependencies(const pg::QueryResult& r, Catalog& c, const OidIndex& idx) {
  pg::Columns col(r, "dependencies");
  const int from_kind = col("from_kind"), from_oid = col("from_oid"), to_kind = col("to_kind"),
            to_oid = col("to_oid");
  PGCRATE_RETURN_IF_ERROR(col.status());
  for (int i = 0; i < r.rows(); ++i) {
    std::string from = KeyOf(c, idx, r.text(i, from_kind), Oid(r, i, from_oid));
    std::string to = KeyOf(c, idx, r.text(i, to_kind), Oid(r, i, to_oid));
    if (from.empty() || to.empty() || from == to) continue;
    c.depends_on[from].insert(to);
  }
  for (const Table& t : c.tables) {
    if (!t.parent.empty()) c.depends_on[TableKey(t)].insert("table:" + t.parent);
  }
  return Status::Ok();
}

}  // namespace pgcrate::catalog::internal

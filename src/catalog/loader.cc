#include "catalog/loader.h"

#include <nlohmann/json.hpp>

#include "base/strings.h"
#include "catalog/loader_internal.h"
#include "catalog/queries.h"

namespace pgcrate::catalog {
namespace internal {

std::vector<std::string> JsonStrings(std::string_view text) {
  std::vector<std::string> out;
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (!doc.is_array()) return out;
  for (const auto& v : doc) out.push_back(v.is_string() ? v.get<std::string>() : v.dump());
  return out;
}

Grants ParseGrants(std::string_view text) {
  Grants out;
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (!doc.is_array()) return out;
  for (const auto& g : doc) {
    if (!g.is_array() || g.size() != 3) continue;
    out.push_back({.grantee = g[0].get<std::string>(),
                   .privilege = g[1].get<std::string>(),
                   .grantable = g[2].get<bool>()});
  }
  return out;
}

void ParseSession(const pg::QueryResult& r, Catalog& c) {
  if (r.rows() == 0) return;
  c.current_user = r.str(0, 0);
  c.database_owner = r.str(0, 1);
  c.public_owner = r.str(0, 2);
  c.public_grants = ParseGrants(r.text(0, 3));
  int col = 4;
  for (char kind : {'r', 's', 'f', 'T', 'n'})
    c.builtin_grants[kind] = ParseGrants(r.text(0, col++));
}

void ParseDefaultPrivileges(const pg::QueryResult& r, Catalog& c) {
  for (int i = 0; i < r.rows(); ++i) {
    std::string_view type = r.text(i, 2);
    c.default_privileges.push_back({.role = r.str(i, 0),
                                    .schema = r.str(i, 1),
                                    .object_type = type.empty() ? 'r' : type[0],
                                    .grants = ParseGrants(r.text(i, 3))});
  }
}

uint32_t Oid(const pg::QueryResult& r, int row, int col) {
  return static_cast<uint32_t>(r.int64(row, col));
}

void ParseSchemas(const pg::QueryResult& r, Catalog& c) {
  for (int i = 0; i < r.rows(); ++i) {
    c.schemas.push_back({.oid = Oid(r, i, 0),
                         .name = r.str(i, 1),
                         .owner = r.str(i, 2),
                         .comment = r.str(i, 4),
                         .grants = ParseGrants(r.text(i, 3))});
  }
}

void ParseExtensions(const pg::QueryResult& r, Catalog& c) {
  for (int i = 0; i < r.rows(); ++i) {
    c.extensions.push_back({.name = r.str(i, 0),
                            .schema = r.str(i, 1),
                            .version = r.str(i, 2),
                            .comment = r.str(i, 3)});
  }
}

TypeKind KindOf(std::string_view t) {
  if (t == "e") return TypeKind::kEnum;
  if (t == "d") return TypeKind::kDomain;
  if (t == "r") return TypeKind::kRange;
  return TypeKind::kComposite;
}

void ParseTypes(const pg::QueryResult& r, Catalog& c, OidIndex& idx) {
  for (int i = 0; i < r.rows(); ++i) {
    Type t;
    t.oid = Oid(r, i, 0);
    t.schema = r.str(i, 1);
    t.name = r.str(i, 2);
    t.kind = KindOf(r.text(i, 3));
    t.labels = JsonStrings(r.text(i, 4));
    t.base_type = r.str(i, 5);
    t.default_expr = r.str(i, 6);
    t.not_null = r.boolean(i, 7);
    t.collation = r.str(i, 8);
    auto checks = nlohmann::json::parse(r.text(i, 9), nullptr, false);
    if (checks.is_array()) {
      for (const auto& pair : checks) {
        t.checks.push_back({pair[0].get<std::string>(), pair[1].get<std::string>()});
      }
    }
    if (Oid(r, i, 10) != 0) idx.composite_relids[Oid(r, i, 10)] = c.types.size();
    t.owner = r.str(i, 11);
    t.grants = ParseGrants(r.text(i, 12));
    t.comment = r.str(i, 13);
    idx.types[t.oid] = c.types.size();
    c.types.push_back(std::move(t));
  }
}

void AddView(const pg::QueryResult& r, int i, Catalog& c, OidIndex& idx) {
  View v;
  v.oid = Oid(r, i, 0);
  v.schema = r.str(i, 1);
  v.name = r.str(i, 2);
  v.materialized = r.text(i, 3) == "m";
  for (const std::string& opt : base::Split(r.str(i, 8), ',')) {
    if (opt.empty()) continue;
    if (opt.rfind("check_option=", 0) == 0) {
      v.check_option = opt.substr(13);
    } else {
      v.options += (v.options.empty() ? "" : ",") + opt;
    }
  }
  v.owner = r.str(i, 11);
  v.grants = ParseGrants(r.text(i, 12));
  v.comment = r.str(i, 13);
  v.definition = r.str(i, 14);
  idx.views[v.oid] = c.views.size();
  c.views.push_back(std::move(v));
}

void AddTable(const pg::QueryResult& r, int i, Catalog& c, OidIndex& idx) {
  Table t;
  t.oid = Oid(r, i, 0);
  t.schema = r.str(i, 1);
  t.name = r.str(i, 2);
  t.partitioned = r.text(i, 3) == "p";
  t.unlogged = r.text(i, 4) == "u";
  t.partition_key = r.str(i, 5);
  t.partition_bound = r.str(i, 6);
  t.parent = r.str(i, 7);
  t.options = r.str(i, 8);
  t.rls_enabled = r.boolean(i, 9);
  t.rls_forced = r.boolean(i, 10);
  t.owner = r.str(i, 11);
  t.grants = ParseGrants(r.text(i, 12));
  t.comment = r.str(i, 13);
  t.row_estimate = r.int64(i, 15);
  idx.tables[t.oid] = c.tables.size();
  c.tables.push_back(std::move(t));
}

void ParseRelations(const pg::QueryResult& r, Catalog& c, OidIndex& idx) {
  for (int i = 0; i < r.rows(); ++i) {
    std::string_view kind = r.text(i, 3);
    if (kind == "v" || kind == "m") {
      AddView(r, i, c, idx);
    } else {
      AddTable(r, i, c, idx);
    }
  }
}

Column ColumnFromRow(const pg::QueryResult& r, int i) {
  Column col;
  col.name = r.str(i, 1);
  col.type = r.str(i, 2);
  col.collation = r.str(i, 3);
  col.default_expr = r.str(i, 4);
  col.not_null = r.boolean(i, 5);
  std::string_view identity = r.text(i, 6);
  col.identity = identity.empty() ? 0 : identity[0];
  col.generated = r.text(i, 7) == "s";
  col.is_local = r.boolean(i, 8);
  col.comment = r.str(i, 9);
  col.grants = ParseGrants(r.text(i, 10));
  col.inherited = r.boolean(i, 11);
  return col;
}

void ParseColumns(const pg::QueryResult& r, Catalog& c, const OidIndex& idx) {
  for (int i = 0; i < r.rows(); ++i) {
    uint32_t rel = Oid(r, i, 0);
    if (auto t = idx.tables.find(rel); t != idx.tables.end()) {
      c.tables[t->second].columns.push_back(ColumnFromRow(r, i));
    } else if (auto v = idx.views.find(rel); v != idx.views.end()) {
      c.views[v->second].columns.push_back(ColumnFromRow(r, i));
    } else if (auto ty = idx.composite_relids.find(rel); ty != idx.composite_relids.end()) {
      c.types[ty->second].attributes.push_back(ColumnFromRow(r, i));
    }
  }
}

}  // namespace internal

namespace {

using Parser = void (*)(const pg::QueryResult&, Catalog&, internal::OidIndex&);

Status RunQuery(pg::Connection& conn, const std::string& sql, const char* what, Catalog& c,
                internal::OidIndex& idx, Parser parse) {
  auto res = conn.Exec(sql);
  if (!res.ok()) {
    Status st = res.status();
    return st.Prefix(std::string("reading the catalog (") + what + "): ");
  }
  parse(res.value(), c, idx);
  return Status::Ok();
}

Status LoadAll(pg::Connection& conn, Catalog& c) {
  using namespace internal;
  OidIndex idx;
  struct Step {
    std::string sql;
    const char* what;
    Parser parse;
  };
  const Step steps[] = {
      {queries::Session(), "session", [](auto& r, auto& cat, auto&) { ParseSession(r, cat); }},
      {queries::Schemas(), "schemas", [](auto& r, auto& cat, auto&) { ParseSchemas(r, cat); }},
      {queries::Extensions(), "extensions",
       [](auto& r, auto& cat, auto&) { ParseExtensions(r, cat); }},
      {queries::Types(), "types", ParseTypes},
      {queries::Relations(), "relations", ParseRelations},
      {queries::Columns(), "columns", [](auto& r, auto& cat, auto& i) { ParseColumns(r, cat, i); }},
      {queries::Constraints(), "constraints",
       [](auto& r, auto& cat, auto& i) { ParseConstraints(r, cat, i); }},
      {queries::Indexes(), "indexes", [](auto& r, auto& cat, auto& i) { ParseIndexes(r, cat, i); }},
      {queries::Sequences(), "sequences", ParseSequences},
      {queries::Triggers(), "triggers",
       [](auto& r, auto& cat, auto& i) { ParseTriggers(r, cat, i); }},
      {queries::Policies(), "policies",
       [](auto& r, auto& cat, auto& i) { ParsePolicies(r, cat, i); }},
      {queries::Functions(), "functions", ParseFunctions},
      {queries::DefaultPrivileges(), "default privileges",
       [](auto& r, auto& cat, auto&) { ParseDefaultPrivileges(r, cat); }},
      {queries::Dependencies(), "dependencies",
       [](auto& r, auto& cat, auto& i) { ParseDependencies(r, cat, i); }},
  };
  for (const Step& s : steps)
    PGCRATE_RETURN_IF_ERROR(RunQuery(conn, s.sql, s.what, c, idx, s.parse));
  ResolveSequenceOwners(c, idx);
  return Status::Ok();
}

}  // namespace

Result<Catalog> Load(pg::Connection& conn) {
  auto tx = pg::Transaction::Begin(conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  if (!tx.ok()) return tx.status();
  PGCRATE_RETURN_IF_ERROR(conn.Run(
      "SET LOCAL search_path = ''; SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, MDY'; "
      "SET LOCAL IntervalStyle = 'postgres'; SET LOCAL extra_float_digits = 3"));
  Catalog c;
  c.server_version = conn.server_version();
  PGCRATE_RETURN_IF_ERROR(LoadAll(conn, c));
  PGCRATE_RETURN_IF_ERROR((*tx)->Commit());
  return c;
}

}  // namespace pgcrate::catalog

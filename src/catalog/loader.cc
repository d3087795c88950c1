#include "catalog/loader.h"

#include <iterator>
#include <nlohmann/json.hpp>
#include <utility>

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

Status ParseSession(const pg::QueryResult& r, Catalog& c) {
  static constexpr std::pair<char, const char*> kBuiltin[] = {{'r', "builtin_table_grants"},
                                                              {'s', "builtin_sequence_grants"},
                                                              {'f', "builtin_function_grants"},
                                                              {'T', "builtin_type_grants"},
                                                              {'n', "builtin_schema_grants"}};
  pg::Columns col(r, "session");
  const int user = col("user_name"), db_owner = col("database_owner"),
            public_owner = col("public_owner"), public_grants = col("public_grants");
  int builtin[std::size(kBuiltin)];
  for (size_t k = 0; k < std::size(kBuiltin); ++k) builtin[k] = col(kBuiltin[k].second);
  PGCRATE_RETURN_IF_ERROR(col.status());
  if (r.rows() == 0) return Status::Ok();
  c.current_user = r.str(0, user);
  c.database_owner = r.str(0, db_owner);
  c.public_owner = r.str(0, public_owner);
  c.public_grants = ParseGrants(r.text(0, public_grants));
  for (size_t k = 0; k < std::size(kBuiltin); ++k)
    c.builtin_grants[kBuiltin[k].first] = ParseGrants(r.text(0, builtin[k]));
  return Status::Ok();
}

Status ParseDefaultPrivileges(const pg::QueryResult& r, Catalog& c) {
  pg::Columns col(r, "default privileges");
  const int role = col("role"), schema = col("schema"), object_type = col("object_type"),
            grants = col("grants");
  PGCRATE_RETURN_IF_ERROR(col.status());
  for (int i = 0; i < r.rows(); ++i) {
    std::string_view type = r.text(i, object_type);
    c.default_privileges.push_back({.role = r.str(i, role),
                                    .schema = r.str(i, schema),
                                    .object_type = type.empty() ? 'r' : type[0],
                                    .grants = ParseGrants(r.text(i, grants))});
  }
  return Status::Ok();
}

uint32_t Oid(const pg::QueryResult& r, int row, int col) {
  return static_cast<uint32_t>(r.int64(row, col));
}

Status ParseSchemas(const pg::QueryResult& r, Catalog& c) {
  pg::Columns col(r, "schemas");
  const int oid = col("oid"), name = col("name"), owner = col("owner"), comment = col("comment"),
            grants = col("grants");
  PGCRATE_RETURN_IF_ERROR(col.status());
  for (int i = 0; i < r.rows(); ++i) {
    c.schemas.push_back({.oid = Oid(r, i, oid),
                         .name = r.str(i, name),
                         .owner = r.str(i, owner),
                         .comment = r.str(i, comment),
                         .grants = ParseGrants(r.text(i, grants))});
  }
  return Status::Ok();
}

Status ParseExtensions(const pg::QueryResult& r, Catalog& c) {
  pg::Columns col(r, "extensions");
  const int name = col("name"), schema = col("schema"), version = col("version"),
            comment = col("comment");
  PGCRATE_RETURN_IF_ERROR(col.status());
  for (int i = 0; i < r.rows(); ++i) {
    c.extensions.push_back({.name = r.str(i, name),
                            .schema = r.str(i, schema),
                            .version = r.str(i, version),
                            .comment = r.str(i, comment)});
  }
  return Status::Ok();
}

TypeKind KindOf(std::string_view t) {
  if (t == "e") return TypeKind::kEnum;
  if (t == "d") return TypeKind::kDomain;
  if (t == "r") return TypeKind::kRange;
  return TypeKind::kComposite;
}

namespace {

// Column indexes of the Types query.
struct TypeColumns {
  int oid, schema, name, kind, labels, base_type, default_expr, not_null, collation, checks, relid,
      owner, grants, comment;
};

Type TypeFromRow(const pg::QueryResult& r, int i, const TypeColumns& k) {
  Type t;
  t.oid = Oid(r, i, k.oid);
  t.schema = r.str(i, k.schema);
  t.name = r.str(i, k.name);
  t.kind = KindOf(r.text(i, k.kind));
  t.labels = JsonStrings(r.text(i, k.labels));
  t.base_type = r.str(i, k.base_type);
  t.default_expr = r.str(i, k.default_expr);
  t.not_null = r.boolean(i, k.not_null);
  t.collation = r.str(i, k.collation);
  auto checks = nlohmann::json::parse(r.text(i, k.checks), nullptr, false);
  if (checks.is_array()) {
    for (const auto& pair : checks) {
      t.checks.push_back({pair[0].get<std::string>(), pair[1].get<std::string>()});
    }
  }
  t.owner = r.str(i, k.owner);
  t.grants = ParseGrants(r.text(i, k.grants));
  t.comment = r.str(i, k.comment);
  return t;
}

// Column indexes of the Relations query (tables, partitioned tables, views, mat. views).
struct RelationColumns {
  int oid, schema, name, kind, persistence, partition_key, partition_bound, parent, options,
      rls_enabled, rls_forced, owner, grants, comment, view_definition, row_estimate, pages;
};

void AddView(const pg::QueryResult& r, int i, const RelationColumns& k, Catalog& c, OidIndex& idx) {
  View v;
  v.oid = Oid(r, i, k.oid);
  v.schema = r.str(i, k.schema);
  v.name = r.str(i, k.name);
  v.materialized = r.text(i, k.kind) == "m";
  for (const std::string& opt : base::Split(r.str(i, k.options), ',')) {
    if (opt.empty()) continue;
    if (opt.rfind("check_option=", 0) == 0) {
      v.check_option = opt.substr(13);
    } else {
      v.options += (v.options.empty() ? "" : ",") + opt;
    }
  }
  v.owner = r.str(i, k.owner);
  v.grants = ParseGrants(r.text(i, k.grants));
  v.comment = r.str(i, k.comment);
  v.definition = r.str(i, k.view_definition);
  v.row_estimate = r.int64(i, k.row_estimate);
  v.pages = r.int64(i, k.pages);
  idx.views[v.oid] = c.views.size();
  c.views.push_back(std::move(v));
}

void AddTable(const pg::QueryResult& r, int i, const RelationColumns& k, Catalog& c,
              OidIndex& idx) {
  Table t;
  t.oid = Oid(r, i, k.oid);
  t.schema = r.str(i, k.schema);
  t.name = r.str(i, k.name);
  t.partitioned = r.text(i, k.kind) == "p";
  t.unlogged = r.text(i, k.persistence) == "u";
  t.partition_key = r.str(i, k.partition_key);
  t.partition_bound = r.str(i, k.partition_bound);
  t.parent = r.str(i, k.parent);
  t.options = r.str(i, k.options);
  t.rls_enabled = r.boolean(i, k.rls_enabled);
  t.rls_forced = r.boolean(i, k.rls_forced);
  t.owner = r.str(i, k.owner);
  t.grants = ParseGrants(r.text(i, k.grants));
  t.comment = r.str(i, k.comment);
  t.row_estimate = r.int64(i, k.row_estimate);
  t.pages = r.int64(i, k.pages);
  idx.tables[t.oid] = c.tables.size();
  c.tables.push_back(std::move(t));
}

// Column indexes of the Columns query.
struct ColumnColumns {
  int relid, name, type, collation, default_expr, not_null, identity, generated, is_local, comment,
      grants, inherited;
};

Column ColumnFromRow(const pg::QueryResult& r, int i, const ColumnColumns& k) {
  Column col;
  col.name = r.str(i, k.name);
  col.type = r.str(i, k.type);
  col.collation = r.str(i, k.collation);
  col.default_expr = r.str(i, k.default_expr);
  col.not_null = r.boolean(i, k.not_null);
  std::string_view identity = r.text(i, k.identity);
  col.identity = identity.empty() ? 0 : identity[0];
  col.generated = r.text(i, k.generated) == "s";
  col.is_local = r.boolean(i, k.is_local);
  col.comment = r.str(i, k.comment);
  col.grants = ParseGrants(r.text(i, k.grants));
  col.inherited = r.boolean(i, k.inherited);
  return col;
}

}  // namespace

Status ParseTypes(const pg::QueryResult& r, Catalog& c, OidIndex& idx) {
  pg::Columns col(r, "types");
  const TypeColumns k{.oid = col("oid"),
                      .schema = col("schema"),
                      .name = col("name"),
                      .kind = col("kind"),
                      .labels = col("labels"),
                      .base_type = col("base_type"),
                      .default_expr = col("default_expr"),
                      .not_null = col("not_null"),
                      .collation = col("collation"),
                      .checks = col("checks"),
                      .relid = col("relid"),
                      .owner = col("owner"),
                      .grants = col("grants"),
                      .comment = col("comment")};
  PGCRATE_RETURN_IF_ERROR(col.status());
  for (int i = 0; i < r.rows(); ++i) {
    Type t = TypeFromRow(r, i, k);
    if (uint32_t relid = Oid(r, i, k.relid); relid != 0)
      idx.composite_relids[relid] = c.types.size();
    idx.types[t.oid] = c.types.size();
    c.types.push_back(std::move(t));
  }
  return Status::Ok();
}

Status ParseRelations(const pg::QueryResult& r, Catalog& c, OidIndex& idx) {
  pg::Columns col(r, "relations");
  const RelationColumns k{.oid = col("oid"),
                          .schema = col("schema"),
                          .name = col("name"),
                          .kind = col("kind"),
                          .persistence = col("persistence"),
                          .partition_key = col("partition_key"),
                          .partition_bound = col("partition_bound"),
                          .parent = col("parent"),
                          .options = col("options"),
                          .rls_enabled = col("rls_enabled"),
                          .rls_forced = col("rls_forced"),
                          .owner = col("owner"),
                          .grants = col("grants"),
                          .comment = col("comment"),
                          .view_definition = col("view_definition"),
                          .row_estimate = col("row_estimate"),
                          .pages = col("pages")};
  PGCRATE_RETURN_IF_ERROR(col.status());
  for (int i = 0; i < r.rows(); ++i) {
    std::string_view kind = r.text(i, k.kind);
    if (kind == "v" || kind == "m") {
      AddView(r, i, k, c, idx);
    } else {
      AddTable(r, i, k, c, idx);
    }
  }
  return Status::Ok();
}

Status ParseColumns(const pg::QueryResult& r, Catalog& c, const OidIndex& idx) {
  pg::Columns col(r, "columns");
  const ColumnColumns k{.relid = col("relid"),
                        .name = col("name"),
                        .type = col("type"),
                        .collation = col("collation"),
                        .default_expr = col("default_expr"),
                        .not_null = col("not_null"),
                        .identity = col("identity"),
                        .generated = col("generated"),
                        .is_local = col("is_local"),
                        .comment = col("comment"),
                        .grants = col("grants"),
                        .inherited = col("inherited")};
  PGCRATE_RETURN_IF_ERROR(col.status());
  for (int i = 0; i < r.rows(); ++i) {
    uint32_t rel = Oid(r, i, k.relid);
    if (auto t = idx.tables.find(rel); t != idx.tables.end()) {
      c.tables[t->second].columns.push_back(ColumnFromRow(r, i, k));
    } else if (auto v = idx.views.find(rel); v != idx.views.end()) {
      c.views[v->second].columns.push_back(ColumnFromRow(r, i, k));
    } else if (auto ty = idx.composite_relids.find(rel); ty != idx.composite_relids.end()) {
      c.types[ty->second].attributes.push_back(ColumnFromRow(r, i, k));
    }
  }
  return Status::Ok();
}

}  // namespace internal

namespace {

using Parser = Status (*)(const pg::QueryResult&, Catalog&, internal::OidIndex&);

Status RunQuery(pg::Connection& conn, const std::string& sql, const char* what, Catalog& c,
                internal::OidIndex& idx, Parser parse) {
  auto res = conn.Exec(sql);
  if (!res.ok()) {
    Status st = res.status();
    return st.Prefix(std::string("reading the catalog (") + what + "): ");
  }
  Status parsed = parse(res.value(), c, idx);
  return parsed.ok() ? parsed : parsed.Prefix("reading the catalog: ");
}

Status LoadAll(pg::Connection& conn, Catalog& c, bool relations_only) {
  using namespace internal;
  OidIndex idx;
  const queries::Detail d = relations_only ? queries::Detail::kFacts : queries::Detail::kFull;
  struct Step {
    std::string sql;
    const char* what;
    Parser parse;
    bool relation_fact = false;  // read also with relations_only
  };
  const Step steps[] = {
      {queries::Session(), "session",
       [](auto& r, auto& cat, auto&) { return ParseSession(r, cat); }},
      {queries::Schemas(), "schemas",
       [](auto& r, auto& cat, auto&) { return ParseSchemas(r, cat); }},
      {queries::Extensions(), "extensions",
       [](auto& r, auto& cat, auto&) { return ParseExtensions(r, cat); }},
      {queries::Types(), "types", ParseTypes},
      {queries::Relations(d), "relations", ParseRelations, true},
      {queries::Columns(d), "columns",
       [](auto& r, auto& cat, auto& i) { return ParseColumns(r, cat, i); }, true},
      {queries::Constraints(d), "constraints",
       [](auto& r, auto& cat, auto& i) { return ParseConstraints(r, cat, i); }, true},
      {queries::Indexes(d), "indexes",
       [](auto& r, auto& cat, auto& i) { return ParseIndexes(r, cat, i); }, true},
      {queries::Sequences(), "sequences", ParseSequences},
      {queries::Triggers(), "triggers",
       [](auto& r, auto& cat, auto& i) { return ParseTriggers(r, cat, i); }},
      {queries::Policies(), "policies",
       [](auto& r, auto& cat, auto& i) { return ParsePolicies(r, cat, i); }},
      {queries::Functions(), "functions", ParseFunctions},
      {queries::DefaultPrivileges(), "default privileges",
       [](auto& r, auto& cat, auto&) { return ParseDefaultPrivileges(r, cat); }},
      {queries::Dependencies(), "dependencies",
       [](auto& r, auto& cat, auto& i) { return ParseDependencies(r, cat, i); }},
  };
  for (const Step& s : steps) {
    if (relations_only && !s.relation_fact) continue;
    PGCRATE_RETURN_IF_ERROR(RunQuery(conn, s.sql, s.what, c, idx, s.parse));
  }
  ResolveSequenceOwners(c, idx);
  return Status::Ok();
}

}  // namespace

Result<Catalog> Load(pg::Connection& conn, const LoadOptions& options) {
  // Its own snapshot: BEGIN inside a caller's transaction would only warn, and the COMMIT
  // below would then end the caller's transaction.
  if (conn.in_transaction()) {
    return Status(Code::kInternal,
                  "cannot read the catalog inside an open transaction block: it takes a snapshot "
                  "of its own.");
  }
  auto tx = pg::Transaction::Begin(conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  if (!tx.ok()) return tx.status();
  PGCRATE_RETURN_IF_ERROR(conn.Run(
      "SET LOCAL search_path = ''; SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, MDY'; "
      "SET LOCAL IntervalStyle = 'postgres'; SET LOCAL extra_float_digits = 3"));
  Catalog c;
  c.server_version = conn.server_version();
  PGCRATE_RETURN_IF_ERROR(LoadAll(conn, c, options.relations_only));
  PGCRATE_RETURN_IF_ERROR((*tx)->Commit());
  return c;
}

}  // namespace pgcrate::catalog

// Row parsers shared by loader.cc and loader_objects.cc: each takes one query's result and
// fills the catalog, reading columns by their names in queries.cc (resolved once per result).
// A column missing from the result is a kInternal Status naming it and the query, before any
// row is read. Internal to catalog/.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "catalog/model.h"
#include "pg/columns.h"
#include "pg/result.h"

namespace pgcrate::catalog::internal {

// Where each relation/type/function of the catalog lives, by oid, while loading.
struct OidIndex {
  std::map<uint32_t, size_t> tables, views, types, composite_relids, sequences, functions;
};

std::vector<std::string> JsonStrings(std::string_view text);
uint32_t Oid(const pg::QueryResult& r, int row, int col);
// A JSON array of [grantee, privilege, grantable] (queries.cc's GrantsJson).
Grants ParseGrants(std::string_view text);

Status ParseSession(const pg::QueryResult& r, Catalog& c);
Status ParseDefaultPrivileges(const pg::QueryResult& r, Catalog& c);

Status ParseSchemas(const pg::QueryResult& r, Catalog& c);
Status ParseExtensions(const pg::QueryResult& r, Catalog& c);
Status ParseTypes(const pg::QueryResult& r, Catalog& c, OidIndex& idx);
Status ParseRelations(const pg::QueryResult& r, Catalog& c, OidIndex& idx);
Status ParseColumns(const pg::QueryResult& r, Catalog& c, const OidIndex& idx);
Status ParseConstraints(const pg::QueryResult& r, Catalog& c, const OidIndex& idx);
Status ParseIndexes(const pg::QueryResult& r, Catalog& c, const OidIndex& idx);
Status ParseSequences(const pg::QueryResult& r, Catalog& c, OidIndex& idx);
Status ParseTriggers(const pg::QueryResult& r, Catalog& c, const OidIndex& idx);
Status ParsePolicies(const pg::QueryResult& r, Catalog& c, const OidIndex& idx);
Status ParseFunctions(const pg::QueryResult& r, Catalog& c, OidIndex& idx);
Status ParseDependencies(const pg::QueryResult& r, Catalog& c, const OidIndex& idx);
// Marks serial columns and identity sequences (after columns and sequences are parsed).
void ResolveSequenceOwners(Catalog& c, const OidIndex& idx);

}  // namespace pgcrate::catalog::internal

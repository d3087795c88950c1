// Row parsers shared by loader.cc and loader_objects.cc: each takes one query's result and
// fills the catalog. Internal to catalog/.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "catalog/model.h"
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

void ParseSession(const pg::QueryResult& r, Catalog& c);
void ParseDefaultPrivileges(const pg::QueryResult& r, Catalog& c);

void ParseSchemas(const pg::QueryResult& r, Catalog& c);
void ParseExtensions(const pg::QueryResult& r, Catalog& c);
void ParseTypes(const pg::QueryResult& r, Catalog& c, OidIndex& idx);
void ParseRelations(const pg::QueryResult& r, Catalog& c, OidIndex& idx);
void ParseColumns(const pg::QueryResult& r, Catalog& c, const OidIndex& idx);
void ParseConstraints(const pg::QueryResult& r, Catalog& c, const OidIndex& idx);
void ParseIndexes(const pg::QueryResult& r, Catalog& c, const OidIndex& idx);
void ParseSequences(const pg::QueryResult& r, Catalog& c, OidIndex& idx);
void ParseTriggers(const pg::QueryResult& r, Catalog& c, const OidIndex& idx);
void ParsePolicies(const pg::QueryResult& r, Catalog& c, const OidIndex& idx);
void ParseFunctions(const pg::QueryResult& r, Catalog& c, OidIndex& idx);
void ParseDependencies(const pg::QueryResult& r, Catalog& c, const OidIndex& idx);
// Marks serial columns and identity sequences (after columns and sequences are parsed).
void ResolveSequenceOwners(Catalog& c, const OidIndex& idx);

}  // namespace pgcrate::catalog::internal

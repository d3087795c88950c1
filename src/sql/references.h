// The objects a definition refers to, read from its parse tree: the relations it reads (FROM,
// JOIN, subqueries), the functions it calls and the types it names (casts, columns, parameters,
// return types). For CREATE FUNCTION / PROCEDURE the body is read too: a SQL body (a string or
// BEGIN ATOMIC) is parsed as SQL; a PL/pgSQL body goes through libpg_query's PL/pgSQL parser
// and the SQL of each of its statements and expressions (dynamic EXECUTE strings cannot be
// known). Names are as written: an unqualified name has an empty schema.
#pragma once

#include <vector>

#include "sql/analysis.h"
#include "sql/parser.h"

namespace pgcrate::sql {

struct References {
  std::vector<ObjectName> relations;  // kind "relation"
  std::vector<ObjectName> functions;  // kind "function"
  std::vector<ObjectName> types;      // kind "type"
};

// The references of `st` (any statement). A PL/pgSQL body libpg_query's PL/pgSQL parser refuses
// (it has no catalog) adds none; the server checks the body when it is created.
References FindReferences(const Statement& st);

// The references under one node of a parse tree (no function-body handling): e.g. only a
// routine's "parameters" and "returnType".
References FindReferencesIn(JsonRef node);

// A type name node ({"TypeName": {...}} body) as SQL text for signatures: the name parts quoted
// and joined ("pg_catalog." dropped, so `integer` and `int4` agree), "[]" per array bound,
// without type modifiers. "" when `type_name` is not a TypeName body.
std::string TypeNameSql(JsonRef type_name);

}  // namespace pgcrate::sql

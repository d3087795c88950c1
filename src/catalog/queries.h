// The fixed set of catalog queries the loader runs (one per kind of object, never one per
// table). Each returns rows ordered by schema and name in byte order ("C" collation). They
// expect to run inside one REPEATABLE READ transaction with search_path = '' so that every
// name the server renders is schema-qualified. They work on PostgreSQL 14 to 17. Every output
// column has an explicit, stable, lower-case alias (AS name), unique within its query: the
// loader reads columns by these names (pg::Columns), never by position.
#pragma once

#include <string>

namespace pgcrate::catalog::queries {

// One row: current_user (user_name), the database's owner, the owner of a fresh database's
// public schema and its initial privileges (public_grants), then the built-in privileges
// (acldefault) of kinds r, s, f, T, n for current_user (builtin_{table,sequence,function,type,
// schema}_grants); privileges as JSON arrays of [grantee, privilege, grantable].
std::string Session();
std::string Schemas();
std::string Extensions();
std::string Types();
// kFacts leaves out what only describes an object (comments, privileges, column defaults and
// collations, view and index definitions, constraint columns, constraint definitions other
// than CHECK): the linter's facts, at a fraction of the server's time (pg_get_indexdef and
// pg_get_constraintdef dominate on large schemas).
enum class Detail { kFull, kFacts };
std::string Relations(Detail d = Detail::kFull);
std::string Columns(Detail d = Detail::kFull);
std::string Constraints(Detail d = Detail::kFull);
std::string Indexes(Detail d = Detail::kFull);
std::string Sequences();
std::string Triggers();
std::string Policies();
std::string Functions();
// pg_default_acl entries for all schemas and for the user schemas.
std::string DefaultPrivileges();
// Edges (dependent kind, dependent oid, referenced kind, referenced oid) where kind is
// 'c' (relation), 't' (type) or 'f' (function), sub-objects folded into their owner.
std::string Dependencies();

// The number of queries Load() runs; tests check it stays fixed.
inline constexpr int kQueryCount = 14;

}  // namespace pgcrate::catalog::queries

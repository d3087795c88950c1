// The code objects' state table: pgcrate.code_objects holds one row per object pgcrate created
// from the code folder (identity, kind, file, SHA-256 of the normalised statement with its
// comments and grants, the routine interface, the DROP statement and the identities it depends
// on, applied_at). Change detection compares it with the files; pgcrate drops only objects
// recorded here.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "code/objects.h"
#include "pg/connection.h"
#include "pgcrate/status.h"

namespace pgcrate::code {

struct StateRow {
  std::string identity, kind, schema, name, args, table;
  std::string file, sha256, interface, drop_sql, applied_at;
  std::vector<std::string> depends_on;
};

// Creates pgcrate.code_objects when missing (idempotent).
Status EnsureStateTable(pg::Connection& conn);
// Every row by identity; an absent table is an empty map (nothing is created).
Result<std::map<std::string, StateRow>> ReadState(pg::Connection& conn);
// Upserts the rows of `objects` (one statement).
Status RecordObjects(pg::Connection& conn, const CodeSet& set, const std::vector<size_t>& objects);
// Deletes the rows of `identities` (one statement).
Status ForgetObjects(pg::Connection& conn, const std::vector<std::string>& identities);

// Which of `objects` exist in the database now (one query): for each, true/false.
struct ObjectRef {
  std::string kind, schema, name, args, table;
};
Result<std::vector<bool>> ExistingObjects(pg::Connection& conn,
                                          const std::vector<ObjectRef>& objects);
ObjectRef RefOf(const CodeObject& o);
ObjectRef RefOf(const StateRow& r);

}  // namespace pgcrate::code

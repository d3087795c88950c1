// The code folder ([paths] code): files of CREATE statements for views, materialized views,
// functions, procedures, aggregates, types (enum, composite, range), domains, triggers and
// policies, plus COMMENT ON / GRANT statements for those objects. Each statement is read with
// the real parser: its identity (kind, schema, name, argument types), the SQL that drops it,
// and the objects it refers to. Tables, data and anything stateful belong in migrations: such
// a statement here is an error with file:line, as is an object defined twice.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "pgcrate/status.h"
#include "sql/analysis.h"

namespace pgcrate::code {

struct CodeObject {
  std::string kind;  // "view", "materialized view", "function", "procedure", "aggregate",
                     // "type", "domain", "trigger", "policy"
  std::string schema, name;
  std::string args;          // routines: "(int4, text)" (identity argument types), else ""
  std::string table;         // triggers and policies: the table, schema-qualified
  std::string identity;      // "view public.v", "function public.f(int4)", "trigger t on public.x"
  std::string file;          // path as found under the code folder
  int line = 1, column = 1;  // where the CREATE starts
  std::string create_sql;    // the statement as written
  int sql_line = 1, sql_column = 1;  // where create_sql's first byte is in the file
  std::string drop_sql;              // DROP <kind> <quoted name> (no CASCADE)
  bool or_replace = false;           // written as CREATE OR REPLACE
  std::string interface;             // routines: arguments (modes, names, defaults) and result
  std::string hash;                  // sha256 of the normalised statement and its attachments
  // Objects this one refers to, as written (unqualified = empty schema). `hard` references
  // must exist when it is created and tie it to them (views, SQL bodies, signatures, types);
  // `soft` ones are read only when it runs (PL/pgSQL bodies).
  std::vector<sql::ObjectName> hard, soft;
  std::vector<size_t> deps;  // indices of the code objects of `hard` (filled by Resolve)
  // `hard` relations and types that are not code objects (tables, types of migrations), as
  // written: what a migration altering them affects.
  std::vector<sql::ObjectName> external;
  std::vector<size_t> attachments;  // indices into CodeSet::attachments
};

// A COMMENT ON or GRANT/REVOKE statement for code objects: run after each of its targets is
// (re)created.
struct Attachment {
  std::string file;  // where it is written
  int line = 1, column = 1;
  std::string sql;
  // What it names: identities, where a routine named without arguments ends in "(*)" and a
  // relation may be either kind ("view x" or "materialized view x" both listed, first match
  // wins).
  std::vector<std::vector<std::string>> names;
  std::vector<size_t> targets;  // indices of code objects (filled by Resolve)
};

struct CodeSet {
  std::vector<CodeObject> objects;  // in file order (path, then position)
  std::vector<Attachment> attachments;
  // Index of `identity`, or -1.
  long Find(const std::string& identity) const;
};

struct LoadOptions {
  // Schemas an unqualified name is looked up in, in order (the server's current_schemas):
  // the first one is where an unqualified CREATE puts its object.
  std::vector<std::string> search_path = {"public"};
};

// Reads every *.sql file under `dir` (any depth, sorted by path), then resolves references
// between the objects (Resolve). A missing folder is an empty set.
Result<CodeSet> LoadCodeFolder(const std::string& dir, const LoadOptions& options);

// Parses one file's text into `set` (exposed for tests and `watch`).
Status AddFile(const std::string& path, std::string_view text, const LoadOptions& options,
               CodeSet& set);

// Fills `deps` from `hard` references and attaches COMMENT/GRANT statements; a duplicate
// definition is kConflict naming both files.
Status Resolve(CodeSet& set, const LoadOptions& options);

// Statement text without comments and with whitespace collapsed (the scanner's tokens joined
// by one space): what the hash covers, so reformatting or re-commenting changes nothing.
std::string Normalise(std::string_view sql);

}  // namespace pgcrate::code

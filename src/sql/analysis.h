// What a parsed statement does, read from its parse tree: its category, the lock it takes on
// each relation, the objects it creates, alters, drops, writes and reads (schema-qualified,
// unqualified names resolved against a search path that follows the script's own
// `SET search_path`), and its fingerprint. Used by `sql`, the migration runner and the linter.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pgcrate/status.h"
#include "sql/parser.h"

namespace pgcrate::sql {

enum class Category {
  kDdl,                 // CREATE / ALTER / DROP / RENAME / COMMENT / GRANT ...
  kDml,                 // INSERT / UPDATE / DELETE / MERGE / TRUNCATE / COPY FROM / CALL
  kReadOnly,            // SELECT without writes, SHOW, EXPLAIN, FETCH, COPY TO ...
  kTransactionControl,  // BEGIN / COMMIT / ROLLBACK / SAVEPOINT ...
  kUtility,             // SET, VACUUM, ANALYZE, CLUSTER, REINDEX, LOCK, DO, LISTEN ...
};

// PostgreSQL's table-level lock modes, weakest first.
enum class LockMode {
  kNone,
  kAccessShare,
  kRowShare,
  kRowExclusive,
  kShareUpdateExclusive,
  kShare,
  kShareRowExclusive,
  kExclusive,
  kAccessExclusive,
};

// A schema-qualified object. `kind` is "table", "index", "view", "sequence", "function",
// "type", "schema", "database", "trigger", "extension", "policy" or "relation" when only
// "some relation" is known (e.g. what a SELECT reads).
struct ObjectName {
  std::string kind;
  std::string schema;  // "" for objects outside schemas (schema, database, extension)
  std::string name;
  // "schema.name" (or "name" without a schema); identifiers are not quoted.
  std::string Qualified() const;
  bool operator==(const ObjectName& o) const {
    return kind == o.kind && schema == o.schema && name == o.name;
  }
};

struct RelationLock {
  ObjectName relation;
  LockMode mode = LockMode::kNone;
};

struct Analysis {
  Category category = Category::kUtility;
  std::vector<RelationLock> locks;  // strongest mode per relation, in order of appearance
  std::vector<ObjectName> created, altered, dropped, written, read;
  // The strongest lock the statement takes (kNone when none).
  LockMode StrongestLock() const;
};

// Where unqualified names go. Starts as PostgreSQL's default ("$user", public); "$user" and
// pg_temp entries are skipped when resolving (without a database the user's schema is not
// known to exist).
class SearchPath {
 public:
  SearchPath();
  explicit SearchPath(std::vector<std::string> schemas);
  // The schema an unqualified name resolves to ("public" by default).
  const std::string& First() const { return first_; }
  // `schema` when given, else First().
  std::string Resolve(std::string_view schema) const;
  // Follows `SET [LOCAL|SESSION] search_path = ...` and `RESET search_path`.
  void Apply(const Statement& st);
  const std::vector<std::string>& schemas() const { return schemas_; }

 private:
  std::vector<std::string> schemas_;
  std::string first_;
};

// True when a DefElem list (VACUUM's "options", REINDEX's "params") holds option `name`
// switched on: `FULL`, `FULL true`, `FULL 1`, `FULL on` (not `FULL false`, `off`, `0`), the
// way PostgreSQL's defGetBoolean reads it.
bool OptionOn(JsonRef list, std::string_view name);

// Analyzes one statement with the names resolved against `path`.
Analysis Analyze(const Statement& st, const SearchPath& path);

// Analyzes every statement of a script in order, following its SET search_path statements.
std::vector<Analysis> AnalyzeScript(const std::vector<Statement>& stmts,
                                    SearchPath path = SearchPath());

// The parser's fingerprint of `sql` (16 hex digits): equal for statements that differ only in
// constants and formatting. kParse on a syntax error.
Result<std::string> Fingerprint(std::string_view sql);

const char* CategoryName(Category c);     // "ddl", "dml", "read-only", ...
const char* LockModeName(LockMode mode);  // "ACCESS EXCLUSIVE", ... ("" for kNone)

}  // namespace pgcrate::sql

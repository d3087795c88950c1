// What `pgcrate plan` shows and `pgcrate apply` runs: the code changes (new, modified, deleted,
// missing from the database), the code objects each pending migration affects (objects that
// depend on tables or types it alters or drops: from the parser's reading of the migration and
// from pg_depend), and the ordered steps: drops in reverse dependency order, the migrations,
// creates in dependency order (with their comments and grants), then the state table. Planning
// reads the database and writes nothing.
#pragma once

#include <string>
#include <vector>

#include "code/objects.h"
#include "code/state.h"
#include "migrate/migration_file.h"
#include "pg/connection.h"
#include "pgcrate/status.h"

namespace pgcrate::code {

struct Change {
  std::string identity, kind, file;  // file: the code file, or the recorded one when deleted
  int line = 0;
  std::string change;  // "new", "modified", "deleted", "missing" (recorded but not in the db)
};

struct Affected {
  std::string identity;
  std::string reason;  // "reads public.users (altered)", "depends on view public.v"
};

struct PendingMigration {
  const migrate::MigrationFile* file = nullptr;
  std::vector<Affected> affected;
};

struct Step {
  enum class Kind { kDrop, kMigrate, kCreate, kReplace };
  Kind kind = Kind::kCreate;
  std::string identity;  // "" for migrations
  long object = -1;      // kCreate/kReplace: index in the CodeSet
  const migrate::MigrationFile* migration = nullptr;
  std::string sql;  // drop: the DROP statement; create/replace: the CREATE statement
  std::string reason;
};

struct Plan {
  std::vector<PendingMigration> migrations;
  std::vector<Change> changes;
  std::vector<Step> steps;
  std::vector<size_t> record;       // objects whose state row is written
  std::vector<std::string> forget;  // identities whose state row is deleted
  bool single_transaction = true;   // false when a pending migration is no-transaction
  bool Empty() const { return steps.empty() && record.empty() && forget.empty(); }
};

struct PlanOptions {
  bool code_only = false;  // ignore pending migrations (watch)
};

// Plans against `conn`. `pending` are the pending migrations in order (outlive the plan).
Result<Plan> MakePlan(pg::Connection& conn, const CodeSet& code,
                      const std::vector<const migrate::MigrationFile*>& pending,
                      const PlanOptions& options);

// The schemas unqualified names resolve to on `conn` (current_schemas(false); "public" when
// empty): code objects are read with it so that identities match what CREATE produces.
Result<std::vector<std::string>> ServerSearchPath(pg::Connection& conn);

// The name of a step kind ("drop", "migrate", "create", "replace").
const char* StepKindName(Step::Kind k);

}  // namespace pgcrate::code

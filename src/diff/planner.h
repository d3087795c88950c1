// The planner: compares two catalogs and produces (a) the list of differences, for reports
// and summaries, and (b) the ordered DDL that turns `from` into `to`. Order: dependent
// triggers/foreign keys/views are dropped before what they depend on, then objects are
// dropped in reverse dependency order (pg_depend of `from`), then created or altered in
// dependency order (pg_depend of `to`): schemas and extensions, then types, sequences,
// functions, tables and views as the graph dictates, then indexes and constraints, foreign
// keys after every table, then triggers, policies, ownership of sequences and comments, then
// owners and GRANT/REVOKE, and ALTER DEFAULT PRIVILEGES last (as pg_dump orders them).
// Views that depend on something dropped, replaced or re-typed are dropped first and
// re-created afterwards. Pure: no database access.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "catalog/model.h"

namespace pgcrate::diff {

// One difference. `kind` is a key of the diff JSON summary ("tables", "columns", "indexes",
// "constraints", "enums", "functions", "views", "triggers", "sequences", "extensions",
// "schemas", "materialized_views", plus "types", "policies", "comments", "owners",
// "privileges").
struct Change {
  std::string kind;
  char action = '~';   // '+' added, '-' dropped, '~' changed
  std::string object;  // e.g. "public.users.email"
  std::string detail;  // e.g. "type integer -> bigint", "" when nothing to add
};

struct Step {
  std::string sql;
  bool destructive = false;  // loses data (DROP TABLE/COLUMN/TYPE/SEQUENCE/SCHEMA..., retype)
  catalog::ObjectKey owner;  // the top-level object the statement belongs to ("" = none)
  bool foreign_key = false;  // a foreign key (split generation puts them in their own file)
};

struct Plan {
  std::vector<Change> changes;
  std::vector<Step> steps;
  bool identical() const { return changes.empty(); }
};

// Everything that differs between `from` and `to`, and the steps that make `from` equal to
// `to`. Owners are compared relative to the role each catalog was read as (an object owned by
// that role is "owned by whoever runs the script"), privileges with grantee names as they
// are; grantors are not compared.
Plan PlanMigration(const catalog::Catalog& from, const catalog::Catalog& to);

// Counts of changes per summary kind, with every spec kind present (0 when none).
std::vector<std::pair<std::string, int>> Summarize(const Plan& plan);

// "Comparing: <from> → <to>" then one line per change ("+ table public.t"), or a line
// saying the schemas are identical.
std::string FormatDiff(const Plan& plan, const std::string& from_label,
                       const std::string& to_label);

// The steps as a script: a header comment, `SET check_function_bodies = false;`, and each
// statement separated by a blank line. Destructive steps are preceded by a
// "-- destructive:" comment; with `include_destructive` false they are left out and listed
// in comments instead.
std::string RenderScript(const std::vector<Step>& steps, bool include_destructive);

}  // namespace pgcrate::diff

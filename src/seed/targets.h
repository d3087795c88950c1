// What the database says about the tables seeds load into: existence, columns (type,
// identity/serial sequence, generated), primary key, triggers, privileges, and the foreign
// keys that touch them. A fixed number of catalog queries whatever the number of seeds.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "pg/connection.h"
#include "pgcrate/status.h"

namespace pgcrate::seed {

struct TargetColumn {
  std::string name;
  std::string type;  // format_type(): "integer", "character varying(20)"...
  bool not_null = false;
  bool identity = false;   // GENERATED ... AS IDENTITY
  bool generated = false;  // GENERATED ALWAYS AS (...) STORED: cannot be loaded
  std::string sequence;    // owned sequence (identity or serial), "" when none
};

struct Target {
  std::string schema;
  std::string table;
  std::string qualified;  // quoted "schema"."table"
  bool exists = false;
  bool is_table = false;     // an ordinary or partitioned table (not a view...)
  bool partitioned = false;  // COPY FREEZE is not allowed on partitioned tables
  std::string relkind_name;  // "view", "materialized view"... when not a table
  uint32_t oid = 0;
  std::vector<TargetColumn> columns;
  std::vector<std::string> primary_key;
  int user_triggers = 0;
  int internal_triggers = 0;  // foreign-key and other constraint triggers
  bool owned = false;         // the current role is (a member of) the owner
  bool can_truncate = false;
  bool can_insert = false;
  bool can_select = false;

  const TargetColumn* Column(const std::string& name) const;
};

struct ForeignKey {
  std::string name;
  uint32_t from_oid = 0;  // the referencing table
  uint32_t to_oid = 0;    // the referenced table
  std::string from;       // regclass text
  std::string to;
};

struct Targets {
  std::vector<Target> tables;            // in the order asked for
  std::vector<ForeignKey> foreign_keys;  // every foreign key from or to one of them
  bool superuser = false;
};

// Facts about `names` ({schema, table}); 2 queries.
Result<Targets> LoadTargets(pg::Connection& conn,
                            const std::vector<std::pair<std::string, std::string>>& names);

// The exact row count of each existing table in `tables` (one query); -1 for the others.
Result<std::vector<int64_t>> CountRows(pg::Connection& conn, const std::vector<Target>& tables);

}  // namespace pgcrate::seed

// What the linter knows about the database a migration will run on: tables and indexes
// created earlier in this run of pending migrations (new, so locking them is harmless), and,
// with a database connection, the live catalog (which tables exist, their row estimates,
// indexes, validated NOT NULL checks, column types, function volatility), loaded with a fixed
// number of queries.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "pg/connection.h"
#include "sql/analysis.h"
#include "sql/parser.h"

namespace pgcrate::lint {

// A snapshot of the live catalog; every key is "schema.name" (unquoted).
struct Catalog {
  bool loaded = false;
  int server_version_num = 0;
  std::map<std::string, double> tables;  // table -> reltuples (-1 unknown)
  std::set<std::string> indexes;         // index names
  std::map<std::string, std::vector<std::vector<std::string>>> index_columns;  // table -> keys
  std::map<std::string, std::string> column_types;  // "schema.table.column" -> format_type
  std::set<std::string> not_null_checks;            // "schema.table.column" with a valid CHECK
  std::map<std::string, char> volatility;           // function name -> 'i' | 's' | 'v'
};

// Loads the catalog of `conn` in a fixed number of queries.
Result<Catalog> LoadCatalog(pg::Connection& conn);

class Facts {
 public:
  Facts(const Catalog* catalog, int64_t large_table_rows)
      : catalog_(catalog), large_rows_(large_table_rows) {}
  // Not copyable: the undo records point into the members.
  Facts(const Facts&) = delete;
  Facts& operator=(const Facts&) = delete;

  // True when `table` is neither created earlier in this run nor (with a catalog) absent.
  bool Existing(const sql::ObjectName& table) const;
  // True unless the catalog's row estimate is below [lint] large_table_rows.
  bool Large(const sql::ObjectName& table) const;
  // True when an index whose leading key columns are `columns` exists on `table` (created in
  // this run or in the catalog).
  bool HasIndexOn(const std::string& table, const std::vector<std::string>& columns) const;
  // True when the index was created in this run.
  bool NewIndex(const std::string& index) const { return new_indexes_.count(index) > 0; }
  // True when a validated CHECK (column IS NOT NULL) exists on the column (catalog or run).
  bool HasNotNullCheck(const std::string& column_key) const;
  // "schema.table.column"'s current type in the catalog, "" when unknown.
  std::string ColumnType(const std::string& column_key) const;
  // 'i', 's' or 'v' from the catalog for a function name; 0 when unknown.
  char Volatility(const std::string& function) const;
  const Catalog* catalog() const { return catalog_; }

  // Records what `st` creates (tables, indexes with their keys) and drops.
  void Apply(const sql::Statement& st, const sql::Analysis& an, const sql::SearchPath& path);
  // True when the type (a domain) was created earlier in this run.
  bool NewType(const std::string& type) const { return new_types_.count(type) > 0; }

  // A file is linted statement by statement as it is parsed, so a syntax error can come after
  // some of its statements were applied. StartFile() begins recording what Apply changes;
  // RollbackFile() undoes it, so a file that does not parse contributes nothing.
  void StartFile() { undo_.clear(); }
  void RollbackFile();

 private:
  void Insert(std::set<std::string>& set, const std::string& key);
  void Erase(std::set<std::string>& set, const std::string& key);
  void AddIndex(const std::string& table, std::vector<std::string> columns);
  // Follows CHECK (col IS NOT NULL) constraints of an ALTER TABLE on `table`: added valid,
  // added NOT VALID then validated, or dropped.
  void ApplyNotNullChecks(const std::string& table, sql::JsonRef alter_table);

  const Catalog* catalog_;
  int64_t large_rows_;
  std::set<std::string> new_tables_, new_indexes_, dropped_;
  std::map<std::string, std::vector<std::vector<std::string>>> index_columns_;
  std::set<std::string> not_null_;                  // column keys with a validated NOT NULL check
  std::map<std::string, std::string> null_checks_;  // "schema.table.constraint" -> column key
  std::set<std::string> new_types_;
  std::vector<std::function<void()>> undo_;  // since StartFile(), newest last
};

}  // namespace pgcrate::lint

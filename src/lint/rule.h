// The shape every lint rule shares: a descriptor (id, summary, reason, safe alternative,
// default severity) and a check run on each statement of a migration and/or once per file.
// A rule sees the statement, its analysis, and the facts about which tables already exist
// (new in this run of pending migrations, or present in the live catalog with a row estimate).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "lint/facts.h"
#include "migrate/migration_file.h"
#include "sql/analysis.h"
#include "sql/parser.h"

namespace pgcrate::lint {

enum class Severity { kOff, kWarning, kError };
const char* SeverityName(Severity s);  // "off", "warning", "error"

// One file being linted: a migration's up section, or a plain SQL file.
struct LintFile {
  std::string path;
  std::string content;  // the whole file
  std::string sql;      // what is linted: the up section, or the whole file
  int line_base = 1;    // the file line where `sql` starts
  bool is_migration = false;
  bool has_down = false;
  bool no_transaction = false;  // `-- pgcrate: no-transaction`: the runner does not wrap it
  // A module migration's `{{...}}` expansions in `sql`: columns map back to the file as written.
  std::vector<migrate::TemplateShift> shifts;
};

// [lint] settings the rules read.
struct Settings {
  std::vector<std::pair<std::string, std::string>> naming;  // kind -> pattern
  int server_version_num = 0;  // 0 without a database (assume a current server)
};

struct FileContext;

struct StatementContext {
  const FileContext& file;
  size_t index;  // position of the statement in file.statements
  const sql::Statement& st;
  const sql::Analysis& an;
  const Facts& facts;           // state before this statement
  const sql::SearchPath& path;  // the search path in force at this statement

  sql::JsonRef body() const { return st.node.node_body(); }
  // True when the statement runs inside a transaction that commits or rolls back as a whole:
  // the runner's (a migration without no-transaction, or a plain SQL file) or an explicit
  // BEGIN ... COMMIT block of a no-transaction migration.
  bool Atomic() const;
  // True when the statement sits inside an explicit BEGIN ... COMMIT block of the file.
  bool InExplicitBlock() const;
  // True when statement `other` of the file runs in the same transaction as this one.
  bool SameTransaction(size_t other) const;
  // True when `table` existed before this migration run: not created by an earlier statement
  // or pending migration, and (with a database) present in the catalog.
  bool Existing(const sql::ObjectName& table) const { return facts.Existing(table); }
  // Existing and, with a database, at least [lint] large_table_rows rows (unknown = large).
  bool ExistingAndLarge(const sql::ObjectName& table) const {
    return facts.Existing(table) && facts.Large(table);
  }
  // The RangeVar `rv` resolved against the script's search path.
  sql::ObjectName Table(sql::JsonRef rv) const;
};

struct FileContext {
  const LintFile& file;
  const std::vector<sql::Statement>& statements;
  const std::vector<sql::Analysis>& analyses;
  const std::vector<sql::SearchPath>& paths;  // the search path in force at each statement
  // The transaction each statement runs in: equal values = the same transaction. In a file
  // the runner wraps (and a plain SQL file) all are 0; in a no-transaction migration a
  // statement inside an explicit BEGIN ... COMMIT block has the BEGIN's index + 1, and every
  // other statement a value of its own (it commits alone).
  const std::vector<size_t>& transactions;
  const Settings& settings;
  const Facts& facts_at_end;  // state after the file's last statement
};

// Collects a rule's findings. Offsets are byte offsets into LintFile::sql (a node's
// "location", or a statement's offset); the linter turns them into file:line:column.
class Reporter {
 public:
  virtual ~Reporter() = default;
  // A finding at `offset` with a one-sentence `message` naming the object.
  virtual void Report(size_t offset, std::string message) = 0;
  // A finding that is dropped if, once every pending file has been linted, `resolved` returns
  // true for the final facts (e.g. a later migration creates the missing index).
  virtual void ReportUnlessResolved(size_t offset, std::string message,
                                    std::function<bool(const Facts&)> resolved) = 0;
};

struct Rule {
  const char* id;                // kebab-case, e.g. "require-concurrent-index-creation"
  const char* summary;           // one line
  const char* reason;            // the lock taken or what breaks
  const char* safe_alternative;  // written out as SQL
  Severity default_severity;
  void (*check_statement)(const StatementContext& ctx, Reporter& out);  // may be null
  void (*check_file)(const FileContext& ctx, Reporter& out);            // may be null
};

// Small readers of parse-tree shapes that many rules need (defined in rule_helpers.cc).

// The "location" of a node (byte offset in the script), or `fallback` when it has none.
size_t LocationOr(sql::JsonRef node, size_t fallback);
// The AlterTableCmd bodies of an AlterTableStmt.
std::vector<sql::JsonRef> AlterCmds(sql::JsonRef alter_table);
// The Constraint bodies in a list of {"Constraint": {...}} (other items skipped).
std::vector<sql::JsonRef> Constraints(sql::JsonRef list);
// The ColumnDef bodies of a CREATE TABLE, plus ADD COLUMN defs when `body` is an ALTER TABLE.
std::vector<sql::JsonRef> ColumnDefs(const sql::Statement& st);
// The type's own name without pg_catalog, e.g. "int4", "varchar", "timestamptz".
std::string TypeName(sql::JsonRef type_name);
// The type's first modifier (varchar(255) -> 255), -1 when none.
int64_t Typmod(sql::JsonRef type_name);
// The strings of a [{"String":{"sval":..}}] list.
std::vector<std::string> Strings(sql::JsonRef list);
// "schema.table.column", the key Facts uses for columns.
std::string ColumnKey(const sql::ObjectName& table, std::string_view column);
// True when the runner wraps the file in a transaction (a migration without no-transaction).
inline bool Wrapped(const LintFile& f) { return f.is_migration && !f.no_transaction; }

}  // namespace pgcrate::lint

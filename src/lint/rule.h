// The shape every lint rule shares: a descriptor (id, summary, reason, safe alternative,
// default severity) and a check run on each statement of a migration and/or once at the end of
// each file.
// A rule sees the statement, its analysis, and the facts about which tables already exist
// (new in this run of pending migrations, or present in the live catalog with a row estimate).
#pragma once

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
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

// One file being linted: a migration's up section, or a plain SQL file. The file is held once:
// what is linted is a view of `content`, unless templates were expanded.
struct LintFile {
  std::string path;
  std::string content;  // the whole file
  // What is linted (the up section, or the whole file): `sql_size` bytes of `content` from
  // `sql_offset` (clamped to the content), or `expanded` when set.
  size_t sql_offset = 0;
  size_t sql_size = std::string::npos;
  // A module migration's up section with its `{{...}}` placeholders expanded.
  std::optional<std::string> expanded;
  int line_base = 1;  // the file line where the linted SQL starts
  bool is_migration = false;
  bool has_down = false;
  bool no_transaction = false;  // `-- pgcrate: no-transaction`: the runner does not wrap it
  // The expansions in `expanded`: columns map back to the file as written.
  std::vector<migrate::TemplateShift> shifts;

  std::string_view sql() const {
    if (expanded) return *expanded;
    std::string_view all(content);
    return all.substr(std::min(sql_offset, all.size()), sql_size);
  }
};

// [lint] settings the rules read.
struct Settings {
  std::vector<std::pair<std::string, std::string>> naming;  // kind -> pattern
  int server_version_num = 0;  // 0 without a database (assume a current server)
};

// Where a statement runs.
struct Transaction {
  // Equal ids = the same transaction. In a file the runner wraps (and a plain SQL file) every
  // statement has id 0; in a no-transaction migration the statements of an explicit
  // BEGIN ... COMMIT block share one id, and every other statement has its own (it commits
  // alone; the BEGIN itself is outside its block, the COMMIT inside).
  size_t id = 0;
  bool in_block = false;  // inside an explicit block of a no-transaction migration
  int block_line = 0;     // the file line of that block's BEGIN (0 outside a block)
};

// The file being linted. Statements are parsed and checked one at a time, in order (a huge
// migration never exists as a list of parse trees), so what a rule learns from one statement
// for a later one, or for the file's end, it keeps in its State.
struct FileContext {
  FileContext(const LintFile& f, const Settings& s, const Facts& current)
      : file(f), settings(s), facts(current) {}

  const LintFile& file;
  const Settings& settings;
  const Facts& facts;     // the state so far (after the last statement, in check_file)
  size_t statements = 0;  // statements checked so far (all of them, in check_file)

  // The rule's own state of type T for this file: created empty on first use, dropped with
  // the file.
  template <class T>
  T& State() const {
    static const char key = 0;  // one per T
    for (auto& [k, state] : states_) {
      if (k == &key) return *static_cast<T*>(state.get());
    }
    auto state = std::make_shared<T>();
    T& ref = *state;
    states_.emplace_back(&key, std::move(state));
    return ref;
  }

 private:
  mutable std::vector<std::pair<const void*, std::shared_ptr<void>>> states_;
};

struct StatementContext {
  const FileContext& file;
  size_t index;  // position of the statement in the file (0 = the first)
  const sql::Statement& st;
  const sql::Analysis& an;
  const Facts& facts;           // state before this statement
  const sql::SearchPath& path;  // the search path in force at this statement
  Transaction txn;              // the transaction the statement runs in

  sql::JsonRef body() const { return st.node.node_body(); }
  // True when the statement runs inside a transaction that commits or rolls back as a whole:
  // the runner's (a migration without no-transaction, or a plain SQL file) or an explicit
  // BEGIN ... COMMIT block of a no-transaction migration.
  bool Atomic() const { return !file.file.no_transaction || txn.in_block; }
  // True when the statement sits inside an explicit BEGIN ... COMMIT block of the file.
  bool InExplicitBlock() const { return txn.in_block; }
  // True when the statement whose Transaction::id was `other` runs in the same transaction.
  bool SameTransaction(size_t other) const { return txn.id == other; }
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

// Collects a rule's findings. Offsets are byte offsets into LintFile::sql() (a node's
// "location", or a statement's offset); the linter turns them into file:line:column. A
// finding is silenced by a `-- pgcrate-lint: ignore <rule-id>` comment on the statement that
// holds its offset (before it, in it, or trailing it on its last line).
class Reporter {
 public:
  virtual ~Reporter() = default;
  // A finding at `offset` with a one-sentence `message` naming the object. A rule may report
  // on an earlier statement of the file (from a later statement, or from check_file).
  virtual void Report(size_t offset, std::string message) = 0;
  // A finding about the file as a whole, shown at `offset`: an ignore comment for the rule
  // anywhere in the file silences it.
  virtual void ReportFileWide(size_t offset, std::string message) = 0;
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
  // Run on each statement, in order; may be null.
  void (*check_statement)(const StatementContext& ctx, Reporter& out);
  // Run once after the file's last statement (not for a file that does not parse); may be null.
  void (*check_file)(const FileContext& ctx, Reporter& out);
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

// One table's COPY data (text format) through the rules, row by row: the piece that
// `anonymize --to` and a snapshot writer share. Feed it the bytes of
// `COPY schema.table (CopyColumnList) TO STDOUT` in any split; it appends the anonymized rows,
// ready for `COPY ... FROM STDIN` with the same column list. It holds at most one partial
// row, never the table.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "anonymize/column.h"
#include "anonymize/keyed_hash.h"
#include "anonymize/rules.h"
#include "anonymize/value.h"
#include "pgcrate/status.h"

namespace pgcrate::anonymize {

// "(a, b, c)": the table's columns quoted, in Table::columns order.
std::string CopyColumnList(const Table& table);

class TableStream {
 public:
  // The stream of `table` under `rules` (those of other tables are ignored). kConfig naming
  // the rule's file:line when a strategy does not fit its column (type, length, uniqueness,
  // NOT NULL) or a rule names a column the table does not have. `hash` must outlive it.
  static Result<std::unique_ptr<TableStream>> Create(const Table& table, const RuleSet& rules,
                                                     const std::string& rules_file,
                                                     KeyedHash& hash);

  // True when at least one column is changed (else the data can be copied as it is).
  bool Transforms() const { return !changed_.empty(); }
  // "column: strategy" for each changed column.
  std::vector<std::string> ChangedColumns() const;

  // Appends the anonymized form of every row completed by `data` to `out`. kConfig naming the
  // table, row and column when a value cannot be read (a row with the wrong number of
  // fields, a date that is not a date, JSON that does not parse).
  Status Feed(std::string_view data, std::string& out);
  // Ends the data; kConfig when it stopped in the middle of a row.
  Status Finish(std::string& out);
  int64_t rows() const { return rows_; }

 private:
  TableStream(const Table& table, KeyedHash& hash) : table_(table), hash_(hash) {}
  Status Row(std::string_view row, std::string& out);

  Table table_;
  KeyedHash& hash_;
  std::vector<std::optional<ValueAnonymizer>> columns_;  // nullopt = copied as is
  std::vector<size_t> changed_;
  std::string partial_;
  std::vector<std::string_view> fields_;
  int64_t rows_ = 0;
};

}  // namespace pgcrate::anonymize

// The rule model of `[anonymize]`: "schema.table.column" = "strategy", and for json/jsonb
// columns "schema.table.column->key.path" = "strategy" (path segments are keys, "[]" every
// array element, "*" every key of an object). Parsed from plain strings; errors name the
// file, line, key and the bad strategy.
#pragma once

#include <string>
#include <vector>

#include "anonymize/strategy.h"
#include "anonymize/value.h"
#include "pgcrate/status.h"

namespace pgcrate::anonymize {

// One `[anonymize]` entry as written (config::AnonymizeEntry, copied by the command layer).
struct RuleEntry {
  std::string key;
  std::string strategy;
  int line = 0;
};

struct ColumnRule {
  std::string schema, table, column;
  Strategy strategy;           // kJson when the column has path rules
  std::vector<JsonRule> json;  // kJson: the path rules, in file order
  int line = 0;                // of the column's entry (or its first path rule)
  std::string Key() const { return schema + "." + table + "." + column; }
};

struct RuleSet {
  std::vector<ColumnRule> rules;  // one per column, in file order
  // The rule for a column, nullptr when there is none.
  const ColumnRule* Find(const std::string& schema, const std::string& table,
                         const std::string& column) const;
};

// Parses the entries of `file`. kConfig naming file:line and the key for a key that is not
// "schema.table.column[->path]", an unknown or malformed strategy, a column named twice, or
// path rules on a column whose strategy is not json.
Result<RuleSet> ParseRules(const std::vector<RuleEntry>& entries, const std::string& file);

}  // namespace pgcrate::anonymize

// The migration linter: parses each file with the PostgreSQL parser, follows what earlier
// statements and earlier pending files create, runs every enabled rule, honours inline
// `-- pgcrate-lint: ignore <rule-id>` comments, and returns findings with file:line:column.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "lint/facts.h"
#include "lint/rule.h"
#include "pgcrate/status.h"

namespace pgcrate::lint {

// The rule's texts are views of its static descriptor (a finding copies none of them).
struct Finding {
  std::string_view rule_id;
  Severity severity = Severity::kError;
  std::string file;
  int line = 1, column = 1;
  std::string message;       // what is wrong, naming the object
  std::string_view summary;  // the rule's one-line summary
  std::string_view reason;   // the lock taken or what breaks
  std::string_view fix;      // the safe alternative, as SQL
  std::string source_line;   // the file's line at `line` (no newline)
};

struct LintOptions {
  Settings settings;
  std::set<std::string> disabled;              // rule ids
  std::map<std::string, Severity> severities;  // overrides of default severities
  int64_t large_table_rows = 10000;
  const Catalog* catalog = nullptr;  // live facts, when connected
};

struct LintReport {
  std::vector<Finding> findings;  // in file order, then position
  size_t files = 0;
  size_t statements = 0;
  size_t errors = 0, warnings = 0;
};

// Lints `files` in order; they are one run of pending migrations, so a table created by an
// earlier file is new for the later ones. A file that does not parse yields one
// `syntax-error` finding at the parser's file:line:column.
LintReport Lint(const std::vector<LintFile>& files, const LintOptions& options);

// Turns [lint] config into options; kConfig for an unknown rule id or severity.
Status ApplyConfig(const std::vector<std::string>& disable,
                   const std::map<std::string, std::string>& severity,
                   const std::map<std::string, std::string>& naming, LintOptions& options);

}  // namespace pgcrate::lint

// The model header's directives (`-- key: value`): splitting a comment line into key and
// value, and applying a known directive to a Model (kParse at file:line on a mistake). The
// `tests:` value is pgcrate's own small language: test_type(args), ... where
// accepted_values takes a [list] of SQL literals and relationships a schema.table.column.
#pragma once

#include <string>

#include "model/model.h"
#include "pgcrate/status.h"

namespace pgcrate::model {

// A kParse error at `path`:`line` (every mistake in a model file is reported this way).
Status ParseErrorAt(const std::string& path, int line, std::string message);

// True when `comment` (a header comment without its `--`) is `key: value` with a key of
// lower-case letters and underscores; sets `key` and the trimmed `value`. A URL
// ("https://...") is free text, not the directive "https".
bool SplitDirective(const std::string& comment, std::string& key, std::string& value);

// True for the keys ApplyDirective knows ("materialized", "deps", ...).
bool IsDirectiveKey(const std::string& key);

// Applies directive `key` to `m` and records its line in m.lines. kParse at `path`:`line` for
// an unknown key (with the closest known one), a malformed value, or a directive other than
// tests: given twice.
Status ApplyDirective(const std::string& path, int line, const std::string& key,
                      const std::string& value, Model& m);

// Parses a `tests:` value ("not_null(id), accepted_values(s, ['a', 'b'])").
Result<std::vector<ModelTest>> ParseTests(const std::string& path, int line,
                                          const std::string& value);

}  // namespace pgcrate::model

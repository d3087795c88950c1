// The output contract: data on stdout, diagnostics on stderr, JSON envelopes in --json mode
// (and nothing app-level on stderr then), colour only on a TTY without NO_COLOR, and every
// diagnostic passed through connection-string redaction (data on stdout never is).
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "pgcrate/status.h"

namespace pgcrate::output {

struct Mode {
  bool json = false;
  bool quiet = false;    // only errors on stderr
  bool verbose = false;  // executed SQL on stderr
};

class Output {
 public:
  explicit Output(Mode mode);

  const Mode& mode() const { return mode_; }
  bool json() const { return mode_.json; }

  // The command's answer, to stdout (text mode).
  void Data(std::string_view text) const;
  // A piece of a long answer to stdout, written as it is (nothing appended, nothing redacted,
  // like Data); `last` flushes stdout. Lets a command stream an answer too large to build as one
  // string; the caller ends the answer with a newline and cuts pieces between records.
  void DataPart(std::string_view text, bool last) const;
  // A JSON success document to stdout; "ok": true is put first.
  void Json(nlohmann::ordered_json doc) const;  // taken by value: values are moved, not copied
  // Progress and informational messages to stderr; silent with --quiet or --json.
  void Info(std::string_view text) const;
  // Warnings to stderr; silent with --json.
  void Warn(std::string_view text) const;
  // An executed statement for --verbose, to stderr; silent otherwise or with --json.
  void Sql(std::string_view sql) const;
  // Reports a failure: JSON error document on stdout with --json, else "error: ..." with
  // details and hint on stderr.
  void Error(const Status& status) const;

 private:
  std::string Paint(std::string_view text, const char* ansi) const;

  Mode mode_;
  bool color_;
};

// The JSON error document for `status`: {"ok":false,"error":{"message":..,"details":..}}.
nlohmann::ordered_json ErrorJson(const Status& status);
// The text of `status`'s details, hint and SQLSTATE as extra lines, "" when none.
std::string StatusExtras(const Status& status);

// Renders rows as an aligned psql-style table with a "(N rows)" footer.
std::string RenderTable(const std::vector<std::string>& headers,
                        const std::vector<std::vector<std::string>>& rows, bool footer = true);
// The same table from `cells`, row after row, headers.size() to a row (no vector per row: a
// table of 10,000 rows is `migrate status` over 10,000 migrations).
std::string RenderTableCells(const std::vector<std::string>& headers,
                             const std::vector<std::string_view>& cells, bool footer = true);

}  // namespace pgcrate::output

// Lint output formats: text (file:line:col, the offending line, a caret, the reason and the
// fix), JSON (pgcrate's envelope), GitHub workflow annotations, and SARIF 2.1.0. Each is
// written in pieces to a Sink, finding by finding, so a report with many findings is never
// held as one big string or JSON tree; strings are JSON-escaped with invalid UTF-8 replaced
// (U+FFFD), so no input makes a renderer fail.
#pragma once

#include <string>
#include <string_view>

#include "lint/linter.h"

namespace pgcrate::lint {

enum class Format { kText, kJson, kGithub, kSarif };

// Parses "text" | "json" | "github" | "sarif"; false otherwise.
bool ParseFormat(const std::string& name, Format& out);

// Where rendered text goes: Write() receives it in order, in pieces that end between two
// findings (about 64 KB each).
class Sink {
 public:
  virtual ~Sink() = default;
  virtual void Write(std::string_view text) = 0;
};

// The human report, ending with a summary line ("2 errors, 1 warning in 3 files ...").
void WriteText(const LintReport& report, bool color, Sink& sink);
// {"findings":[...],"summary":{...}} pretty-printed as nlohmann's dump(2); with `ok` the
// document opens with "ok": true (the --json envelope). No trailing newline.
void WriteJson(const LintReport& report, bool ok, Sink& sink);
// One `::error file=..,line=..,col=..,title=..::message` line per finding.
void WriteGithub(const LintReport& report, Sink& sink);
// A SARIF 2.1.0 log with one run, the rules that fired, and one result per finding; `version`
// is the driver's version. No trailing newline.
void WriteSarif(const LintReport& report, std::string_view version, Sink& sink);

// The same formats as one string (tests, and the `migrate up` gate's short reports).
std::string RenderText(const LintReport& report, bool color);
std::string RenderJson(const LintReport& report);
std::string RenderGithub(const LintReport& report);
std::string RenderSarif(const LintReport& report, std::string_view version);

}  // namespace pgcrate::lint

// Fuzzes the lint pipeline (lint::Lint: the PostgreSQL parser, the facts earlier statements
// create, every rule, `-- pgcrate-lint: ignore` comments, positions) on arbitrary SQL. The
// input is linted as a migration (its up section, lint::FromMigration) when it parses as one,
// else as a plain SQL file when it is text (no NUL, valid UTF-8), as `migrate lint` reads it.
//
// Invariants: every finding names the file, points at a line of it and a column within that
// line (lines end at \n, \r\n or a lone \r, as everywhere in pgcrate: base::LineColumnAt),
// shows that line as its source line, and the findings are in file order with the error and
// warning counts adding up to them.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/files.h"
#include "fuzz_check.h"
#include "lint/linter.h"
#include "lint/sources.h"
#include "migrate/migration_file.h"

namespace {

namespace lint = pgcrate::lint;
using pgcrate::fuzz::Quoted;

// The file's lines without their line breaks.
std::vector<std::string_view> Lines(std::string_view s) {
  std::vector<std::string_view> out;
  size_t begin = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\n' && s[i] != '\r') continue;
    out.push_back(s.substr(begin, i - begin));
    if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
    begin = i + 1;
  }
  out.push_back(s.substr(begin));
  return out;
}

void CheckFindings(const lint::LintFile& file, const lint::LintReport& report) {
  std::string_view content = file.content;
  std::vector<std::string_view> lines = Lines(content);
  size_t errors = 0, warnings = 0;
  for (size_t i = 0; i < report.findings.size(); ++i) {
    const lint::Finding& f = report.findings[i];
    (f.severity == lint::Severity::kError ? errors : warnings)++;
    std::string where =
        std::string(f.rule_id) + " at " + std::to_string(f.line) + ":" + std::to_string(f.column);
    FUZZ_CHECK(f.file == file.path, where + " names the file " + f.file);
    FUZZ_CHECK(f.line >= 1 && static_cast<size_t>(f.line) <= lines.size(),
               where + ": the file has " + std::to_string(lines.size()) + " lines");
    std::string_view line = lines[static_cast<size_t>(f.line) - 1];
    FUZZ_CHECK(f.source_line == line,
               where + " shows " + Quoted(f.source_line) + " for line " + Quoted(line));
    FUZZ_CHECK(f.column >= 1 && static_cast<size_t>(f.column) <= line.size() + 1,
               where + ": the line has " + std::to_string(line.size()) + " bytes");
    if (i > 0) {
      const lint::Finding& p = report.findings[i - 1];
      FUZZ_CHECK(p.line < f.line || (p.line == f.line && p.column <= f.column),
                 where + " comes after a finding at " + std::to_string(p.line) + ":" +
                     std::to_string(p.column));
    }
  }
  FUZZ_CHECK(errors == report.errors && warnings == report.warnings,
             "the error/warning counts do not add up to the findings");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string content(reinterpret_cast<const char*>(data), size);
  auto m = pgcrate::migrate::ParseMigrationFile("migrations/20250101000000_fuzz.sql", content);
  lint::LintFile file;
  if (m.ok()) {
    file = lint::FromMigration(*m, content);
  } else {
    // Plain SQL files are read as text (base::ReadFile): no NUL, valid UTF-8.
    if (!pgcrate::base::CheckText("fuzz.sql", content).ok()) return 0;
    file.path = "fuzz.sql";
    file.content = content;
  }
  lint::LintOptions options;
  lint::LintReport report = lint::Lint({file}, options);
  CheckFindings(file, report);
  return 0;
}

// Lint output formats: text (file:line:col, the offending line, a caret, the reason and the
// fix), JSON (pgcrate's envelope), GitHub workflow annotations, and SARIF 2.1.0.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "lint/linter.h"

namespace pgcrate::lint {

enum class Format { kText, kJson, kGithub, kSarif };

// Parses "text" | "json" | "github" | "sarif"; false otherwise.
bool ParseFormat(const std::string& name, Format& out);

// The human report, ending with a summary line ("2 errors, 1 warning in 3 files ...").
std::string RenderText(const LintReport& report, bool color);
// {"findings":[...],"summary":{...}} (the caller adds "ok").
nlohmann::ordered_json RenderJson(const LintReport& report);
// One `::error file=..,line=..,col=..,title=..::message` line per finding.
std::string RenderGithub(const LintReport& report);
// A SARIF 2.1.0 log with one run, the rules that fired, and one result per finding.
nlohmann::ordered_json RenderSarif(const LintReport& report);

}  // namespace pgcrate::lint

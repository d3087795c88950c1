#include "lint/render.h"

#include "lint/registry.h"
#include "pgcrate/version.h"

namespace pgcrate::lint {
namespace {

using nlohmann::ordered_json;

std::string Paint(bool color, const char* ansi, const std::string& text) {
  return color ? std::string("\x1b[") + ansi + "m" + text + "\x1b[0m" : text;
}

// "   12 | CREATE INDEX ..." and the caret line under it.
void AppendSource(const Finding& f, bool color, std::string& out) {
  std::string num = std::to_string(f.line);
  std::string pad(num.size() + 1, ' ');
  out += pad + "|\n";
  out += " " + num + " | " + f.source_line + "\n";
  std::string lead;
  for (int i = 1; i < f.column && static_cast<size_t>(i) <= f.source_line.size(); ++i) {
    lead += f.source_line[static_cast<size_t>(i) - 1] == '\t' ? '\t' : ' ';
  }
  out += pad + "| " + lead + Paint(color, "1;31", "^") + "\n";
}

void AppendIndented(const std::string& label, const std::string& text, std::string& out) {
  if (text.empty()) return;
  size_t start = 0;
  bool first = true;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    out += (first ? "  = " + label + ": " : std::string(6 + label.size(), ' ')) + line + "\n";
    first = false;
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
}

std::string Plural(size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string GithubEscape(const std::string& s, bool property) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else if (property && c == ':') out += "%3A";
    else if (property && c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

}  // namespace

bool ParseFormat(const std::string& name, Format& out) {
  if (name == "text") out = Format::kText;
  else if (name == "json") out = Format::kJson;
  else if (name == "github") out = Format::kGithub;
  else if (name == "sarif") out = Format::kSarif;
  else return false;
  return true;
}

std::string RenderText(const LintReport& report, bool color) {
  std::string out;
  out.reserve(report.findings.size() * 400);
  for (const auto& f : report.findings) {
    bool err = f.severity == Severity::kError;
    out += Paint(color, "1", f.file + ":" + std::to_string(f.line) + ":" +
                                 std::to_string(f.column) + ": ");
    out += Paint(color, err ? "1;31" : "1;33", SeverityName(f.severity));
    out += "[" + f.rule_id + "]: " + f.message + "\n";
    AppendSource(f, color, out);
    AppendIndented("why", f.reason, out);
    AppendIndented("fix", f.fix, out);
    out += "\n";
  }
  out += Plural(report.errors, "error") + ", " + Plural(report.warnings, "warning") + " in " +
         Plural(report.files, "file") + " (" + Plural(report.statements, "statement") + ")\n";
  return out;
}

ordered_json RenderJson(const LintReport& report) {
  ordered_json findings = ordered_json::array();
  for (const auto& f : report.findings) {
    findings.push_back({{"rule", f.rule_id}, {"severity", SeverityName(f.severity)},
                        {"file", f.file}, {"line", f.line}, {"column", f.column},
                        {"message", f.message}, {"summary", f.summary}, {"reason", f.reason},
                        {"fix", f.fix}, {"source", f.source_line}});
  }
  ordered_json doc;
  doc["findings"] = std::move(findings);
  doc["summary"] = {{"files", report.files}, {"statements", report.statements},
                    {"errors", report.errors}, {"warnings", report.warnings}};
  return doc;
}

std::string RenderGithub(const LintReport& report) {
  std::string out;
  for (const auto& f : report.findings) {
    out += f.severity == Severity::kError ? "::error " : "::warning ";
    out += "file=" + GithubEscape(f.file, true) + ",line=" + std::to_string(f.line) +
           ",col=" + std::to_string(f.column) + ",title=" + GithubEscape(f.rule_id, true) +
           "::" + GithubEscape(f.message + "\nfix: " + f.fix, false) + "\n";
  }
  return out;
}

ordered_json RenderSarif(const LintReport& report) {
  ordered_json rules = ordered_json::array();
  std::map<std::string, size_t> index;
  for (const auto& f : report.findings) {
    if (index.count(f.rule_id)) continue;
    index[f.rule_id] = rules.size();
    rules.push_back({{"id", f.rule_id},
                     {"shortDescription", {{"text", f.summary}}},
                     {"fullDescription", {{"text", f.reason}}},
                     {"help", {{"text", f.fix}}},
                     {"helpUri", "docs/rules/" + f.rule_id + ".md"}});
  }
  ordered_json results = ordered_json::array();
  for (const auto& f : report.findings) {
    ordered_json region = {{"startLine", f.line}, {"startColumn", f.column}};
    results.push_back(
        {{"ruleId", f.rule_id}, {"ruleIndex", index[f.rule_id]},
         {"level", f.severity == Severity::kError ? "error" : "warning"},
         {"message", {{"text", f.message}}},
         {"locations", ordered_json::array({{{"physicalLocation",
                                              {{"artifactLocation", {{"uri", f.file}}},
                                               {"region", region}}}}})}});
  }
  ordered_json driver = {{"name", "pgcrate"}, {"version", kVersion},
                         {"informationUri", "https://github.com/pgcrate/pgcrate"},
                         {"rules", std::move(rules)}};
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
          {"version", "2.1.0"},
          {"runs", ordered_json::array({{{"tool", {{"driver", std::move(driver)}}},
                                         {"results", std::move(results)}}})}};
}

}  // namespace pgcrate::lint

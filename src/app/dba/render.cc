#include "app/dba/render.h"

#include "base/strings.h"
#include "output/output.h"

namespace pgcrate::dba {

using nlohmann::ordered_json;

namespace {
std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}
}  // namespace

ordered_json FindingJson(const Finding& f, bool include_fixes) {
  ordered_json j;
  j["kind"] = f.kind;
  j["severity"] = SeverityName(f.severity);
  j["object"] = f.object.empty() ? ordered_json() : ordered_json(f.object);
  j["message"] = f.message;
  j["action"] = f.action;
  j["details"] = f.details;
  if (include_fixes) {
    j["fix"] =
        f.fix
            ? ordered_json{{"command", f.fix->command}, {"sql", f.fix->sql}, {"risk", f.fix->risk}}
            : ordered_json();
  }
  return j;
}

ordered_json ReportJson(const CheckReport& report, bool include_fixes) {
  ordered_json j;
  j["check"] = report.check;
  j["status"] = report.skipped.empty() ? SeverityName(report.status) : "skipped";
  j["summary"] = report.summary;
  j["skipped"] = report.skipped.empty() ? ordered_json() : ordered_json(report.skipped);
  ordered_json findings = ordered_json::array();
  for (const Finding& f : report.findings) findings.push_back(FindingJson(f, include_fixes));
  j["findings"] = findings;
  j["data"] = report.data;
  return j;
}

std::string StatusLabel(const CheckReport& report) {
  if (!report.skipped.empty()) return "SKIPPED";
  return Upper(SeverityName(report.status));
}

std::string FindingsText(const CheckReport& report) {
  std::string out;
  for (const Finding& f : report.findings) {
    std::string sev = Upper(SeverityName(f.severity));
    out += "  " + sev + std::string(sev.size() < 9 ? 9 - sev.size() : 1, ' ');
    out += (f.object.empty() ? "" : f.object + ": ") + f.message + "\n";
    if (!f.action.empty()) out += "           action: " + f.action + "\n";
    if (f.fix) out += "           fix:    " + f.fix->command + "\n";
  }
  return out;
}

std::string ReportText(const CheckReport& report, bool table) {
  std::string out = report.check + ": " + StatusLabel(report);
  if (!report.summary.empty()) out += " - " + report.summary;
  out += "\n";
  std::string findings = FindingsText(report);
  if (!findings.empty()) out += "\n" + findings;
  if (table && !report.columns.empty() && !report.rows.empty()) {
    out += "\n" + output::RenderTable(report.columns, report.rows) + "\n";
  }
  return out;
}

}  // namespace pgcrate::dba

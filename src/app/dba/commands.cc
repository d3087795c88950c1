#include "app/dba/commands.h"

#include "app/dba/render.h"
#include "dba/registry.h"
#include "dba/runner.h"

namespace pgcrate::dba {

using nlohmann::ordered_json;

Result<CheckReport> RunConfiguredCheck(app::Session& session, pg::Connection& conn,
                                       const std::string& id, const CheckOptions& options) {
  const CheckDescriptor* check = FindCheck(id);
  if (!check) return Status(Code::kUsage, "unknown dba check '" + id + "'.");
  PGCRATE_RETURN_IF_ERROR(session.LoadConfig());
  std::vector<std::string> warnings;
  Thresholds t = ResolveThresholds(*check, session.config().dba_thresholds, warnings);
  for (const auto& w : warnings) session.out().Warn(w);
  return RunCheck(*check, conn, t, options);
}

namespace {

Result<Outcome> PrintCheck(app::Session& session, const std::string& id,
                           const CheckOptions& options, bool include_fixes, bool actions) {
  auto conn = session.Connect();
  if (!conn.ok()) return conn.status();
  auto report = RunConfiguredCheck(session, *conn.value(), id, options);
  if (!report.ok()) return report.status();
  if (session.out().json()) {
    ordered_json doc = ReportJson(report.value(), include_fixes);
    if (actions) {
      doc["actions"] = ordered_json::array();
      for (const Finding& f : report->findings) {
        if (f.fix) doc["actions"].push_back(FindingJson(f, true));
      }
    }
    session.out().Json(doc);
  } else if (!session.out().mode().quiet) {  // --quiet: the exit code says it all
    session.out().Data(ReportText(report.value(), true));
  }
  return Outcome{report->status, false};
}

}  // namespace

Result<Outcome> RunCheckCommand(app::Session& session, const std::string& id,
                                const CheckOptions& options) {
  return PrintCheck(session, id, options, true, false);
}

Result<Outcome> RunExplainCommand(app::Session& session, const CheckOptions& options,
                                  bool include_actions) {
  return PrintCheck(session, "explain", options, include_actions, include_actions);
}

namespace {

struct TriageEntry {
  std::string check;
  Result<CheckReport> report;
};

ordered_json TriageJson(const std::vector<TriageEntry>& entries, const Outcome& o,
                        bool include_fixes) {
  ordered_json checks = ordered_json::array(), actions = ordered_json::array();
  std::map<std::string, int> counts = {{"healthy", 0},  {"info", 0},    {"warning", 0},
                                       {"critical", 0}, {"skipped", 0}, {"error", 0}};
  for (const auto& e : entries) {
    if (!e.report.ok()) {
      counts["error"]++;
      checks.push_back(
          {{"check", e.check}, {"status", "error"}, {"error", e.report.status().ToString()}});
      continue;
    }
    ordered_json j = ReportJson(e.report.value(), include_fixes);
    counts[j["status"].get<std::string>()]++;
    for (const Finding& f : e.report->findings) {
      if (!include_fixes || f.severity < Severity::kWarning) continue;
      ordered_json a = FindingJson(f, true);
      a["check"] = e.check;
      actions.push_back(a);
    }
    checks.push_back(j);
  }
  ordered_json doc;
  doc["status"] = o.failed ? "error" : SeverityName(o.severity);
  doc["summary"] = counts;
  doc["checks"] = checks;
  if (include_fixes) doc["actions"] = actions;
  return doc;
}

std::string TriageText(const std::vector<TriageEntry>& entries, const Outcome& o) {
  std::string head, body;
  for (const auto& e : entries) {
    std::string name = e.check + std::string(e.check.size() < 14 ? 14 - e.check.size() : 1, ' ');
    if (!e.report.ok()) {
      head += "  " + name + "ERROR     " + e.report.status().ToString() + "\n";
      continue;
    }
    std::string label = StatusLabel(e.report.value());
    head += "  " + name + label + std::string(10 - label.size(), ' ') + e.report->summary + "\n";
    std::string f = FindingsText(e.report.value());
    if (!f.empty()) body += "\n" + e.check + ":\n" + f;
  }
  std::string status = o.failed ? "ERROR" : StatusLabel(CheckReport{.status = o.severity});
  return "triage: " + status + "\n" + head + body;
}

}  // namespace

Result<Outcome> RunTriage(app::Session& session, bool include_fixes) {
  auto conn = session.Connect();
  if (!conn.ok()) return conn.status();
  std::vector<TriageEntry> entries;
  Outcome o;
  for (const CheckDescriptor* c : TriageChecks()) {
    auto r = RunConfiguredCheck(session, *conn.value(), c->id, CheckOptions{});
    if (r.ok() && r->status > o.severity) o.severity = r->status;
    if (!r.ok()) o.failed = true;
    entries.push_back({c->id, std::move(r)});
  }
  if (session.out().json()) {
    session.out().Json(TriageJson(entries, o, include_fixes));
  } else if (!session.out().mode().quiet) {
    session.out().Data(TriageText(entries, o));
  }
  return o;
}

}  // namespace pgcrate::dba

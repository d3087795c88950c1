#include "dba/runner.h"

namespace pgcrate::dba {

Thresholds ResolveThresholds(const CheckDescriptor& check,
                             const std::map<std::string, double>& config,
                             std::vector<std::string>& warnings) {
  std::map<std::string, double> values;
  for (const Threshold& t : check.thresholds) values[t.name] = t.value;
  std::string prefix = check.id + ".";
  for (const auto& [key, value] : config) {
    if (key.rfind(prefix, 0) != 0) continue;
    std::string name = key.substr(prefix.size());
    if (!values.count(name)) {
      std::string known;
      for (const Threshold& t : check.thresholds) known += (known.empty() ? "" : ", ") + t.name;
      warnings.push_back("unknown threshold '" + name + "' in [dba." + check.id +
                         "]; it is ignored (known: " + (known.empty() ? "none" : known) + ").");
      continue;
    }
    values[name] = value;
  }
  return Thresholds(std::move(values));
}

Result<CheckReport> RunCheck(const CheckDescriptor& check, pg::Connection& conn,
                             const Thresholds& thresholds, const CheckOptions& options) {
  CheckReport report;
  report.check = check.id;
  CheckContext ctx{conn, conn.server_version(), thresholds, options};
  Status st = check.run(ctx, report);
  if (st.ok()) return report;
  // A failed statement may leave an aborted transaction; later checks need a clean session.
  if (conn.in_transaction()) (void)conn.Run("ROLLBACK");
  if (st.code() == Code::kQuery && st.sqlstate() == "42501") {
    CheckReport skipped;
    skipped.check = check.id;
    skipped.Skip("needs more privileges (" + st.message() +
                 "); grant pg_monitor or pg_read_all_stats to this role");
    return skipped;
  }
  return Status(st).Prefix("dba " + check.id + ": ");
}

}  // namespace pgcrate::dba

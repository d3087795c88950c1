#include "dba/check.h"

#include <cassert>
#include <cmath>
#include <cstdio>

#include "base/strings.h"

namespace pgcrate::dba {

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kOk:
      return "healthy";
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kCritical:
      return "critical";
  }
  return "healthy";
}

double Thresholds::Get(const std::string& name) const {
  auto it = values_.find(name);
  assert(it != values_.end() && "a check read a threshold it did not declare");
  return it == values_.end() ? 0 : it->second;
}

void CheckReport::Add(Finding f) {
  if (f.severity > status) status = f.severity;
  findings.push_back(std::move(f));
}

void CheckReport::Skip(std::string reason) {
  skipped = std::move(reason);
  summary = "skipped: " + skipped;
}

std::string Fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string HumanBytes(double bytes) {
  const char* units[] = {"bytes", "kB", "MB", "GB", "TB"};
  int u = 0;
  while (std::fabs(bytes) >= 1024 && u < 4) {
    bytes /= 1024;
    ++u;
  }
  return u == 0 ? Fixed(bytes, 0) + " bytes" : Fixed(bytes, 1) + " " + units[u];
}

std::string HumanSeconds(double seconds) {
  auto s = static_cast<long long>(seconds);
  if (s < 60) return std::to_string(s) + "s";
  if (s < 3600) return std::to_string(s / 60) + "m " + std::to_string(s % 60) + "s";
  if (s < 86400) return std::to_string(s / 3600) + "h " + std::to_string(s % 3600 / 60) + "m";
  return std::to_string(s / 86400) + "d " + std::to_string(s % 86400 / 3600) + "h";
}

Severity Grade(double value, double warning, double critical) {
  if (value >= critical) return Severity::kCritical;
  if (value >= warning) return Severity::kWarning;
  return Severity::kOk;
}

std::string FixCommand(const std::vector<std::string>& words) {
  std::vector<std::string> all = {"pgcrate", "--read-write", "--primary", "dba", "fix"};
  all.insert(all.end(), words.begin(), words.end());
  return base::ShellCommand(all);
}

}  // namespace pgcrate::dba

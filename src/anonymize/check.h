// `anonymize check`: the columns whose names (or types) look like personal data and that no
// rule covers, and the rules that name no existing column — so CI can keep a new PII column
// from slipping into an anonymized copy.
#pragma once

#include <string>
#include <vector>

#include "anonymize/column.h"
#include "anonymize/rules.h"

namespace pgcrate::anonymize {

struct UncoveredColumn {
  std::string schema, table, column, type;
  std::string reason;  // e.g. "name contains 'email'", "type inet"
};

struct StaleRule {
  std::string key;
  int line = 0;
  std::string reason;  // "no table public.x", "no column y in public.x"
};

struct CheckResult {
  std::vector<UncoveredColumn> uncovered;
  std::vector<StaleRule> stale;
  int columns_checked = 0;
  int rules = 0;
  bool ok() const { return uncovered.empty() && stale.empty(); }
};

// Why `column` (of type class/type `type`) looks like personal data, "" when it does not.
// Names are split into words at '_' and case changes; short words (ip, ssn, dob, zip, tel,
// name, city) must be whole words, long ones (email, phone, address, password, ...) may be
// part of a word ("emailaddress").
std::string PersonalDataReason(const std::string& column, const std::string& type);

CheckResult CheckCoverage(const std::vector<Table>& tables, const RuleSet& rules);

}  // namespace pgcrate::anonymize

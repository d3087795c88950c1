// How check reports look: the spec's --json objects and text a DBA can act on (a status
// line, one block per finding with its action, then the check's table).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "dba/check.h"

namespace pgcrate::dba {

// {"check","status","summary","skipped","findings":[{kind,severity,object,message,action,
// details,fix?}],"data"}. `include_fixes` adds each finding's "fix" object.
nlohmann::ordered_json ReportJson(const CheckReport& report, bool include_fixes);
// One finding as JSON (the element of "findings").
nlohmann::ordered_json FindingJson(const Finding& f, bool include_fixes);

// "sequences: CRITICAL - summary" followed by the findings; `table` appends the rows.
std::string ReportText(const CheckReport& report, bool table);
// The findings block alone (indented), "" when there are none.
std::string FindingsText(const CheckReport& report);

// "HEALTHY" | "INFO" | "WARNING" | "CRITICAL" | "SKIPPED".
std::string StatusLabel(const CheckReport& report);

}  // namespace pgcrate::dba

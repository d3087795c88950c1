// Detects timestamp (without time zone) columns: values lose their zone and comparisons
// depend on each session's TimeZone setting.
#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace prefer_timestamptz_rule {
namespace {

void Check(const StatementContext& ctx, Reporter& out) {
  for (sql::JsonRef col : ColumnDefs(ctx.st)) {
    if (TypeName(col["typeName"]) != "timestamp") continue;
    out.Report(LocationOr(col["typeName"], ctx.st.offset),
               "column " + std::string(col["colname"].str()) +
                   " is timestamp without time zone; prefer timestamptz.");
  }
}

}  // namespace
}  // namespace prefer_timestamptz_rule

extern const Rule kPreferTimestamptz = {
    "prefer-timestamptz",
    "timestamp without time zone column",
    "timestamp stores a wall-clock time with no zone, so the same instant reads differently "
    "per session TimeZone and DST changes create duplicates and gaps.",
    "ALTER TABLE events ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();",
    Severity::kWarning,
    prefer_timestamptz_rule::Check,
    nullptr};

}  // namespace pgcrate::lint::rules

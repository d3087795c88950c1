// Detects UPDATE or DELETE without WHERE on an existing table: every row is changed (and
// locked) in one transaction, usually by mistake.
#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace unfiltered_dml_rule {
namespace {

void Check(const StatementContext& ctx, Reporter& out) {
  const std::string& t = ctx.st.node_type;
  if ((t != "UpdateStmt" && t != "DeleteStmt") || ctx.body()["whereClause"].valid()) return;
  if (t == "DeleteStmt" && ctx.body()["usingClause"].valid()) return;  // joined: filtered
  sql::ObjectName table = ctx.Table(ctx.body()["relation"]);
  if (!ctx.Existing(table)) return;
  out.Report(ctx.st.offset, std::string(t == "UpdateStmt" ? "UPDATE" : "DELETE") + " of " +
                                table.Qualified() +
                                " has no WHERE clause: it touches and locks "
                                "every row.");
}

}  // namespace
}  // namespace unfiltered_dml_rule

extern const Rule kUnfilteredDml = {
    "unfiltered-dml",
    "UPDATE or DELETE without WHERE",
    "Every row is rewritten or deleted and row-locked in one transaction, blocking concurrent "
    "writers and bloating the table; it is rarely intended in a migration.",
    "UPDATE orders SET status = 'new'\n"
    " WHERE id IN (SELECT id FROM orders WHERE status IS NULL LIMIT 5000);  -- repeat",
    Severity::kError,
    unfiltered_dml_rule::Check,
    nullptr};

}  // namespace pgcrate::lint::rules

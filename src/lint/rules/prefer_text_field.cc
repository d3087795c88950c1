// Detects varchar(n) and char(n) columns: the length limit buys nothing in PostgreSQL (same storage
// as text) and raising it later may need a table rewrite on old versions and always an ACCESS
// EXCLUSIVE lock.
#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace prefer_text_field_rule {
namespace {

void Check(const StatementContext& ctx, Reporter& out) {
  for (sql::JsonRef col : ColumnDefs(ctx.st)) {
    sql::JsonRef type = col["typeName"];
    std::string name = TypeName(type);
    // bpchar is char(n): blank-padded, which is worse.
    if ((name != "varchar" && name != "bpchar") || Typmod(type) < 0) continue;
    out.Report(LocationOr(type, ctx.st.offset),
               "column " + std::string(col["colname"].str()) + " is " +
                   (name == "bpchar" ? "char(" : "varchar(") + std::to_string(Typmod(type)) +
                   "); prefer text with a CHECK if a limit matters.");
  }
}

}  // namespace
}  // namespace prefer_text_field_rule

extern const Rule kPreferTextField = {
    "prefer-text-field",
    "varchar(n) or char(n) column",
    "varchar(n) stores like text; changing n later takes an ACCESS EXCLUSIVE lock, whereas a "
    "CHECK constraint can be replaced NOT VALID without blocking.",
    "ALTER TABLE users ADD COLUMN email text\n"
    "  CONSTRAINT chk_users_email_length CHECK (length(email) <= 255);",
    Severity::kWarning,
    prefer_text_field_rule::Check,
    nullptr};

}  // namespace pgcrate::lint::rules

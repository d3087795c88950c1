// Detects DROP DATABASE in a migration: irreversible, and it cannot run in a transaction.
#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace ban_drop_database_rule {
namespace {

void Check(const StatementContext& ctx, Reporter& out) {
  if (ctx.st.node_type != "DropdbStmt") return;
  out.Report(ctx.st.offset, "DROP DATABASE " + std::string(ctx.body()["dbname"].str()) +
                                " destroys a whole database; it does not belong in a migration.");
}

}  // namespace
}  // namespace ban_drop_database_rule

extern const Rule kBanDropDatabase = {
    "ban-drop-database",
    "DROP DATABASE in a migration",
    "Dropping a database is irreversible, cannot run inside the migration's transaction, and "
    "cannot be undone by a down migration.",
    "-- drop databases by hand, after a verified backup:\n"
    "-- pg_dump -Fc olddb > olddb.dump && dropdb olddb",
    Severity::kError,
    ban_drop_database_rule::Check,
    nullptr};

}  // namespace pgcrate::lint::rules

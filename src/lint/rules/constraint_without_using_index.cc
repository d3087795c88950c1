// Detects PRIMARY KEY or UNIQUE added to an existing table without USING INDEX: the unique
// index is built inside the ALTER TABLE, under ACCESS EXCLUSIVE, blocking reads and writes.
#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace constraint_without_using_index_rule {
namespace {

bool Keyed(sql::JsonRef con) {
  std::string_view t = con["contype"].str();
  return (t == "CONSTR_PRIMARY" || t == "CONSTR_UNIQUE") && con["indexname"].str().empty();
}

void Check(const StatementContext& ctx, Reporter& out) {
  if (ctx.st.node_type != "AlterTableStmt") return;
  sql::ObjectName table = ctx.Table(ctx.body()["relation"]);
  if (!ctx.ExistingAndLarge(table)) return;
  for (sql::JsonRef cmd : AlterCmds(ctx.body())) {
    std::vector<sql::JsonRef> cons;
    if (cmd["subtype"].str() == "AT_AddConstraint") cons.push_back(cmd["def"]["Constraint"]);
    if (cmd["subtype"].str() == "AT_AddColumn") {
      cons = Constraints(cmd["def"]["ColumnDef"]["constraints"]);
    }
    for (sql::JsonRef con : cons) {
      if (!Keyed(con)) continue;
      bool pk = con["contype"].str() == "CONSTR_PRIMARY";
      out.Report(LocationOr(con, ctx.st.offset),
                 std::string(pk ? "PRIMARY KEY" : "UNIQUE") + " on existing table " +
                     table.Qualified() + " builds its index under an ACCESS EXCLUSIVE lock.");
    }
  }
}

}  // namespace
}  // namespace constraint_without_using_index_rule

extern const Rule kConstraintWithoutUsingIndex = {
    "constraint-without-using-index",
    "PRIMARY KEY / UNIQUE added to an existing table without USING INDEX",
    "The constraint's unique index is built inside ALTER TABLE while ACCESS EXCLUSIVE blocks "
    "every read and write of the table.",
    "-- pgcrate: no-transaction\n"
    "CREATE UNIQUE INDEX CONCURRENTLY uq_users_email ON users (email);\n"
    "-- next migration:\n"
    "ALTER TABLE users ADD CONSTRAINT uq_users_email UNIQUE USING INDEX uq_users_email;",
    Severity::kError,
    constraint_without_using_index_rule::Check,
    nullptr};

}  // namespace pgcrate::lint::rules

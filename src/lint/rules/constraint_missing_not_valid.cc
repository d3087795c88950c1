// Detects FOREIGN KEY and CHECK constraints added to an existing table without NOT VALID, and
// a VALIDATE CONSTRAINT in the same transaction as its NOT VALID creation: either way the
// whole table is scanned while the ALTER TABLE lock is held.
#include <map>
#include <string>

#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace constraint_missing_not_valid_rule {
namespace {

std::string Kind(sql::JsonRef con) {
  return con["contype"].str() == "CONSTR_FOREIGN" ? "foreign key" : "check constraint";
}

bool Validating(sql::JsonRef con) {
  std::string_view t = con["contype"].str();
  return (t == "CONSTR_FOREIGN" || t == "CONSTR_CHECK") && !con["skip_validation"].boolean();
}

// The transaction (Transaction::id) of the statement that added each constraint NOT VALID
// earlier in the file, keyed by "schema.table.constraint".
using NotValidAdded = std::map<std::string, size_t>;

void RecordNotValid(const StatementContext& ctx, const sql::ObjectName& table) {
  auto& added = ctx.file.State<NotValidAdded>();
  for (sql::JsonRef cmd : AlterCmds(ctx.body())) {
    sql::JsonRef con = cmd["def"]["Constraint"];
    if (!con["skip_validation"].boolean()) continue;
    added[table.Qualified() + "." + std::string(con["conname"].str())] = ctx.txn.id;
  }
}

// True when `constraint` was added NOT VALID earlier in the statement's transaction.
bool AddedInThisTransaction(const StatementContext& ctx, const sql::ObjectName& table,
                            std::string_view constraint) {
  if (!ctx.Atomic()) return false;
  const auto& added = ctx.file.State<NotValidAdded>();
  auto it = added.find(table.Qualified() + "." + std::string(constraint));
  return it != added.end() && ctx.SameTransaction(it->second);
}

void Check(const StatementContext& ctx, Reporter& out) {
  if (ctx.st.node_type != "AlterTableStmt") return;
  sql::ObjectName table = ctx.Table(ctx.body()["relation"]);
  RecordNotValid(ctx, table);
  if (!ctx.ExistingAndLarge(table)) return;
  for (sql::JsonRef cmd : AlterCmds(ctx.body())) {
    std::string_view sub = cmd["subtype"].str();
    if (sub == "AT_AddConstraint" && Validating(cmd["def"]["Constraint"])) {
      sql::JsonRef con = cmd["def"]["Constraint"];
      out.Report(LocationOr(con, ctx.st.offset),
                 Kind(con) + " added to existing table " + table.Qualified() +
                     " without NOT VALID; every row is checked while the table is locked.");
    } else if (sub == "AT_AddColumn") {
      for (sql::JsonRef con : Constraints(cmd["def"]["ColumnDef"]["constraints"])) {
        if (!Validating(con)) continue;
        out.Report(LocationOr(con, ctx.st.offset),
                   Kind(con) + " declared with the new column on existing table " +
                       table.Qualified() + " is validated under the ALTER TABLE lock.");
      }
    } else if (sub == "AT_ValidateConstraint" &&
               AddedInThisTransaction(ctx, table, cmd["name"].str())) {
      out.Report(ctx.st.offset, "constraint " + std::string(cmd["name"].str()) +
                                    " is validated in the same transaction that added it NOT "
                                    "VALID, so the earlier lock is still held.");
    }
  }
}

}  // namespace
}  // namespace constraint_missing_not_valid_rule

extern const Rule kConstraintMissingNotValid = {
    "constraint-missing-not-valid",
    "FOREIGN KEY or CHECK added to an existing table without NOT VALID",
    "Adding a validated constraint scans the whole table while holding the ALTER TABLE lock "
    "(SHARE ROW EXCLUSIVE on both tables for a foreign key, ACCESS EXCLUSIVE for a CHECK).",
    "ALTER TABLE orders ADD CONSTRAINT fk_orders_user_id\n"
    "  FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\n"
    "-- in a later migration (SHARE UPDATE EXCLUSIVE only):\n"
    "ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_user_id;",
    Severity::kError,
    constraint_missing_not_valid_rule::Check,
    nullptr};

}  // namespace pgcrate::lint::rules

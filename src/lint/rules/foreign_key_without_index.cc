// Detects foreign keys whose referencing columns have no index (created anywhere in this run
// of pending migrations or, with a database, in the catalog): deletes and key updates on the
// referenced table then scan the referencing table, and joins along the key are slow.
#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace foreign_key_without_index_rule {
namespace {

struct Fk {
  sql::ObjectName table;
  std::vector<std::string> columns;
  size_t offset;
};

void Collect(const sql::Statement& st, const sql::SearchPath& path, std::vector<Fk>& out) {
  sql::JsonRef b = st.node.node_body();
  sql::JsonRef rel = b["relation"];
  sql::ObjectName table{"table", path.Resolve(rel["schemaname"].str()),
                        std::string(rel["relname"].str())};
  auto add = [&](sql::JsonRef con, const std::string& column) {
    if (con["contype"].str() != "CONSTR_FOREIGN") return;
    std::vector<std::string> cols = Strings(con["fk_attrs"]);
    if (cols.empty() && !column.empty()) cols.push_back(column);
    out.push_back({table, cols, LocationOr(con, st.offset)});
  };
  for (sql::JsonRef col : ColumnDefs(st)) {
    for (sql::JsonRef con : Constraints(col["constraints"]))
      add(con, std::string(col["colname"].str()));
  }
  if (st.node_type == "CreateStmt") {
    for (sql::JsonRef con : Constraints(b["tableElts"])) add(con, "");
  } else if (st.node_type == "AlterTableStmt") {
    for (sql::JsonRef cmd : AlterCmds(b)) add(cmd["def"]["Constraint"], "");
  }
}

void Check(const StatementContext& ctx, Reporter& out) {
  const std::string& t = ctx.st.node_type;
  if (t != "CreateStmt" && t != "AlterTableStmt") return;
  std::vector<Fk> fks;
  Collect(ctx.st, ctx.path, fks);
  for (Fk& fk : fks) {
    if (fk.columns.empty()) continue;
    std::string cols;
    for (const auto& c : fk.columns) cols += (cols.empty() ? "" : ", ") + c;
    // Decided after every pending migration: a later one may create the index.
    out.ReportUnlessResolved(fk.offset,
                             "foreign key on " + fk.table.Qualified() + " (" + cols +
                                 ") has no index on its referencing columns.",
                             [table = fk.table.Qualified(), columns = fk.columns](
                                 const Facts& facts) { return facts.HasIndexOn(table, columns); });
  }
}

}  // namespace
}  // namespace foreign_key_without_index_rule

extern const Rule kForeignKeyWithoutIndex = {
    "foreign-key-without-index",
    "foreign key whose referencing columns have no index",
    "Every DELETE or key UPDATE on the referenced table scans the referencing table (holding "
    "its locks meanwhile), and joins along the key cannot use an index.",
    "-- pgcrate: no-transaction\n"
    "CREATE INDEX CONCURRENTLY idx_orders_user_id ON orders (user_id);",
    Severity::kWarning,
    foreign_key_without_index_rule::Check,
    nullptr};

}  // namespace pgcrate::lint::rules

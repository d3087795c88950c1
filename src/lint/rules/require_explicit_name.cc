// Detects indexes and constraints (foreign key, check, unique, exclusion) created without an
// explicit name: generated names differ between databases, so later migrations and down
// sections cannot refer to them reliably. Primary keys are exempt (always <table>_pkey).
#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace require_explicit_name_rule {
namespace {

const char* Kind(std::string_view contype) {
  if (contype == "CONSTR_FOREIGN") return "foreign key";
  if (contype == "CONSTR_CHECK") return "check constraint";
  if (contype == "CONSTR_UNIQUE") return "unique constraint";
  if (contype == "CONSTR_EXCLUSION") return "exclusion constraint";
  return nullptr;
}

void Unnamed(const std::vector<sql::JsonRef>& cons, size_t fallback, Reporter& out) {
  for (sql::JsonRef con : cons) {
    const char* kind = Kind(con["contype"].str());
    if (!kind || !con["conname"].str().empty()) continue;
    out.Report(LocationOr(con, fallback), std::string(kind) + " has no explicit name.");
  }
}

void Check(const StatementContext& ctx, Reporter& out) {
  const std::string& t = ctx.st.node_type;
  if (t == "IndexStmt" && ctx.body()["idxname"].str().empty()) {
    out.Report(ctx.st.offset, "index on " + ctx.Table(ctx.body()["relation"]).Qualified() +
                                  " has no explicit name.");
  }
  for (sql::JsonRef col : ColumnDefs(ctx.st)) {
    Unnamed(Constraints(col["constraints"]), ctx.st.offset, out);
  }
  if (t == "CreateStmt") Unnamed(Constraints(ctx.body()["tableElts"]), ctx.st.offset, out);
  if (t == "AlterTableStmt") {
    for (sql::JsonRef cmd : AlterCmds(ctx.body())) {
      if (cmd["def"]["Constraint"].valid()) Unnamed({cmd["def"]["Constraint"]}, ctx.st.offset, out);
    }
  }
}

}  // namespace
}  // namespace require_explicit_name_rule

extern const Rule kRequireExplicitName = {
    "require-explicit-name",
    "index or constraint without an explicit name",
    "PostgreSQL generates names such as orders_user_id_fkey1 that can differ between "
    "databases, so later migrations and down sections cannot name the object reliably.",
    "name every index and constraint, e.g.\n"
    "CREATE INDEX CONCURRENTLY idx_orders_user_id ON orders (user_id);\n"
    "ALTER TABLE orders ADD CONSTRAINT fk_orders_user_id\n"
    "  FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\n"
    "ALTER TABLE orders ADD CONSTRAINT chk_orders_total CHECK (total >= 0) NOT VALID;\n"
    "ALTER TABLE orders ADD CONSTRAINT uq_orders_number UNIQUE USING INDEX idx_orders_number;",
    Severity::kWarning,
    require_explicit_name_rule::Check,
    nullptr};

}  // namespace pgcrate::lint::rules

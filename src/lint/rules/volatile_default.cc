// Detects ADD COLUMN on an existing table whose default is volatile (random(),
// gen_random_uuid(), clock_timestamp(), nextval() / serial) or a STORED generated column:
// PostgreSQL then rewrites the whole table under ACCESS EXCLUSIVE instead of storing one
// "fast default" (PG11+).
#include <set>

#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace volatile_default_rule {
namespace {

// Functions known to be volatile, and non-volatile ones that commonly appear in defaults.
const std::set<std::string>& KnownVolatile() {
  static const std::set<std::string> s = {
      "random",           "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc",
      "uuid_generate_v4", "clock_timestamp", "timeofday",        "nextval",
      "setseed",          "txid_current",    "random_normal"};
  return s;
}
const std::set<std::string>& KnownStable() {
  static const std::set<std::string> s = {"now",
                                          "statement_timestamp",
                                          "transaction_timestamp",
                                          "lower",
                                          "upper",
                                          "to_jsonb",
                                          "jsonb_build_object",
                                          "json_build_object",
                                          "jsonb_build_array",
                                          "array",
                                          "length",
                                          "concat",
                                          "md5",
                                          "make_interval",
                                          "to_timestamp",
                                          "date_trunc",
                                          "current_setting"};
  return s;
}

// The first function call in `expr` that is (or may be) volatile, "" when none.
std::string VolatileCall(sql::JsonRef expr, const Facts& facts) {
  bool object = expr.is_object();
  for (size_t i = 0; i < expr.size(); ++i) {
    sql::JsonRef child = expr.at(i);
    if (object && child.key() == "FuncCall") {
      std::string name = Strings(child["funcname"]).back();
      char v = facts.Volatility(name);
      if (v == 'v' || (v == 0 && (KnownVolatile().count(name) || !KnownStable().count(name)))) {
        return name;
      }
    }
    if (child.is_object() || child.is_array()) {
      std::string found = VolatileCall(child, facts);
      if (!found.empty()) return found;
    }
  }
  return "";
}

// Why adding `col` rewrites the table, "" when it does not.
std::string RewriteCause(sql::JsonRef col, const Facts& facts) {
  std::string type = TypeName(col["typeName"]);
  if (type == "serial" || type == "bigserial" || type == "smallserial") {
    return "its " + type + " type fills every row from a sequence";
  }
  for (sql::JsonRef con : Constraints(col["constraints"])) {
    std::string_view t = con["contype"].str();
    if (t == "CONSTR_GENERATED") return "a STORED generated column is computed for every row";
    if (t == "CONSTR_IDENTITY") return "an identity column fills every row from a sequence";
    if (t != "CONSTR_DEFAULT") continue;
    std::string fn = VolatileCall(con["raw_expr"], facts);
    if (!fn.empty()) return "its default calls " + fn + "(), which is (or may be) volatile";
  }
  return "";
}

void Check(const StatementContext& ctx, Reporter& out) {
  if (ctx.st.node_type != "AlterTableStmt") return;
  sql::ObjectName table = ctx.Table(ctx.body()["relation"]);
  if (!ctx.ExistingAndLarge(table)) return;
  for (sql::JsonRef col : ColumnDefs(ctx.st)) {
    std::string cause = RewriteCause(col, ctx.facts);
    if (cause.empty()) continue;
    out.Report(LocationOr(col, ctx.st.offset),
               "adding column " + std::string(col["colname"].str()) + " rewrites " +
                   table.Qualified() + " under ACCESS EXCLUSIVE: " + cause + ".");
  }
}

}  // namespace
}  // namespace volatile_default_rule

extern const Rule kVolatileDefault = {
    "volatile-default",
    "new column whose default forces a table rewrite",
    "A constant or stable default is stored once (PG11+), but a volatile default, a serial or "
    "identity column, or a STORED generated column is written into every row while ACCESS "
    "EXCLUSIVE blocks all reads and writes.",
    "ALTER TABLE orders ADD COLUMN token uuid;                     -- no default: instant\n"
    "ALTER TABLE orders ALTER COLUMN token SET DEFAULT gen_random_uuid();  -- new rows only\n"
    "-- then backfill existing rows in batches:\n"
    "UPDATE orders SET token = gen_random_uuid()\n"
    " WHERE id IN (SELECT id FROM orders WHERE token IS NULL LIMIT 5000);",
    Severity::kError,
    volatile_default_rule::Check,
    nullptr};

}  // namespace pgcrate::lint::rules

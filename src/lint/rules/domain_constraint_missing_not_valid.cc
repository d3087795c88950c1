// Detects ALTER DOMAIN ... ADD CONSTRAINT without NOT VALID and ALTER DOMAIN ... SET NOT NULL
// on a domain that already exists: PostgreSQL checks every column of every table that uses
// the domain, holding a SHARE lock on each table (writes blocked) until the statement ends.
#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace domain_constraint_missing_not_valid_rule {
namespace {

// The domain's "schema.name", unqualified names resolved against the script's search path.
std::string DomainName(const StatementContext& ctx) {
  std::vector<std::string> parts = Strings(ctx.body()["typeName"]);
  if (parts.empty()) return "";
  std::string schema = parts.size() > 1 ? parts[parts.size() - 2] : "";
  return ctx.path.Resolve(schema) + "." + parts.back();
}

void Check(const StatementContext& ctx, Reporter& out) {
  if (ctx.st.node_type != "AlterDomainStmt") return;
  std::string_view sub = ctx.body()["subtype"].str();
  bool add = sub == "C" && !ctx.body()["def"]["Constraint"]["skip_validation"].boolean();
  if (!add && sub != "O") return;  // O = SET NOT NULL, which has no NOT VALID form
  std::string domain = DomainName(ctx);
  if (ctx.facts.NewType(domain)) return;  // created in this run: no column uses it yet
  std::string what = add ? "constraint added to domain " + domain + " without NOT VALID"
                         : "SET NOT NULL on domain " + domain;
  out.Report(LocationOr(ctx.body()["def"]["Constraint"], ctx.st.offset),
             what +
                 " checks every column using the domain, with a SHARE lock on each of "
                 "their tables (writes blocked) until it ends.");
}

}  // namespace
}  // namespace domain_constraint_missing_not_valid_rule

extern const Rule kDomainConstraintMissingNotValid = {
    "domain-constraint-missing-not-valid",
    "ALTER DOMAIN ... ADD CONSTRAINT without NOT VALID, or SET NOT NULL, on an existing domain",
    "Adding a validated domain constraint (or NOT NULL) scans every table with a column of the "
    "domain, each under a SHARE lock that blocks INSERT, UPDATE and DELETE for the whole scan.",
    "ALTER DOMAIN positive_amount ADD CONSTRAINT positive_amount_check\n"
    "  CHECK (VALUE > 0) NOT VALID;        -- new values are checked at once\n"
    "-- in a later migration:\n"
    "ALTER DOMAIN positive_amount VALIDATE CONSTRAINT positive_amount_check;\n"
    "-- instead of SET NOT NULL on a domain: a NOT VALID CHECK (VALUE IS NOT NULL)",
    Severity::kError,
    domain_constraint_missing_not_valid_rule::Check,
    nullptr};

}  // namespace pgcrate::lint::rules

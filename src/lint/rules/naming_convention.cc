// Detects index and constraint names that do not follow the [lint.naming] patterns, e.g.
// index = "idx_{table}_{columns}", foreign_key = "fk_{table}_{columns}". Silent without
// patterns.
#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace naming_convention_rule {
namespace {

// Glob match with '*' only.
bool Glob(std::string_view p, std::string_view s) {
  if (p.empty()) return s.empty();
  if (p[0] == '*') {
    for (size_t i = 0; i <= s.size(); ++i) {
      if (Glob(p.substr(1), s.substr(i))) return true;
    }
    return false;
  }
  return !s.empty() && p[0] == s[0] && Glob(p.substr(1), s.substr(1));
}

std::string Expand(std::string pattern, const std::string& table,
                   const std::vector<std::string>& cols) {
  std::string joined;
  for (const auto& c : cols) joined += (joined.empty() ? "" : "_") + c;
  for (const char* key : {"{columns}", "{column}"}) {
    for (size_t at; (at = pattern.find(key)) != std::string::npos;) {
      pattern.replace(at, std::string_view(key).size(), joined);
    }
  }
  for (size_t at; (at = pattern.find("{table}")) != std::string::npos;)
    pattern.replace(at, 7, table);
  return pattern;
}

void Match(const StatementContext& ctx, const char* kind, const std::string& name,
           const std::vector<std::string>& cols, size_t offset, Reporter& out) {
  if (name.empty()) return;
  for (const auto& [k, pattern] : ctx.file.settings.naming) {
    if (k != kind) continue;
    std::string table(ctx.body()["relation"]["relname"].str());
    std::string want = Expand(pattern, table, cols);
    if (Glob(want, name)) continue;
    out.Report(offset, std::string(kind) + " " + name + " does not follow the naming pattern \"" +
                           pattern + "\" (expected " + want + ").");
  }
}

const char* ConKind(std::string_view t) {
  if (t == "CONSTR_FOREIGN") return "foreign_key";
  if (t == "CONSTR_CHECK") return "check";
  if (t == "CONSTR_UNIQUE") return "unique";
  if (t == "CONSTR_PRIMARY") return "primary_key";
  if (t == "CONSTR_EXCLUSION") return "exclusion";
  return nullptr;
}

void Check(const StatementContext& ctx, Reporter& out) {
  if (ctx.file.settings.naming.empty()) return;
  if (ctx.st.node_type == "IndexStmt") {
    std::vector<std::string> cols;
    sql::JsonRef params = ctx.body()["indexParams"];
    for (size_t i = 0; i < params.size(); ++i)
      cols.emplace_back(params.at(i)["IndexElem"]["name"].str());
    Match(ctx, "index", std::string(ctx.body()["idxname"].str()), cols, ctx.st.offset, out);
    return;
  }
  std::vector<std::pair<sql::JsonRef, std::string>> cons;  // constraint, its column
  for (sql::JsonRef col : ColumnDefs(ctx.st)) {
    for (sql::JsonRef c : Constraints(col["constraints"]))
      cons.emplace_back(c, std::string(col["colname"].str()));
  }
  for (sql::JsonRef c : Constraints(ctx.body()["tableElts"])) cons.emplace_back(c, "");
  for (sql::JsonRef cmd : AlterCmds(ctx.body())) {
    if (cmd["def"]["Constraint"].valid()) cons.emplace_back(cmd["def"]["Constraint"], "");
  }
  for (const auto& [con, column] : cons) {
    const char* kind = ConKind(con["contype"].str());
    if (!kind) continue;
    std::vector<std::string> cols =
        Strings(con["contype"].str() == "CONSTR_FOREIGN" ? con["fk_attrs"] : con["keys"]);
    if (cols.empty() && !column.empty()) cols.push_back(column);
    Match(ctx, kind, std::string(con["conname"].str()), cols, LocationOr(con, ctx.st.offset), out);
  }
}

}  // namespace
}  // namespace naming_convention_rule

extern const Rule kNamingConvention = {
    "naming-convention",
    "index or constraint name not following [lint.naming]",
    "Predictable names (fk_orders_user_id, idx_orders_user_id) let migrations, down sections "
    "and on-call engineers find objects without looking them up.",
    "# pgcrate.toml\n"
    "[lint.naming]\n"
    "index = \"idx_{table}_{columns}\"\n"
    "foreign_key = \"fk_{table}_{columns}\"",
    Severity::kWarning,
    naming_convention_rule::Check,
    nullptr};

}  // namespace pgcrate::lint::rules

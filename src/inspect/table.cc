#include "inspect/table.h"

#include "base/strings.h"
#include "catalog/loader.h"
#include "sql/quote.h"

namespace pgcrate::inspect {
namespace {

using nlohmann::ordered_json;

const char* ConstraintTypeName(catalog::ConstraintType t) {
  switch (t) {
    case catalog::ConstraintType::kPrimaryKey:
      return "PRIMARY KEY";
    case catalog::ConstraintType::kUnique:
      return "UNIQUE";
    case catalog::ConstraintType::kForeignKey:
      return "FOREIGN KEY";
    case catalog::ConstraintType::kExclude:
      return "EXCLUDE";
    case catalog::ConstraintType::kTrigger:
      return "TRIGGER";
    case catalog::ConstraintType::kCheck:
      break;
  }
  return "CHECK";
}

ordered_json OrNull(const std::string& s) { return s.empty() ? ordered_json() : ordered_json(s); }

bool InPrimaryKey(const catalog::Table& t, const std::string& column) {
  for (const auto& k : t.constraints) {
    if (k.type != catalog::ConstraintType::kPrimaryKey) continue;
    for (const auto& c : k.columns) {
      if (c == column) return true;
    }
  }
  return false;
}

ordered_json ColumnsJson(const catalog::Table& t) {
  ordered_json cols = ordered_json::array();
  for (const auto& c : t.columns) {
    cols.push_back(
        {{"name", c.name},
         {"data_type", c.type},
         {"nullable", !c.not_null},
         {"is_primary_key", InPrimaryKey(t, c.name)},
         {"default", c.generated || c.identity ? ordered_json() : OrNull(c.default_expr)},
         {"identity", c.identity == 'a'   ? ordered_json("always")
                      : c.identity == 'd' ? ordered_json("by default")
                                          : ordered_json()},
         {"generated", c.generated ? ordered_json(c.default_expr) : ordered_json()},
         {"serial", OrNull(c.serial_type)},
         {"collation", OrNull(c.collation)},
         {"comment", OrNull(c.comment)}});
  }
  return cols;
}

ordered_json IndexesJson(const catalog::Table& t) {
  ordered_json out = ordered_json::array();
  for (const auto& x : t.indexes) {
    out.push_back({{"name", x.name},
                   {"definition", x.definition},
                   {"method", x.method},
                   {"unique", x.unique},
                   {"primary", x.primary},
                   {"partial", x.partial},
                   {"columns", x.columns},
                   {"constraint", x.is_constraint},
                   {"comment", OrNull(x.comment)}});
  }
  return out;
}

ordered_json ConstraintsJson(const catalog::Table& t) {
  ordered_json out = ordered_json::array();
  for (const auto& k : t.constraints) {
    out.push_back({{"name", k.name},
                   {"type", ConstraintTypeName(k.type)},
                   {"definition", k.definition},
                   {"columns", k.columns},
                   {"references", OrNull(k.ref_table)},
                   {"deferrable", k.deferrable},
                   {"deferred", k.deferred},
                   {"validated", k.validated},
                   {"inherited", !k.is_local},
                   {"comment", OrNull(k.comment)}});
  }
  return out;
}

ordered_json TriggersJson(const catalog::Table& t) {
  static const std::map<char, const char*> kEnabled = {
      {'O', "enabled"}, {'D', "disabled"}, {'R', "replica"}, {'A', "always"}};
  ordered_json out = ordered_json::array();
  for (const auto& g : t.triggers) {
    auto e = kEnabled.find(g.enabled);
    out.push_back({{"name", g.name},
                   {"definition", g.definition},
                   {"function", g.function},
                   {"enabled", e == kEnabled.end() ? "enabled" : e->second},
                   {"constraint_trigger", g.is_constraint},
                   {"comment", OrNull(g.comment)}});
  }
  return out;
}

ordered_json RlsJson(const catalog::Table& t) {
  if (!t.rls_enabled && !t.rls_forced && t.policies.empty()) return nullptr;
  ordered_json policies = ordered_json::array();
  for (const auto& p : t.policies) {
    policies.push_back({{"name", p.name},
                        {"command", p.command},
                        {"permissive", p.permissive},
                        {"roles", p.roles},
                        {"using", OrNull(p.using_expr)},
                        {"with_check", OrNull(p.check_expr)}});
  }
  return {{"enabled", t.rls_enabled}, {"forced", t.rls_forced}, {"policies", policies}};
}

ordered_json KeyJson(const std::string& key) {
  size_t colon = key.find(':');
  return {{"type", key.substr(0, colon)}, {"name", key.substr(colon + 1)}};
}

ordered_json DependentsJson(const catalog::Catalog& c, const std::string& key) {
  ordered_json out = ordered_json::array();
  for (const auto& [dependent, deps] : c.depends_on) {
    if (deps.count(key)) out.push_back(KeyJson(dependent));
  }
  return out.empty() ? ordered_json() : out;
}

ordered_json DependenciesJson(const catalog::Catalog& c, const std::string& key) {
  auto it = c.depends_on.find(key);
  if (it == c.depends_on.end() || it->second.empty()) return nullptr;
  ordered_json out = ordered_json::array();
  for (const auto& d : it->second) out.push_back(KeyJson(d));
  return out;
}

Result<ordered_json> StatsJson(pg::Connection& conn, const catalog::Table& t) {
  auto r = conn.Exec(
      "SELECT c.reltuples::bigint, pg_catalog.pg_size_pretty(pg_catalog.pg_table_size(c.oid)), "
      "pg_catalog.pg_size_pretty(pg_catalog.pg_indexes_size(c.oid)), "
      "pg_catalog.pg_size_pretty(pg_catalog.pg_total_relation_size(c.oid)), "
      "pg_catalog.pg_total_relation_size(c.oid), s.seq_scan, s.idx_scan, s.n_live_tup, "
      "s.n_dead_tup, s.last_vacuum::text, s.last_autovacuum::text, s.last_analyze::text, "
      "s.last_autoanalyze::text FROM pg_catalog.pg_class c LEFT JOIN "
      "pg_catalog.pg_stat_all_tables s ON s.relid = c.oid WHERE c.oid = $1::regclass",
      {sql::QualifiedName(t.schema, t.name)});
  if (!r.ok()) return r.status();
  if (r->rows() == 0)
    return Status(Code::kNotFound, "table " + t.schema + "." + t.name + " vanished.");
  auto num = [&](int col) {
    return r->is_null(0, col) ? ordered_json() : ordered_json(r->int64(0, col));
  };
  auto text = [&](int col) {
    return r->is_null(0, col) ? ordered_json() : ordered_json(r->str(0, col));
  };
  int64_t estimate = r->int64(0, 0);
  return ordered_json{{"row_estimate", estimate < 0 ? 0 : estimate},
                      {"table_size", r->str(0, 1)},
                      {"indexes_size", r->str(0, 2)},
                      {"total_size", r->str(0, 3)},
                      {"total_bytes", r->int64(0, 4)},
                      {"seq_scan", num(5)},
                      {"idx_scan", num(6)},
                      {"live_tuples", num(7)},
                      {"dead_tuples", num(8)},
                      {"last_vacuum", text(9)},
                      {"last_autovacuum", text(10)},
                      {"last_analyze", text(11)},
                      {"last_autoanalyze", text(12)}};
}

}  // namespace

Result<const catalog::Table*> ResolveTable(const catalog::Catalog& c, const std::string& name) {
  size_t dot = name.find('.');
  std::vector<const catalog::Table*> matches;
  std::vector<std::string> names;
  for (const auto& t : c.tables) {
    names.push_back(t.schema + "." + t.name);
    bool hit = dot == std::string::npos ? t.name == name : names.back() == name;
    if (hit) matches.push_back(&t);
  }
  if (matches.size() == 1) return matches[0];
  for (const auto* t : matches) {
    if (t->schema == "public") return t;
  }
  if (matches.empty()) {
    Status st(Code::kNotFound, "table \"" + name + "\" does not exist.");
    std::vector<std::string> bare;
    for (const auto& t : c.tables)
      bare.push_back(dot == std::string::npos ? t.name : t.schema + "." + t.name);
    std::string close = base::ClosestMatch(name, bare);
    if (!close.empty()) st.WithHint("did you mean \"" + close + "\"?");
    return st;
  }
  return Status(Code::kUsage,
                "table name \"" + name + "\" is ambiguous; qualify it with a schema.");
}

Result<ordered_json> DescribeTable(pg::Connection& conn, const catalog::Catalog& c,
                                   const catalog::Table& t) {
  auto stats = StatsJson(conn, t);
  if (!stats.ok()) return stats.status();
  ordered_json table{{"kind", t.partitioned ? "partitioned table" : "table"},
                     {"columns", ColumnsJson(t)},
                     {"indexes", IndexesJson(t)},
                     {"constraints", ConstraintsJson(t)},
                     {"triggers", TriggersJson(t)},
                     {"stats", *stats},
                     {"rls", RlsJson(t)},
                     {"partition_of", OrNull(t.parent)},
                     {"partition_key", OrNull(t.partition_key)},
                     {"comment", OrNull(t.comment)}};
  std::string key = catalog::TableKey(t);
  return ordered_json{{"schema", t.schema},
                      {"name", t.name},
                      {"table", table},
                      {"dependents", DependentsJson(c, key)},
                      {"dependencies", DependenciesJson(c, key)}};
}

}  // namespace pgcrate::inspect

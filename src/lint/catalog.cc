// LoadCatalog: the live facts the DB-aware rules use. Tables, columns, constraints and indexes
// come from the schema loader every command shares (catalog::Load, relations only); the
// volatility of every function by name (the built-in ones included, which the schema loader
// leaves out) is one query of its own.
#include "catalog/loader.h"
#include "lint/facts.h"
#include "sql/parser.h"

namespace pgcrate::lint {
namespace {

std::string Key(const std::string& schema, const std::string& name) { return schema + "." + name; }

// The leading plain-column keys of an index (an expression key ends the usable prefix).
std::vector<std::string> KeyPrefix(const catalog::Index& index) {
  std::vector<std::string> cols;
  for (const auto& c : index.columns) {
    if (c.empty()) break;
    cols.push_back(c);
  }
  return cols;
}

// The column of a validated CHECK (column IS NOT NULL), read with the parser; "" otherwise.
std::string NotNullCheckColumn(const catalog::Constraint& con) {
  if (con.type != catalog::ConstraintType::kCheck || !con.validated) return "";
  std::string_view def = con.definition;
  if (def.substr(0, 6) != "CHECK ") return "";
  auto parsed = sql::ParseScript("SELECT " + std::string(def.substr(6)));
  if (!parsed.ok() || parsed->size() != 1) return "";
  sql::JsonRef target = (*parsed)[0].node.node_body()["targetList"].at(0)["ResTarget"]["val"];
  sql::JsonRef test = target["NullTest"];
  if (test["nulltesttype"].str() != "IS_NOT_NULL") return "";
  sql::JsonRef fields = test["arg"]["ColumnRef"]["fields"];
  if (fields.size() != 1) return "";
  return std::string(fields.at(0)["String"]["sval"].str());
}

// Never analyzed (-1) but with no pages: empty. Otherwise unknown stays -1.
double RowEstimate(int64_t reltuples, int64_t pages) {
  return reltuples < 0 && pages == 0 ? 0 : static_cast<double>(reltuples);
}

void AddIndexes(const std::string& table, const std::string& schema,
                const std::vector<catalog::Index>& indexes, Catalog& cat) {
  for (const auto& index : indexes) {
    cat.indexes.insert(Key(schema, index.name));
    auto cols = KeyPrefix(index);
    if (!cols.empty()) cat.index_columns[table].push_back(std::move(cols));
  }
}

Status LoadVolatility(pg::Connection& conn, Catalog& cat) {
  auto r = conn.Exec("SELECT p.proname, max(p.provolatile) FROM pg_proc p GROUP BY p.proname");
  if (!r.ok()) return r.status();
  for (int i = 0; i < r->rows(); ++i) {
    std::string v = r->str(i, 1);
    cat.volatility[r->str(i, 0)] = v.empty() ? 0 : v[0];
  }
  return Status::Ok();
}

}  // namespace

Result<Catalog> LoadCatalog(pg::Connection& conn) {
  catalog::LoadOptions options;
  options.relations_only = true;
  auto schema = catalog::Load(conn, options);
  if (!schema.ok()) return schema.status();
  Catalog cat;
  for (const catalog::Table& t : schema->tables) {
    std::string table = Key(t.schema, t.name);
    cat.tables[table] = RowEstimate(t.row_estimate, t.pages);
    for (const auto& col : t.columns) cat.column_types[table + "." + col.name] = col.type;
    for (const auto& con : t.constraints) {
      std::string column = NotNullCheckColumn(con);
      if (!column.empty()) cat.not_null_checks.insert(table + "." + column);
    }
    AddIndexes(table, t.schema, t.indexes, cat);
  }
  for (const catalog::View& v : schema->views) {
    if (!v.materialized) continue;
    std::string view = Key(v.schema, v.name);
    cat.tables[view] = RowEstimate(v.row_estimate, v.pages);
    AddIndexes(view, v.schema, v.indexes, cat);
  }
  PGCRATE_RETURN_IF_ERROR(LoadVolatility(conn, cat));
  cat.server_version_num = conn.server_version();
  cat.loaded = true;
  return cat;
}

}  // namespace pgcrate::lint

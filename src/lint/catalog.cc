// LoadCatalog: the live facts the DB-aware rules use, in five fixed queries.
#include "lint/facts.h"
#include "sql/parser.h"
#include "sql/user_schemas.h"

namespace pgcrate::lint {
namespace {

const std::string kUserSchemas = sql::UserSchemaCondition("n.nspname");

std::string Key(const pg::QueryResult& r, int row, int from, int count) {
  std::string out;
  for (int c = from; c < from + count; ++c) out += (c == from ? "" : ".") + r.str(row, c);
  return out;
}

Status LoadTables(pg::Connection& conn, Catalog& cat) {
  auto r = conn.Exec(
      std::string("SELECT n.nspname, c.relname, c.relkind, c.reltuples::float8, c.relpages "
                  "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                  "WHERE c.relkind IN ('r','p','m','f','i','I') AND ") +
      kUserSchemas);
  if (!r.ok()) return r.status();
  for (int i = 0; i < r->rows(); ++i) {
    std::string kind = r->str(i, 2);
    if (kind == "i" || kind == "I") {
      cat.indexes.insert(Key(*r, i, 0, 2));
      continue;
    }
    double rows = r->float64(i, 3);
    // Never analyzed (-1) but with no pages: empty. Otherwise unknown stays -1.
    if (rows < 0 && r->int64(i, 4) == 0) rows = 0;
    cat.tables[Key(*r, i, 0, 2)] = rows;
  }
  return Status::Ok();
}

Status LoadIndexes(pg::Connection& conn, Catalog& cat) {
  auto r = conn.Exec(
      std::string("SELECT n.nspname, t.relname, (SELECT string_agg(coalesce(a.attname, ''), ',' "
                  "ORDER BY k.ord) FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord) "
                  "LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum) "
                  "FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid "
                  "JOIN pg_namespace n ON n.oid = t.relnamespace WHERE ") +
      kUserSchemas);
  if (!r.ok()) return r.status();
  for (int i = 0; i < r->rows(); ++i) {
    std::vector<std::string> cols;
    std::string list = r->str(i, 2), cur;
    for (char ch : list + ",") {
      if (ch != ',') {
        cur += ch;
        continue;
      }
      if (cur.empty()) break;  // an expression column ends the usable prefix
      cols.push_back(cur);
      cur.clear();
    }
    if (!cols.empty()) cat.index_columns[Key(*r, i, 0, 2)].push_back(cols);
  }
  return Status::Ok();
}

Status LoadColumns(pg::Connection& conn, Catalog& cat) {
  auto r = conn.Exec(
      std::string("SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod) "
                  "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                  "JOIN pg_namespace n ON n.oid = c.relnamespace "
                  "WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r','p') AND ") +
      kUserSchemas);
  if (!r.ok()) return r.status();
  for (int i = 0; i < r->rows(); ++i) cat.column_types[Key(*r, i, 0, 3)] = r->str(i, 3);
  return Status::Ok();
}

// Validated CHECK constraints of the form (column IS NOT NULL), read with the parser.
Status LoadNotNullChecks(pg::Connection& conn, Catalog& cat) {
  auto r = conn.Exec(std::string("SELECT n.nspname, c.relname, pg_get_expr(co.conbin, co.conrelid) "
                                 "FROM pg_constraint co JOIN pg_class c ON c.oid = co.conrelid "
                                 "JOIN pg_namespace n ON n.oid = c.relnamespace "
                                 "WHERE co.contype = 'c' AND co.convalidated AND ") +
                     kUserSchemas);
  if (!r.ok()) return r.status();
  for (int i = 0; i < r->rows(); ++i) {
    auto parsed = sql::ParseScript("SELECT " + r->str(i, 2));
    if (!parsed.ok() || parsed->empty()) continue;
    sql::JsonRef target = (*parsed)[0].node.node_body()["targetList"].at(0)["ResTarget"]["val"];
    sql::JsonRef test = target["NullTest"];
    if (test["nulltesttype"].str() != "IS_NOT_NULL") continue;
    sql::JsonRef fields = test["arg"]["ColumnRef"]["fields"];
    if (fields.size() != 1) continue;
    cat.not_null_checks.insert(Key(*r, i, 0, 2) + "." +
                               std::string(fields.at(0)["String"]["sval"].str()));
  }
  return Status::Ok();
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
  Catalog cat;
  PGCRATE_RETURN_IF_ERROR(LoadTables(conn, cat));
  PGCRATE_RETURN_IF_ERROR(LoadIndexes(conn, cat));
  PGCRATE_RETURN_IF_ERROR(LoadColumns(conn, cat));
  PGCRATE_RETURN_IF_ERROR(LoadNotNullChecks(conn, cat));
  PGCRATE_RETURN_IF_ERROR(LoadVolatility(conn, cat));
  cat.server_version_num = conn.server_version();
  cat.loaded = true;
  return cat;
}

}  // namespace pgcrate::lint

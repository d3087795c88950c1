#include "snapshot/facts.h"

#include <cstdlib>

#include "sql/quote.h"
#include "sql/user_schemas.h"

namespace pgcrate::snapshot {
namespace {

Status ReadDatabase(pg::Connection& conn, SourceFacts& f) {
  auto r = conn.Exec(
      "SELECT current_database(), current_setting('server_version'), "
      "current_setting('server_version_num')::int, pg_encoding_to_char(encoding), "
      "pg_database_size(current_database()) FROM pg_database WHERE datname = current_database()");
  if (!r.ok()) return r.status();
  if (r->rows() != 1) return Status(Code::kInternal, "the current database is not in pg_database.");
  f.database = r->str(0, 0);
  std::string v = r->str(0, 1);
  f.server_version = v.substr(0, v.find(' '));
  f.server_version_num = static_cast<int>(r->int64(0, 2));
  f.encoding = r->str(0, 3);
  f.database_bytes = r->int64(0, 4);
  return Status::Ok();
}

Status ReadTables(pg::Connection& conn, SourceFacts& f) {
  auto r = conn.Exec(
      "SELECT c.oid, n.nspname, c.relname, c.reltuples::bigint, "
      "pg_total_relation_size(c.oid), pg_relation_size(c.oid), c.relkind "
      "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE c.relkind IN ('r', 'p', 'm') AND " +
      sql::UserSchemaCondition("n.nspname") + " ORDER BY n.nspname, c.relname");
  if (!r.ok()) return r.status();
  for (int i = 0; i < r->rows(); ++i) {
    SourceTable t;
    t.oid = static_cast<uint32_t>(std::strtoul(r->str(i, 0).c_str(), nullptr, 10));
    t.info.schema = r->str(i, 1);
    t.info.name = r->str(i, 2);
    t.info.rows = r->int64(i, 3, -1);
    t.info.bytes = r->int64(i, 4);
    // A partitioned table has no rows of its own (its partitions are listed themselves).
    if (t.info.rows < 0 && r->str(i, 6) != "p" && r->int64(i, 5) <= kExactCountMaxBytes) {
      auto c = conn.Exec("SELECT count(*) FROM " + sql::QualifiedName(t.info.schema, t.info.name));
      if (!c.ok()) return c.status();
      t.info.rows = c->int64(0, 0);
      t.info.rows_exact = true;
    }
    f.tables.push_back(std::move(t));
  }
  return Status::Ok();
}

}  // namespace

Result<SourceFacts> ReadSourceFacts(pg::Connection& conn) {
  SourceFacts f;
  PGCRATE_RETURN_IF_ERROR(ReadDatabase(conn, f));
  PGCRATE_RETURN_IF_ERROR(ReadTables(conn, f));
  return f;
}

}  // namespace pgcrate::snapshot

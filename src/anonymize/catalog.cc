#include "anonymize/catalog.h"

#include <cstdint>

#include "sql/user_schemas.h"

namespace pgcrate::anonymize {
namespace {

std::string TablesQuery(const CatalogOptions& o) {
  std::string schemas = sql::UserSchemaCondition("n.nspname");
  if (o.include_pgcrate_schema) schemas = "(" + schemas + " OR n.nspname = 'pgcrate')";
  return R"(SELECT n.nspname, c.relname, c.relkind = 'p', a.attname,
       format_type(a.atttypid, a.atttypmod),
       COALESCE(bt.typname, t.typname),
       CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END,
       a.attnotnull OR (t.typtype = 'd' AND t.typnotnull),
       EXISTS (SELECT 1 FROM pg_index i
               WHERE i.indrelid = c.oid AND i.indisunique AND a.attnum = ANY (i.indkey)),
       a.attgenerated <> '',
       COALESCE(root.nspname, n.nspname), COALESCE(root.relname, c.relname)
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_type bt ON t.typtype = 'd' AND bt.oid = t.typbasetype
LEFT JOIN LATERAL (SELECT rn.nspname, rc.relname FROM pg_class rc
                   JOIN pg_namespace rn ON rn.oid = rc.relnamespace
                   WHERE rc.oid = pg_partition_root(c.oid)) root ON true
WHERE c.relkind IN ('r', 'p') AND )" +
         schemas + R"(
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                  AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY n.nspname, c.relname, a.attnum)";
}

Column ReadColumn(const pg::QueryResult& r, int row) {
  Column c;
  c.name = r.str(row, 3);
  c.type = r.str(row, 4);
  std::string base = r.str(row, 5);
  c.type_class = ClassOfType(base);
  int64_t typmod = r.int64(row, 6, -1);
  if ((base == "varchar" || base == "bpchar") && typmod >= 4) {
    c.max_chars = static_cast<int>(typmod - 4);
  }
  IntegerRange(base, c.int_min, c.int_max);
  c.not_null = r.boolean(row, 7);
  c.unique = r.boolean(row, 8);
  c.generated = r.boolean(row, 9);
  return c;
}

}  // namespace

Result<std::vector<Table>> LoadTables(pg::Connection& conn, const CatalogOptions& options) {
  auto r = conn.Exec(TablesQuery(options));
  if (!r.ok()) return r.status();
  std::vector<Table> tables;
  for (int i = 0; i < r->rows(); ++i) {
    std::string schema = r->str(i, 0);
    std::string name = r->str(i, 1);
    if (tables.empty() || tables.back().schema != schema || tables.back().name != name) {
      tables.push_back({schema, name, {}, r->boolean(i, 2), r->str(i, 10), r->str(i, 11)});
    }
    tables.back().columns.push_back(ReadColumn(*r, i));
  }
  return tables;
}

Table CopyShape(const Table& table) {
  Table t{table.schema, table.name, {}, table.partitioned, table.root_schema, table.root_name};
  for (const Column& c : table.columns) {
    if (!c.generated) t.columns.push_back(c);
  }
  return t;
}

TypeClass ClassOfType(std::string_view t) {
  if (t == "text" || t == "varchar" || t == "bpchar" || t == "citext" || t == "name")
    return TypeClass::kText;
  if (t == "int2" || t == "int4" || t == "int8") return TypeClass::kInteger;
  if (t == "numeric" || t == "float4" || t == "float8") return TypeClass::kNumeric;
  if (t == "date") return TypeClass::kDate;
  if (t == "timestamp" || t == "timestamptz") return TypeClass::kTimestamp;
  if (t == "uuid") return TypeClass::kUuid;
  if (t == "json") return TypeClass::kJson;
  if (t == "jsonb") return TypeClass::kJsonb;
  return TypeClass::kOther;
}

bool IntegerRange(std::string_view t, int64_t& min, int64_t& max) {
  if (t == "int2") {
    min = -32768;
    max = 32767;
  } else if (t == "int4") {
    min = -2147483648LL;
    max = 2147483647LL;
  } else if (t == "int8") {
    min = INT64_MIN;
    max = INT64_MAX;
  } else {
    return false;
  }
  return true;
}

}  // namespace pgcrate::anonymize

#include "seed/targets.h"

#include <nlohmann/json.hpp>

#include "pg/columns.h"
#include "sql/quote.h"

namespace pgcrate::seed {
namespace {

constexpr const char* kTargetsQuery = R"sql(
WITH want AS (
  SELECT w.e->>0 AS schema_name, w.e->>1 AS table_name, w.ord
  FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS w(e, ord))
SELECT w.ord, c.oid, c.relkind::text AS relkind,
  current_setting('is_superuser') = 'on' AS superuser,
  c.oid IS NOT NULL AND pg_has_role(c.relowner, 'USAGE') AS owned,
  c.oid IS NOT NULL AND has_table_privilege(c.oid, 'TRUNCATE') AS can_truncate,
  c.oid IS NOT NULL AND has_table_privilege(c.oid, 'INSERT') AS can_insert,
  c.oid IS NOT NULL AND has_table_privilege(c.oid, 'SELECT') AS can_select,
  (SELECT count(*) FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal)
    AS user_triggers,
  (SELECT count(*) FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgisinternal)
    AS internal_triggers,
  (SELECT coalesce(jsonb_agg(a.attname ORDER BY k.ord), '[]')
     FROM pg_index i
     CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
     JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
    WHERE i.indrelid = c.oid AND i.indisprimary) AS pk,
  (SELECT coalesce(jsonb_agg(jsonb_build_array(a.attname, format_type(a.atttypid, a.atttypmod),
            a.attnotnull, a.attidentity <> '', a.attgenerated <> '',
            coalesce(pg_get_serial_sequence(c.oid::regclass::text, a.attname), ''))
            ORDER BY a.attnum), '[]')
     FROM pg_attribute a
    WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns
FROM want w
LEFT JOIN pg_namespace n ON n.nspname = w.schema_name
LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = w.table_name
ORDER BY w.ord)sql";

constexpr const char* kForeignKeysQuery = R"sql(
SELECT con.conname, con.conrelid::oid AS from_oid, con.confrelid::oid AS to_oid,
       con.conrelid::regclass::text AS from_name, con.confrelid::regclass::text AS to_name
FROM pg_constraint con
WHERE con.contype = 'f' AND con.conparentid = 0
  AND (con.confrelid = ANY($1::oid[]) OR con.conrelid = ANY($1::oid[]))
ORDER BY 4, 1)sql";

std::string RelkindName(const std::string& kind) {
  if (kind == "v") return "view";
  if (kind == "m") return "materialized view";
  if (kind == "f") return "foreign table";
  if (kind == "S") return "sequence";
  if (kind == "i" || kind == "I") return "index";
  if (kind == "c") return "composite type";
  return "relation of kind " + kind;
}

void ReadColumns(std::string_view json, Target& t) {
  for (const auto& c : nlohmann::json::parse(json)) {
    TargetColumn col;
    col.name = c[0].get<std::string>();
    col.type = c[1].get<std::string>();
    col.not_null = c[2].get<bool>();
    col.identity = c[3].get<bool>();
    col.generated = c[4].get<bool>();
    col.sequence = c[5].get<std::string>();
    t.columns.push_back(std::move(col));
  }
}

Status ReadForeignKeys(pg::Connection& conn, Targets& out) {
  std::string oids = "{";
  for (const Target& t : out.tables) {
    if (t.oid == 0) continue;
    if (oids.size() > 1) oids += ",";
    oids += std::to_string(t.oid);
  }
  oids += "}";
  auto r = conn.Exec(kForeignKeysQuery, {oids});
  if (!r.ok()) return r.status();
  pg::Columns col(*r, "seed foreign keys");
  const int name = col("conname"), from = col("from_oid"), to = col("to_oid"),
            from_name = col("from_name"), to_name = col("to_name");
  PGCRATE_RETURN_IF_ERROR(col.status());
  for (int i = 0; i < r->rows(); ++i) {
    out.foreign_keys.push_back({r->str(i, name), static_cast<uint32_t>(r->int64(i, from)),
                                static_cast<uint32_t>(r->int64(i, to)), r->str(i, from_name),
                                r->str(i, to_name)});
  }
  return Status::Ok();
}

}  // namespace

const TargetColumn* Target::Column(const std::string& name) const {
  for (const TargetColumn& c : columns) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

Result<Targets> LoadTargets(pg::Connection& conn,
                            const std::vector<std::pair<std::string, std::string>>& names) {
  nlohmann::json want = nlohmann::json::array();
  for (const auto& [schema, table] : names) want.push_back({schema, table});
  auto r = conn.Exec(kTargetsQuery, {want.dump()});
  if (!r.ok()) return r.status();
  pg::Columns col(*r, "seed targets");
  const int oid = col("oid"), relkind = col("relkind"), superuser = col("superuser"),
            owned = col("owned"), can_truncate = col("can_truncate"),
            can_insert = col("can_insert"), can_select = col("can_select"),
            user_triggers = col("user_triggers"), internal_triggers = col("internal_triggers"),
            pk = col("pk"), columns = col("columns");
  PGCRATE_RETURN_IF_ERROR(col.status());
  Targets out;
  for (int i = 0; i < r->rows(); ++i) {
    const auto& [schema, table] = names[static_cast<size_t>(i)];
    Target t;
    t.schema = schema;
    t.table = table;
    t.qualified = sql::QualifiedName(schema, table);
    out.superuser = r->boolean(i, superuser);
    t.exists = !r->is_null(i, oid);
    if (t.exists) {
      t.oid = static_cast<uint32_t>(r->int64(i, oid));
      std::string kind = r->str(i, relkind);
      t.is_table = kind == "r" || kind == "p";
      t.partitioned = kind == "p";
      if (!t.is_table) t.relkind_name = RelkindName(kind);
      t.owned = r->boolean(i, owned);
      t.can_truncate = r->boolean(i, can_truncate);
      t.can_insert = r->boolean(i, can_insert);
      t.can_select = r->boolean(i, can_select);
      t.user_triggers = static_cast<int>(r->int64(i, user_triggers));
      t.internal_triggers = static_cast<int>(r->int64(i, internal_triggers));
      for (const auto& k : nlohmann::json::parse(r->text(i, pk))) {
        t.primary_key.push_back(k.get<std::string>());
      }
      ReadColumns(r->text(i, columns), t);
    }
    out.tables.push_back(std::move(t));
  }
  PGCRATE_RETURN_IF_ERROR(ReadForeignKeys(conn, out));
  return out;
}

Result<std::vector<int64_t>> CountRows(pg::Connection& conn, const std::vector<Target>& tables) {
  std::vector<int64_t> counts(tables.size(), -1);
  std::string query;
  for (size_t i = 0; i < tables.size(); ++i) {
    const Target& t = tables[i];
    if (!t.is_table || !t.can_select) continue;
    if (!query.empty()) query += " UNION ALL ";
    query += "SELECT " + std::to_string(i) + " AS i, count(*) AS n FROM " + t.qualified;
  }
  if (query.empty()) return counts;
  auto r = conn.Exec(query);
  if (!r.ok()) return r.status();
  for (int row = 0; row < r->rows(); ++row) {
    counts[static_cast<size_t>(r->int64(row, 0))] = r->int64(row, 1);
  }
  return counts;
}

}  // namespace pgcrate::seed

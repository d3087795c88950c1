#include "model/store.h"

#include <openssl/evp.h>

#include "model/compile.h"
#include "pg/columns.h"
#include "pg/error.h"
#include "pg/own_tables.h"

namespace pgcrate::model {
namespace {

constexpr const char* kCreate =
    "CREATE TABLE IF NOT EXISTS pgcrate.models (\n"
    "  name text PRIMARY KEY,\n"
    "  materialized text NOT NULL,\n"
    "  sql_hash text NOT NULL,\n"
    "  relation_oid oid,\n"
    "  signature text,\n"
    "  last_run_at timestamptz NOT NULL DEFAULT now(),\n"
    "  rows bigint,\n"
    "  duration_ms double precision\n"
    ")";

}  // namespace

std::string SignatureSql(const std::string& oid_expr) {
  // Aliases of its own, so that `oid_expr` may name an outer "c".
  return "(SELECT CASE WHEN sig_c.relkind IN ('v', 'm') THEN md5(pg_get_viewdef(sig_c.oid)) "
         "ELSE md5((SELECT string_agg(sig_a.attname || ' ' || format_type(sig_a.atttypid, "
         "sig_a.atttypmod), ', ' ORDER BY sig_a.attnum) FROM pg_attribute sig_a WHERE "
         "sig_a.attrelid = sig_c.oid AND sig_a.attnum > 0 AND NOT sig_a.attisdropped)) END "
         "FROM pg_class sig_c WHERE sig_c.oid = " +
         oid_expr + ")";
}

Status EnsureModelStore(pg::Connection& conn) {
  return pg::EnsureOwnTable(conn, "pgcrate.models", kCreate);
}

Result<std::map<std::string, ModelRecord>> ReadModelRecords(pg::Connection& conn) {
  std::map<std::string, ModelRecord> out;
  auto exists = pg::OwnTableExists(conn, "pgcrate.models");
  if (!exists.ok()) return exists.status();
  if (!exists.value()) return out;
  auto r = conn.Exec(
      "SELECT name, materialized, sql_hash, coalesce(relation_oid, 0)::bigint AS oid, "
      "coalesce(signature, '') AS signature, last_run_at::text AS last_run_at, "
      "coalesce(rows, -1) AS rows, coalesce(duration_ms, 0) AS duration_ms "
      "FROM pgcrate.models ORDER BY name");
  if (!r.ok()) return r.status();
  pg::Columns col(*r, "models");
  const int name = col("name"), mat = col("materialized"), hash = col("sql_hash"), oid = col("oid"),
            sig = col("signature"), at = col("last_run_at"), rows = col("rows"),
            ms = col("duration_ms");
  PGCRATE_RETURN_IF_ERROR(col.status());
  for (int i = 0; i < r->rows(); ++i) {
    ModelRecord rec{
        r->str(i, name), r->str(i, mat), r->str(i, hash),   static_cast<uint32_t>(r->int64(i, oid)),
        r->str(i, sig),  r->str(i, at),  r->int64(i, rows), r->float64(i, ms)};
    out[rec.name] = rec;
  }
  return out;
}

Status RecordModel(pg::Connection& conn, const Model& m, const std::string& sql_hash, int64_t rows,
                   double duration_ms) {
  pg::PipelineStep step = RecordModelStep(m, sql_hash, rows, duration_ms);
  return conn.ExecCached(step.sql, step.params).status();
}

pg::PipelineStep RecordModelStep(const Model& m, const std::string& sql_hash, int64_t rows,
                                 double duration_ms) {
  std::string oid = "to_regclass($5)";
  return {
      "INSERT INTO pgcrate.models (name, materialized, sql_hash, relation_oid, signature, "
      "last_run_at, rows, duration_ms) VALUES ($1, $2, $3, " +
          oid + ", " + SignatureSql(oid) +
          ", now(), $4::bigint, $6::double precision) ON CONFLICT (name) DO UPDATE SET "
          "materialized = EXCLUDED.materialized, sql_hash = EXCLUDED.sql_hash, "
          "relation_oid = EXCLUDED.relation_oid, signature = EXCLUDED.signature, "
          "last_run_at = EXCLUDED.last_run_at, rows = EXCLUDED.rows, "
          "duration_ms = EXCLUDED.duration_ms",
      {m.Id(), std::string(MaterializedName(m.materialized)), sql_hash,
       rows < 0 ? pg::Param() : pg::Param(std::to_string(rows)), Target(m),
       std::to_string(duration_ms)},
      true};
}

Status ForgetModel(pg::Connection& conn, const std::string& name) {
  return conn.Exec("DELETE FROM pgcrate.models WHERE name = $1", {name}).status();
}

std::string SqlHash(const Model& m) {
  std::string text = std::string(MaterializedName(m.materialized)) + "\n" + BuildSelect(m);
  if (m.materialized == Materialized::kIncremental) {
    text += "\n" + IncrementalSelect(m);
    for (const std::string& k : m.unique_key) text += "\n" + k;
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(text.data(), text.size(), digest, &len, EVP_sha256(), nullptr);
  static constexpr const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

}  // namespace pgcrate::model

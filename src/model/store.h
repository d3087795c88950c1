// The models' tracking table: pgcrate.models holds one row per model pgcrate has built (name,
// materialization, SHA-256 of the compiled SQL, the relation's oid and a signature of its shape
// at the last run, last run time, rows, duration). A relation is pgcrate's to replace only if
// its row is here with the same oid: pgcrate never drops a table it did not create.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "model/model.h"
#include "pg/connection.h"
#include "pgcrate/status.h"

namespace pgcrate::model {

struct ModelRecord {
  std::string name;  // "schema.name"
  std::string materialized;
  std::string sql_hash;
  uint32_t relation_oid = 0;
  std::string signature;  // md5 of the view definition or the table's columns when built
  std::string last_run_at;
  int64_t rows = -1;
  double duration_ms = 0;
};

// Creates pgcrate.models when missing (idempotent; safe when several runners race).
Status EnsureModelStore(pg::Connection& conn);
// Every row, by name; an absent table is an empty map (nothing is created).
Result<std::map<std::string, ModelRecord>> ReadModelRecords(pg::Connection& conn);
// Upserts the row of `m` after a successful build: the relation's current oid and signature are
// read by the same statement.
Status RecordModel(pg::Connection& conn, const Model& m, const std::string& sql_hash, int64_t rows,
                   double duration_ms);
// RecordModel's statement, for a Connection::Pipeline (e.g. with the COMMIT).
pg::PipelineStep RecordModelStep(const Model& m, const std::string& sql_hash, int64_t rows,
                                 double duration_ms);
// Deletes the row of `name` (model move).
Status ForgetModel(pg::Connection& conn, const std::string& name);

// SHA-256 (hex) of the compiled SQL of `m` (what `status` compares to detect edits).
std::string SqlHash(const Model& m);

// The SQL expression of a relation's shape signature, given `oid_expr` (an oid expression):
// md5 of pg_get_viewdef for views, of the column names and types for tables.
std::string SignatureSql(const std::string& oid_expr);

}  // namespace pgcrate::model

// The SQL a model run executes, built from the model file alone (no database): the SELECT of a
// full build, the filtered SELECT of an incremental run (watermark, incremental_filter or the
// @incremental section), and the upsert that merges it into the table (MERGE on PostgreSQL
// 17+, INSERT ... ON CONFLICT DO UPDATE before). Identifiers are quoted; the user's SQL is
// the model's own, already checked by the parser.
#pragma once

#include <string>
#include <vector>

#include "model/model.h"

namespace pgcrate::model {

// "schema"."name", quoted.
std::string Target(const Model& m);

// The SELECT of a full build (first run, --full-refresh, views and tables).
std::string BuildSelect(const Model& m);

// The SELECT of an incremental run over the existing table `target` (level 1: the model's SQL;
// 2: rows past the watermark; 3: the incremental_filter; 4: the @incremental section).
std::string IncrementalSelect(const Model& m);

// Merges the rows of relation `source` (with `columns`) into the model's table by its
// unique_key. server_version as PQserverVersion (170000 = 17.0).
std::string UpsertSql(const Model& m, const std::string& source,
                      const std::vector<std::string>& columns, int server_version);

// What `model compile` writes to target/compiled/<schema>/<name>.sql and `model show` prints:
// a comment header, the build SELECT, and for incremental models the incremental SELECT and
// the upsert (MERGE or ON CONFLICT for `server_version`).
std::string CompiledText(const Model& m, int server_version);

}  // namespace pgcrate::model

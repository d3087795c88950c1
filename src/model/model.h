// A model: `<models dir>/<schema>/<name>.sql`, one SELECT whose result becomes the relation
// `<schema>.<name>` (a view, a table or an incremental table), with header directives in the
// leading `-- key: value` comment lines. Parsing a model file is pure (text in, Model or a
// Status at file:line out); the relations its SELECT reads come from the PostgreSQL parser.
#pragma once

#include <string>
#include <vector>

#include "pgcrate/status.h"

namespace pgcrate::model {

enum class Materialized { kView, kTable, kIncremental };

// "view", "table", "incremental".
const char* MaterializedName(Materialized m);

enum class TestKind { kNotNull, kUnique, kAcceptedValues, kRelationships };

struct ModelTest {
  TestKind kind = TestKind::kNotNull;
  std::vector<std::string> columns;  // not_null: one; unique: one or more; others: one
  std::vector<std::string> values;   // accepted_values: SQL literals as written ('a', 1)
  std::string ref_schema;            // relationships(col, schema.table.column)
  std::string ref_table;
  std::string ref_column;
  int line = 0;  // of the tests: directive

  // "not_null(user_id)", "accepted_values(status, ['a', 'b'])", ...
  std::string Name() const;
};

// A relation a model reads, as the parser found it (unqualified names resolve to public, the
// first schema of PostgreSQL's default search_path).
struct Relation {
  std::string schema;
  std::string name;
  std::string Qualified() const { return schema + "." + name; }  // not quoted
  bool operator==(const Relation& o) const { return schema == o.schema && name == o.name; }
  bool operator<(const Relation& o) const {
    return schema != o.schema ? schema < o.schema : name < o.name;
  }
};

struct Model {
  std::string schema;
  std::string name;
  std::string path;
  Materialized materialized = Materialized::kView;
  std::vector<std::string> deps;  // declared `-- deps:` ("schema.name"), in file order
  int deps_line = 0;              // 0 when there is no deps line
  std::vector<std::string> unique_key;
  std::vector<std::string> tags;
  std::vector<ModelTest> tests;
  std::string description;
  std::vector<std::string> watermark;  // incremental level 2
  std::string lookback;                // "2 days"
  std::string incremental_filter;      // incremental level 3
  std::string sql;                     // the SELECT (the @base section when there are sections)
  std::string incremental_sql;         // the @incremental section (level 4), "" without sections
  int sql_line = 1;                    // file line where `sql` starts
  int incremental_line = 0;
  std::vector<Relation> reads;  // every relation the SQL reads (both sections), sorted, unique

  std::string Id() const { return schema + "." + name; }  // "staging.stg_users"
};

// Parses one model file's `text`. kParse at `path`:line for: an unknown directive (with the
// closest known one), a malformed deps/tests/unique_key/watermark line, an unknown test type,
// an unknown materialization, incremental without unique_key, watermark together with
// incremental_filter, sections in a non-incremental model, SQL that is not exactly one
// SELECT (DDL, DML, SELECT INTO, FOR UPDATE, a data-modifying WITH), a syntax error.
Result<Model> ParseModel(const std::string& path, const std::string& schema,
                         const std::string& name, const std::string& text);

// Every model under `dir`, sorted by id: `<schema>/<name>.sql`, or deeper
// (`<schema>/<any folders>/<name>.sql`, folders only for organizing). A missing folder is an
// empty list. kConfig naming the files: a .sql file directly in `dir` (no schema folder), two
// files for one relation (staging/a/x.sql and staging/b/x.sql); and every ParseModel error.
Result<std::vector<Model>> DiscoverModels(const std::string& dir);

// The text of a new model file for `materialized` (what `model new` writes).
std::string NewModelText(const std::string& id, Materialized materialized);

}  // namespace pgcrate::model

// A model: `<models dir>/<schema>/<name>.sql`, one SELECT whose result becomes the relation
// `<schema>.<name>` (a view, a table or an incremental table), with header directives in the
// leading `-- key: value` comment lines. Parsing a model file is pure (text in, Model or a
// Status at file:line out); the relations its SELECT reads come from the PostgreSQL parser.
#pragma once

#include <map>
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

// A relation a model reads, as the parser found it. Unqualified names resolve the way
// PostgreSQL's default search_path does offline: pg_* names to pg_catalog (searched first),
// all others to public ("$user" schemas are not known without a database).
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
  // Incremental level 3: one boolean expression over the model's columns, checked by the
  // parser (no second statement, no comment, no set operation); paste it as `WHERE (...)`.
  std::string incremental_filter;
  std::string sql;              // the SELECT (the @base section when there are sections)
  std::string incremental_sql;  // the @incremental section (level 4), "" without sections
  int sql_line = 1;             // file line where `sql` starts
  int incremental_line = 0;
  // Every relation the SQL reads (both sections and incremental_filter), sorted, unique, without
  // the model itself.
  std::vector<Relation> reads;
  std::map<std::string, int> lines;  // header line of each directive given ("deps" -> 2)

  std::string Id() const { return schema + "." + name; }  // "staging.stg_users"
};

// Parses one model file's `text` (LF or CRLF). The header is the leading comment and blank
// lines; in it `-- key: value` with a lower-case key is a directive and any other comment is
// free text. kParse at `path`:line for: an unknown directive (with the closest known one), a
// known directive in another case or below the header, one given twice (but tests:), a
// malformed deps/tests/unique_key/watermark/lookback/incremental_filter line, an unknown test
// type, an unknown materialization, incremental without unique_key, unique_key, watermark,
// incremental_filter or sections in a non-incremental model, watermark together with
// incremental_filter, lookback without watermark, SQL that is not exactly one SELECT (DDL,
// DML, SELECT INTO, FOR UPDATE/SHARE, a data-modifying WITH), no SQL, a syntax error (at its
// line in the file).
Result<Model> ParseModel(const std::string& path, const std::string& schema,
                         const std::string& name, const std::string& text);

// Every model under `dir`, sorted by id: `<schema>/<name>.sql`, or deeper
// (`<schema>/<any folders>/<name>.sql`, folders only for organizing); hidden files and
// folders (named .*) are skipped. A missing folder is an empty list. kConfig naming the files: a
// .sql file directly in `dir` (no schema folder), a schema folder or file name with a '.', two
// files for one relation (staging/a/x.sql and staging/b/x.sql, named in sorted order); and every
// ParseModel error. Files are read in sorted path order, so the first error reported is always the
// same.
Result<std::vector<Model>> DiscoverModels(const std::string& dir);

// The text of a new model file for `materialized` (what `model new` writes).
std::string NewModelText(const std::string& id, Materialized materialized);

}  // namespace pgcrate::model

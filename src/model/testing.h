// `model test`: each `-- tests:` entry of a model compiled to one query that counts the
// relation's failing rows and returns up to five of them as JSON, run on a pool of
// connections in parallel. Compiling is pure (identifiers and literals are read by the
// PostgreSQL parser and written back quoted, never pasted); running needs only a connection
// factory, so the engine never sees the CLI.
//
// What fails, per test type (NULLs follow PostgreSQL's UNIQUE and foreign keys: a NULL is
// never a duplicate, never an unaccepted value, never a dangling reference):
//   not_null(c)                 rows where c IS NULL;
//   unique(c1, c2...)           key values (all key columns non-NULL) held by more than one row;
//                               the failing count is the number of such key values, and each
//                               example is the key with its row count ("row_count");
//   accepted_values(c, [..])    rows where c IS NOT NULL and c is not in the list; when every
//                               literal is a string, c is compared as text (so enums and
//                               varchar work), otherwise with PostgreSQL's own types;
//   relationships(c, s.t.r)     rows where c IS NOT NULL and no row of s.t has r = c.
// Column names are written as in SQL: bare names fold to lower case, "Quoted" ones are kept.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "model/model.h"
#include "pg/connection.h"
#include "pgcrate/status.h"

namespace pgcrate::model {

// The query of `test` on `model`'s relation: one row per failing row (at most five), each with
// the total failing count and the row as JSON text; no row when the test passes. kParse at
// model.path:test.line for a column name or literal the parser does not read as one.
Result<std::string> CompileTest(const Model& model, const ModelTest& test);

enum class TestStatus { kPass, kFail, kError };

// "pass", "fail", "error".
const char* TestStatusName(TestStatus s);

struct TestOutcome {
  std::string model;  // "schema.name"
  std::string test;   // ModelTest::Name()
  std::string path;   // the model file
  int line = 0;       // of its tests: directive
  TestStatus status = TestStatus::kPass;
  int64_t failing_rows = 0;
  std::vector<std::string> examples;  // up to five failing rows, JSON objects as text
  double elapsed_ms = 0;
  std::string message;  // kError: why the test could not run ("" otherwise)
};

using ConnectionFactory = std::function<Result<std::unique_ptr<pg::Connection>>()>;

struct TestRunOptions {
  int threads = 4;  // connections opened (never more than there are tests)
  ConnectionFactory connect;
};

// Runs every test of `models` (in their order, then file order) and returns one outcome per
// test in that order. A test on a relation or column that does not exist, or whose query the
// server refuses, is kError with a message naming model, test and file:line; the others go on.
// Fails (kConnection...) only when no connection could be opened for tests still to run.
Result<std::vector<TestOutcome>> RunTests(const std::vector<const Model*>& models,
                                          const TestRunOptions& options);

}  // namespace pgcrate::model

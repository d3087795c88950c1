// Fuzzes model files (model::ParseModel: the `-- key: value` header directives, the `tests:`
// language, the SELECT and the relations it reads) and the test queries compiled from them
// (model::CompileTest). The input is the whole model file.
//
// Invariants when the model parses:
//   - the relations it reads are sorted, unique, and not the model itself (model.h);
//   - every test compiles to exactly one statement, a SELECT that only reads: identifiers and
//     literals from the header are written back from their parse trees, so no text of the
//     file can turn a test query into two statements or a write.
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "model/model.h"
#include "model/testing.h"
#include "sql/parser.h"

namespace {

namespace model = pgcrate::model;
namespace sql = pgcrate::sql;

void CheckTestQuery(const model::Model& m, const model::ModelTest& t) {
  auto query = model::CompileTest(m, t);
  if (!query.ok()) return;  // a name or literal the parser refuses, reported at the line
  auto stmts = sql::ParseScript(*query);
  FUZZ_CHECK(stmts.ok(), "test " + t.Name() + " compiles to SQL that does not parse: " +
                             stmts.status().message() + "\n" + *query);
  FUZZ_CHECK(
      stmts->size() == 1 && (*stmts)[0].node_type == "SelectStmt" &&
          (*stmts)[0].kind == sql::StatementKind::kRead,
      "test " + t.Name() + " compiles to something other than one read-only SELECT:\n" + *query);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto m = model::ParseModel("models/staging/stg_users.sql", "staging", "stg_users", text);
  if (!m.ok()) return 0;
  const auto& reads = m->reads;
  for (size_t i = 0; i < reads.size(); ++i) {
    FUZZ_CHECK(i == 0 || reads[i - 1] < reads[i], "reads are not sorted and unique");
    FUZZ_CHECK(!(reads[i].schema == m->schema && reads[i].name == m->name),
               "the model reads itself");
  }
  for (const model::ModelTest& t : m->tests) CheckTestQuery(*m, t);
  return 0;
}

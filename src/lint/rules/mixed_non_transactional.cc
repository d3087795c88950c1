// Detects a non-transactional statement mixed with other statements in one file: without a
// transaction, a failure part way leaves the earlier statements applied (not atomic). Reads,
// session settings and BEGIN / COMMIT do not count as other statements.
#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace {

// True for statements that change nothing a retry would trip over: session settings, reads
// (a bare SELECT) and transaction control.
bool Inert(const sql::Statement& st) {
  return st.kind == sql::StatementKind::kSessionSetting || st.kind == sql::StatementKind::kRead ||
         st.kind == sql::StatementKind::kTransactionControl;
}

void CheckFile(const FileContext& f, Reporter& out) {
  size_t effective = 0;  // statements that change something
  const sql::Statement* first_nt = nullptr;
  for (const auto& st : f.statements) {
    if (!Inert(st)) ++effective;
    if (!st.transactional && !first_nt) first_nt = &st;
  }
  if (!first_nt || effective < 2) return;
  out.Report(first_nt->offset,
             "\"" + first_nt->text.substr(0, first_nt->text.find_first_of("(\n")) +
                 "\" cannot run in a transaction, and the file has " +
                 std::to_string(effective - 1) +
                 " other statement(s): a failure part way leaves it half applied.");
}

}  // namespace

extern const Rule kMixedNonTransactional = {
    "mixed-non-transactional",
    "non-transactional statement mixed with other statements",
    "Outside a transaction each statement commits on its own, so if a later one fails the "
    "migration is half applied and cannot simply be retried.",
    "-- one non-transactional statement per migration:\n"
    "-- pgcrate: no-transaction\n"
    "-- up\n"
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_user_id ON orders (user_id);",
    Severity::kWarning,
    nullptr,
    CheckFile};

}  // namespace pgcrate::lint::rules

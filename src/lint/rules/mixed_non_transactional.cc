// Detects a non-transactional statement mixed with other statements in one file: without a
// transaction, a failure part way leaves the earlier statements applied (not atomic). Reads,
// session settings and BEGIN / COMMIT do not count as other statements.
#include <optional>

#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace mixed_non_transactional_rule {
namespace {

// True for statements that change nothing a retry would trip over: session settings, reads
// (a bare SELECT) and transaction control.
bool Inert(const sql::Statement& st) {
  return st.kind == sql::StatementKind::kSessionSetting || st.kind == sql::StatementKind::kRead ||
         st.kind == sql::StatementKind::kTransactionControl;
}

struct Seen {
  size_t effective = 0;            // statements that change something
  std::optional<size_t> first_nt;  // offset of the first non-transactional statement
  std::string first_nt_head;       // its text up to the first '(' or line break
};

void Check(const StatementContext& ctx, Reporter&) {
  auto& seen = ctx.file.State<Seen>();
  if (!Inert(ctx.st)) ++seen.effective;
  if (!ctx.st.transactional && !seen.first_nt) {
    seen.first_nt = ctx.st.offset;
    seen.first_nt_head = ctx.st.text.substr(0, ctx.st.text.find_first_of("(\n"));
  }
}

void CheckFile(const FileContext& f, Reporter& out) {
  const auto& seen = f.State<Seen>();
  if (!seen.first_nt || seen.effective < 2) return;
  out.ReportFileWide(*seen.first_nt, "\"" + seen.first_nt_head +
                                         "\" cannot run in a transaction, and the file has " +
                                         std::to_string(seen.effective - 1) +
                                         " other statement(s): a failure part way leaves it "
                                         "half applied.");
}

}  // namespace
}  // namespace mixed_non_transactional_rule

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
    mixed_non_transactional_rule::Check,
    mixed_non_transactional_rule::CheckFile};

}  // namespace pgcrate::lint::rules

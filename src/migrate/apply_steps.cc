// No-transaction migrations (`-- pgcrate: no-transaction`): statements that PostgreSQL refuses
// inside a transaction block (CREATE INDEX CONCURRENTLY, VACUUM, ...) run one by one, and the
// tracking row is written only after the last one succeeded. A failure cannot be rolled back,
// so the error lists what already ran and names any INVALID index a failed CONCURRENTLY
// build left behind, with the command that drops it.
#include <chrono>
#include <set>

#include "base/strings.h"
#include "migrate/apply_internal.h"
#include "migrate/script_exec.h"
#include "migrate/store.h"
#include "pg/error.h"

namespace pgcrate::migrate::internal {
namespace {

// Invalid indexes (e.g. from a failed CREATE INDEX CONCURRENTLY), as quoted schema.name.
Result<std::set<std::string>> InvalidIndexes(pg::Connection& conn) {
  auto r = conn.Exec(
      "SELECT pg_catalog.format('%I.%I', n.nspname, c.relname) FROM pg_catalog.pg_index i "
      "JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid "
      "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE NOT i.indisvalid");
  if (!r.ok()) return r.status();
  std::set<std::string> out;
  for (int i = 0; i < r->rows(); ++i) out.insert(r->str(i, 0));
  return out;
}

std::string Ran(const PreparedMigration& m, size_t count) {
  if (count == 0) return "No statement of it had run, so nothing needs undoing.";
  // The first lines only: each is found by a scan from the top of the section.
  constexpr size_t kListed = 20;
  std::vector<std::string> lines;
  for (size_t i = 0; i < count && i < kListed; ++i) {
    lines.push_back(
        std::to_string(LocationOf(m, SkipLeadingComments(*m.sql, m.statements[i].offset)).line));
  }
  if (count > kListed) lines.push_back("... " + std::to_string(count - kListed) + " more");
  return std::to_string(count) + " statement(s) before it already ran and stay applied (lines " +
         base::Join(lines, ", ") +
         "); the migration is NOT recorded, so make them safe to "
         "re-run (IF NOT EXISTS / IF EXISTS) before running `pgcrate migrate up` again.";
}

Status StepFailure(pg::Connection& conn, const PreparedMigration& m, size_t k, Status st,
                   const std::set<std::string>& invalid_before) {
  const sql::StatementSpan& s = m.statements[k];
  size_t off = SkipLeadingComments(*m.sql, s.offset);
  if (st.position() > 0)
    off = s.offset + pg::ErrorPositionToOffset(m.StatementText(k), st.position());
  std::string details = st.details().empty() ? "" : st.details() + "\n";
  details += "migration " + m.file->file_name + " runs without a transaction (statement " +
             std::to_string(k + 1) + " of " + std::to_string(m.statements.size()) + " failed). " +
             Ran(m, k);
  auto after = InvalidIndexes(conn);
  if (after.ok()) {
    for (const auto& idx : after.value()) {
      if (invalid_before.count(idx)) continue;
      details += "\nthe failed statement left the INVALID index " + idx +
                 " behind; drop it with: DROP INDEX CONCURRENTLY IF EXISTS " + idx + ";";
    }
  }
  return st.WithLocation(LocationOf(m, off)).WithDetails(details);
}

// Runs statement `k`, retrying after lock timeouts unless that would trip over an INVALID
// index the failed attempt left behind.
Status RunStatement(pg::Connection& conn, const PreparedMigration& m, size_t k,
                    const ApplyOptions& o, int index, int total, int& retries,
                    const std::set<std::string>& invalid_before) {
  for (;;) {
    // Statements go one by one here, so a SET between them could change how the next is read.
    Status st = CheckSessionLexing(conn);
    if (!st.ok()) return StepFailure(conn, m, k, st, invalid_before);
    st = conn.Run(m.StatementText(k));
    if (st.ok()) return st;
    // A user-written BEGIN block that failed is left aborted; end it before looking around.
    if (conn.in_transaction()) (void)conn.Run("ROLLBACK");
    auto now_invalid = InvalidIndexes(conn);
    bool left_index = !now_invalid.ok() || now_invalid->size() > invalid_before.size();
    if (left_index || !RetryAfterLockTimeout(st, m, o, index, total, retries)) {
      return StepFailure(conn, m, k, st, invalid_before);
    }
  }
}

Status Record(pg::Connection& conn, const PreparedMigration& m, const ApplyOptions& o, int64_t ms) {
  const MigrationFile& f = *m.file;
  Status st = m.direction == Direction::kUp ? RecordApplied(conn, f, ms, o.tracking)
                                            : MarkRolledBack(conn, f.version, o.tracking);
  if (st.code() == Code::kNotFound) {
    return Status(Code::kInternal, "migration " + f.file_name +
                                       " ran but its tracking row was not written; check " +
                                       o.tracking.QualifiedTable() + ".");
  }
  return st;
}

}  // namespace

Status RunStepwise(pg::Connection& conn, const PreparedMigration& m, const ApplyOptions& o,
                   int index, int total, int& retries, const std::string& reset) {
  // The session already has the safety settings and application_name at session level
  // (RunPrepared's setup or the previous migration's reset), as statements outside a
  // transaction need.
  auto start = std::chrono::steady_clock::now();
  auto invalid_before = InvalidIndexes(conn);
  if (!invalid_before.ok()) return invalid_before.status();
  Status st;
  for (size_t k = 0; k < m.statements.size() && st.ok(); ++k) {
    st = RunStatement(conn, m, k, o, index, total, retries, invalid_before.value());
  }
  if (st.ok()) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - start)
                  .count();
    st = Record(conn, m, o, ms);
  }
  if (conn.in_transaction()) (void)conn.Run("ROLLBACK");
  Status after = conn.Run(reset);
  return st.ok() ? after : st;
}

}  // namespace pgcrate::migrate::internal

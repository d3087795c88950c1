#include "migrate/apply.h"

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include "base/strings.h"
#include "migrate/apply_internal.h"
#include "migrate/script_exec.h"
#include "migrate/store.h"
#include "pg/error.h"
#include "sql/quote.h"

namespace pgcrate::migrate {
namespace internal {

const char* const kResetSession = "RESET SESSION AUTHORIZATION;\nRESET ALL;\nRESET ROLE;\n";

std::string SessionSetupSql(const SafetySettings& s, const std::string& application_name) {
  std::string sql =
      "SELECT pg_catalog.set_config('standard_conforming_strings', 'on', false), "
      "pg_catalog.set_config('lock_timeout', " +
      sql::QuoteLiteral(s.lock_timeout) + ", false), pg_catalog.set_config('statement_timeout', " +
      sql::QuoteLiteral(s.statement_timeout) +
      ", false), pg_catalog.set_config('idle_in_transaction_session_timeout', " +
      sql::QuoteLiteral(s.idle_in_transaction_session_timeout) + ", false)";
  if (!application_name.empty()) {
    sql += ", pg_catalog.set_config('application_name', " + sql::QuoteLiteral(application_name) +
           ", false)";
  }
  return sql + ";\n";
}

std::string ResetSql(const SafetySettings& s, const std::string& next_application_name) {
  return kResetSession + SessionSetupSql(s, next_application_name);
}

std::string TrackSql(const MigrationFile& f, Direction d, const Tracking& t) {
  return (d == Direction::kDown ? MarkRolledBackSqlText(f.version, t)
                                : RecordAppliedSqlText(f, t)) +
         "\n";
}

int BackoffMs(const ApplyOptions& options, int retry) {
  static thread_local std::mt19937 rng{std::random_device{}()};
  std::uniform_real_distribution<double> jitter(0.5, 1.5);
  double base = options.retry_base_ms * static_cast<double>(1 << std::min(retry - 1, 16));
  return static_cast<int>(base * jitter(rng));
}

bool RetryAfterLockTimeout(const Status& st, const PreparedMigration& m, const ApplyOptions& o,
                           int index, int total, int& retries) {
  if (st.sqlstate() != pg::kLockNotAvailable || retries >= o.lock_retries) return false;
  ++retries;
  int wait = BackoffMs(o, retries);
  if (o.observer) {
    ApplyEvent e{ApplyEvent::Kind::kRetrying, m.file, m.direction, index, total, 0, ""};
    e.message = "migration " + m.file->file_name + " could not get a lock within lock_timeout (" +
                o.safety.lock_timeout + "): " + st.message() + "; retrying in " +
                std::to_string(wait) + " ms (retry " + std::to_string(retries) + " of " +
                std::to_string(o.lock_retries) + ").";
    o.observer(e);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(wait));
  return true;
}

}  // namespace internal

namespace {

constexpr const char* kBegin = "BEGIN;\n";
// Statements after COMMIT in a batch: kResetSession's three and the settings SELECT.
constexpr size_t kResetStatements = 4;

// One migration's round trip: BEGIN, the file, the tracking row, COMMIT, then `reset`, which
// returns the session to the state every migration starts from (whatever this one SET at
// session level) with the settings of the next. The server lexes the whole text before
// running any of it, so a SET inside the file cannot change how the rest of it is read.
// Written in pieces, without temporaries (a 100 MB migration is not copied here).
// What follows the file's SQL: the tracking row, COMMIT and `reset`.
void WriteTail(const ScriptWriter& write, const PreparedMigration& m, const Tracking& t,
               const std::string& reset) {
  write("\n;\n");
  write(internal::TrackSql(*m.file, m.direction, t));
  write("COMMIT;\n");
  write(reset);
}

void WriteBatch(const ScriptWriter& write, const PreparedMigration& m, const Tracking& t,
                const std::string& reset) {
  write(kBegin);
  write(*m.sql);
  WriteTail(write, m, t, reset);
}

size_t BatchPrefixSize() { return std::char_traits<char>::length(kBegin); }

}  // namespace

Status internal::ApplySafetySettings(pg::Connection& conn, const SafetySettings& s,
                                     const std::string& application_name) {
  pg::Param app = application_name.empty() ? pg::Param() : pg::Param(application_name);
  auto r = conn.Exec(
      "SELECT pg_catalog.set_config('standard_conforming_strings', 'on', false), "
      "pg_catalog.set_config('lock_timeout', $1, false), "
      "pg_catalog.set_config('statement_timeout', $2, false), "
      "pg_catalog.set_config('idle_in_transaction_session_timeout', $3, false), "
      "pg_catalog.set_config('application_name', "
      "coalesce($4, pg_catalog.current_setting('application_name')), false)",
      {s.lock_timeout, s.statement_timeout, s.idle_in_transaction_session_timeout, app});
  if (r.ok()) return Status::Ok();
  // Only the server refusing a value is the configuration's fault; a lost connection is not.
  if (r.status().sqlstate() != pg::kInvalidParameterValue) return r.status();
  return Status(Code::kConfig, "invalid [migrate] safety setting: " + r.status().message())
      .WithHint(
          "lock_timeout, statement_timeout and idle_in_transaction_session_timeout take "
          "PostgreSQL durations such as \"2s\", \"15min\" or \"60000\" (ms).");
}

namespace {

// Where in the file the failed batch broke: the server's position when it points into the
// file's SQL, else the start of the statement that failed (counted from completed results).
// `sql_start` is where the file's SQL starts in `batch` (negative when the batch is a later
// part of a migration sent in parts) and `leading` the number of statements before it.
SourceLocation FailureLocation(const PreparedMigration& m, const std::string& batch,
                               const ScriptOutcome& out, ptrdiff_t sql_start, int leading) {
  if (out.error.position() > 0) {
    auto off = static_cast<ptrdiff_t>(pg::ErrorPositionToOffset(batch, out.error.position()));
    ptrdiff_t in_sql = off - sql_start;
    if (in_sql >= 0 && in_sql < static_cast<ptrdiff_t>(m.sql->size())) {
      return LocationOf(m, static_cast<size_t>(in_sql));
    }
  }
  int index = out.completed - leading;
  if (index >= 0 && index < static_cast<int>(m.statements.size())) {
    return LocationOf(m, SkipLeadingComments(*m.sql, m.statements[index].offset));
  }
  return {m.file->path, 0, 0};
}

Status FailureStatus(const PreparedMigration& m, const std::string& batch, const ScriptOutcome& out,
                     ptrdiff_t sql_start, int leading, const std::string& note) {
  Status st = out.error;
  SourceLocation loc = FailureLocation(m, batch, out, sql_start, leading);
  bool in_file = loc.line > 0;
  st.WithLocation(loc).WithDetails(st.details().empty() ? note : st.details() + "\n" + note);
  if (!in_file)
    st.Prefix("the tracking statements of migration " + m.file->file_name + " failed: ");
  return st;
}

std::string RolledBackNote(const PreparedMigration& m) {
  std::string what = m.direction == Direction::kUp ? "applied" : "rolled back";
  return "migration " + m.file->file_name + " was rolled back as a whole: nothing of it was " +
         what + " and the tracking table is unchanged.";
}

Status CheckCommitted(const PreparedMigration& m, const ScriptOutcome& out) {
  size_t n = out.tags.size() >= kResetStatements ? out.tags.size() - kResetStatements : 0;
  const char* want = m.direction == Direction::kUp ? "INSERT 0 1" : "UPDATE 1";
  if (n >= 2 && out.tags[n - 1] == "COMMIT" && out.tags[n - 2] == want) return Status::Ok();
  return Status(Code::kInternal, "migration " + m.file->file_name +
                                     " committed but its tracking "
                                     "row was not written as expected (" +
                                     (n >= 2 ? out.tags[n - 2] : std::string("no result")) + ").")
      .WithHint("check pgcrate.schema_migrations by hand; this is a pgcrate bug.");
}

// True when the connection broke after the server may have run the batch's COMMIT: no server
// error says how far it got (libpq's own "server closed the connection"), or every statement
// before COMMIT had completed (a session killed during or right after COMMIT). A server error
// on an earlier statement proves the transaction did not commit.
bool CommitUnconfirmed(const pg::Connection& conn, const PreparedMigration& m,
                       const ScriptOutcome& out) {
  if (conn.server_version() != 0) return false;    // 0: libpq marked the connection bad
  size_t before_commit = m.statements.size() + 2;  // BEGIN, the file's statements, tracking
  return out.error.sqlstate().empty() || static_cast<size_t>(out.completed) >= before_commit;
}

Status UnconfirmedCommit(const PreparedMigration& m, const ScriptOutcome& out, const Tracking& t) {
  std::string what = m.direction == Direction::kUp ? "applied" : "rolled back";
  return Status(Code::kConnection,
                "the connection was lost before the server confirmed the "
                "COMMIT of migration " +
                    m.file->file_name + ", so whether it was " + what +
                    " is unknown: " + out.error.message())
      .WithLocation({m.file->path, 0, 0})
      .WithDetails("the migration and its tracking row commit together, so " + t.QualifiedTable() +
                   " says which (`pgcrate migrate status`); running the command again continues "
                   "from there and never runs a migration twice.");
}

// Where the parts of a migration start in its SQL: one part (offset 0) unless the SQL is
// bigger than `part_bytes`; then a new part starts at the first statement at least that far
// after the previous part's start.
std::vector<size_t> PartStarts(const PreparedMigration& m, size_t part_bytes) {
  std::vector<size_t> starts{0};
  if (m.sql->size() <= part_bytes) return starts;
  for (const sql::StatementSpan& s : m.statements) {
    if (s.offset - starts.back() >= part_bytes) starts.push_back(s.offset);
  }
  return starts;
}

// The last part sent, where the file's SQL starts in it, and the outcome with `completed`
// counted over all parts sent.
struct SentMigration {
  std::string batch;
  ptrdiff_t sql_start = 0;
  ScriptOutcome out;
  bool commit_sent = false;  // the part with COMMIT went out (else the server cannot commit)
};

// Sends migration `m` in its parts: the first opens with BEGIN and the last ends with the
// tracking row, COMMIT and `reset` (one part is exactly WriteBatch's text). Stops at the
// first part that fails, leaving the transaction open (aborted) for the caller.
SentMigration SendMigration(pg::Connection& conn, const PreparedMigration& m, const Tracking& t,
                            const std::string& reset, const std::vector<size_t>& starts) {
  SentMigration sent;
  auto append = [&sent](std::string_view piece) { sent.batch += piece; };
  int completed = 0;
  for (size_t i = 0; i < starts.size(); ++i) {
    size_t from = starts[i];
    size_t to = i + 1 < starts.size() ? starts[i + 1] : m.sql->size();
    sent.batch.clear();
    sent.batch.reserve(to - from + 1024);
    if (i == 0) sent.batch += kBegin;
    sent.sql_start =
        i == 0 ? static_cast<ptrdiff_t>(BatchPrefixSize()) : -static_cast<ptrdiff_t>(from);
    sent.batch.append(*m.sql, from, to - from);
    if (i + 1 == starts.size()) WriteTail(append, m, t, reset);
    sent.commit_sent = i + 1 == starts.size();
    sent.out = SendScript(conn, sent.batch);
    sent.out.completed += completed;
    completed = sent.out.completed;
    if (!sent.out.error.ok()) break;
  }
  return sent;
}

// Runs one transactional migration, retrying after lock timeouts.
Status RunInTransaction(pg::Connection& conn, const PreparedMigration& m, const ApplyOptions& o,
                        int index, int total, int& retries, const std::string& reset) {
  std::vector<size_t> starts = PartStarts(m, o.part_bytes);
  for (;;) {
    SentMigration sent = SendMigration(conn, m, o.tracking, reset, starts);
    ScriptOutcome& out = sent.out;
    if (out.error.ok()) return CheckCommitted(m, out);
    if (std::find(out.tags.begin(), out.tags.end(), "COMMIT") != out.tags.end()) {
      return out.error.Prefix("migration " + m.file->file_name +
                              " committed, but resetting the "
                              "session after it failed: ");
    }
    if (sent.commit_sent && CommitUnconfirmed(conn, m, out)) {
      return UnconfirmedCommit(m, out, o.tracking);
    }
    if (conn.in_transaction()) (void)conn.Run("ROLLBACK");
    if (!internal::RetryAfterLockTimeout(out.error, m, o, index, total, retries)) {
      return FailureStatus(m, sent.batch, out, sent.sql_start, 1, RolledBackNote(m));
    }
  }
}

void Notify(const ApplyOptions& o, ApplyEvent::Kind kind, const PreparedMigration& m, int index,
            int total, int64_t ms) {
  if (o.observer) o.observer({kind, m.file, m.direction, index, total, ms, ""});
}

std::string AppName(const MigrationFile& f) { return "migration:" + f.version; }

Status RunAll(pg::Connection& conn, const std::vector<PreparedMigration>& migrations,
              const ApplyOptions& options, std::vector<MigrationOutcome>* done) {
  int total = static_cast<int>(migrations.size());
  for (int i = 0; i < total; ++i) {
    const PreparedMigration& m = migrations[static_cast<size_t>(i)];
    Notify(options, ApplyEvent::Kind::kStarting, m, i + 1, total, 0);
    auto start = std::chrono::steady_clock::now();
    int retries = 0;
    std::string next = i + 1 < total ? AppName(*migrations[static_cast<size_t>(i) + 1].file) : "";
    std::string reset = internal::ResetSql(options.safety, next);
    Status st = m.file->no_transaction
                    ? internal::RunStepwise(conn, m, options, i + 1, total, retries, reset)
                    : RunInTransaction(conn, m, options, i + 1, total, retries, reset);
    if (!st.ok()) return st;
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - start)
                  .count();
    Notify(options, ApplyEvent::Kind::kFinished, m, i + 1, total, ms);
    if (done) done->push_back({m.file, ms, retries});
  }
  return Status::Ok();
}

}  // namespace

Status RunPrepared(pg::Connection& conn, const std::vector<PreparedMigration>& migrations,
                   const ApplyOptions& options, std::vector<MigrationOutcome>* done) {
  if (migrations.empty()) return Status::Ok();
  PGCRATE_RETURN_IF_ERROR(
      internal::ApplySafetySettings(conn, options.safety, AppName(*migrations.front().file)));
  Status st = RunAll(conn, migrations, options, done);
  // Leave the session as documented: reset, with the safety settings at session level.
  if (conn.in_transaction()) (void)conn.Run("ROLLBACK");
  Status restored = conn.Run(internal::kResetSession);
  if (restored.ok()) restored = internal::ApplySafetySettings(conn, options.safety);
  return st.ok() ? restored : st;
}

namespace {

Status RefuseNoTransaction(const std::vector<PreparedMigration>& migrations) {
  for (const auto& m : migrations) {
    if (!m.file->no_transaction) continue;
    return Status(Code::kRefused, "migration " + m.file->file_name +
                                      " is no-transaction, so it cannot run inside one "
                                      "transaction with other work.")
        .WithLocation({m.file->path, 0, 0});
  }
  return Status::Ok();
}

Status RunInOpenTransaction(pg::Connection& conn, const std::vector<PreparedMigration>& ms,
                            const ApplyOptions& o, std::vector<MigrationOutcome>& outcomes) {
  int total = static_cast<int>(ms.size());
  for (int i = 0; i < total; ++i) {
    const PreparedMigration& m = ms[static_cast<size_t>(i)];
    Notify(o, ApplyEvent::Kind::kStarting, m, i + 1, total, 0);
    auto start = std::chrono::steady_clock::now();
    std::string next = i + 1 < total ? AppName(*ms[static_cast<size_t>(i) + 1].file) : "";
    std::string batch = *m.sql + "\n;\n" + internal::TrackSql(*m.file, m.direction, o.tracking) +
                        internal::ResetSql(o.safety, next);
    ScriptOutcome out = SendScript(conn, batch);
    if (!out.error.ok()) {
      return FailureStatus(m, batch, out, 0, 0,
                           "migration " + m.file->file_name +
                               " failed, so the whole unit (code objects and migrations) was "
                               "rolled back: nothing of it was applied.");
    }
    auto ms_taken = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
    Notify(o, ApplyEvent::Kind::kFinished, m, i + 1, total, ms_taken);
    outcomes.push_back({m.file, ms_taken, 0});
  }
  return Status::Ok();
}

}  // namespace

Status RunPreparedInOneTransaction(pg::Connection& conn,
                                   const std::vector<PreparedMigration>& migrations,
                                   const ApplyOptions& options, const TransactionHooks& hooks,
                                   std::vector<MigrationOutcome>* done) {
  PGCRATE_RETURN_IF_ERROR(RefuseNoTransaction(migrations));
  PGCRATE_RETURN_IF_ERROR(internal::ApplySafetySettings(
      conn, options.safety, migrations.empty() ? "" : AppName(*migrations.front().file)));
  std::vector<MigrationOutcome> outcomes;
  Status st = [&]() -> Status {
    auto tx = pg::Transaction::Begin(conn);
    if (!tx.ok()) return tx.status();
    if (hooks.before) PGCRATE_RETURN_IF_ERROR(hooks.before(conn));
    PGCRATE_RETURN_IF_ERROR(RunInOpenTransaction(conn, migrations, options, outcomes));
    if (hooks.after) PGCRATE_RETURN_IF_ERROR(hooks.after(conn));
    return (*tx)->Commit();
  }();
  if (conn.in_transaction()) (void)conn.Run("ROLLBACK");
  Status restored = conn.Run(internal::kResetSession);
  if (restored.ok()) restored = internal::ApplySafetySettings(conn, options.safety);
  if (!st.ok()) return st;
  if (done) done->insert(done->end(), outcomes.begin(), outcomes.end());
  return restored;
}

Status ApplyFiles(pg::Connection& conn, const std::vector<MigrationFile>& files,
                  const ApplyOptions& options, std::vector<MigrationOutcome>* done) {
  PGCRATE_RETURN_IF_ERROR(EnsureTrackingTable(conn, options.tracking));
  std::vector<const MigrationFile*> ptrs;
  for (const auto& f : files) ptrs.push_back(&f);
  auto prepared = PrepareMigrations(ptrs, Direction::kUp, conn.server_version());
  if (!prepared.ok()) return prepared.status();
  return RunPrepared(conn, prepared.value(), options, done);
}

void WriteScript(const std::vector<PreparedMigration>& ms, const SafetySettings& s,
                 const Tracking& t, const ScriptWriter& write) {
  if (ms.empty()) {
    write("-- pgcrate migrate sql: no pending migrations, nothing to run.\n");
    return;
  }
  write("-- generated by pgcrate migrate sql: " + std::to_string(ms.size()) +
        " migration(s)\n\\set ON_ERROR_STOP on\n");
  write(CreateTrackingSql(t) + UpgradeTrackingSqlText(t) + "\n" +
        internal::SessionSetupSql(s, AppName(*ms.front().file)));
  for (size_t i = 0; i < ms.size(); ++i) {
    const PreparedMigration& m = ms[i];
    std::string reset = internal::ResetSql(s, i + 1 < ms.size() ? AppName(*ms[i + 1].file) : "");
    write("\n-- " + m.file->file_name + (m.direction == Direction::kUp ? " (up)" : " (down)"));
    if (m.file->no_transaction) {
      write(", no-transaction: statements run one by one\n");
      for (size_t k = 0; k < m.statements.size(); ++k) {
        write(m.StatementText(k));
        write(";\n");
      }
      write(internal::TrackSql(*m.file, m.direction, t) + reset);
    } else {
      write("\n");
      WriteBatch(write, m, t, reset);
      write("\n");
    }
  }
}

}  // namespace pgcrate::migrate

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

namespace pgcrate::migrate {
namespace internal {

const char* const kSetLocalFromQueue =
    "SELECT pg_catalog.set_config('lock_timeout', q.lock_timeout, true), "
    "pg_catalog.set_config('statement_timeout', q.statement_timeout, true), "
    "pg_catalog.set_config('idle_in_transaction_session_timeout', q.idle_timeout, true), "
    "pg_catalog.set_config('application_name', 'migration:' || q.version, true) "
    "FROM pg_temp.pgcrate_queue q ORDER BY q.seq LIMIT 1;\n";

const char* const kTrackUpFromQueue =
    "WITH done AS (DELETE FROM pg_temp.pgcrate_queue WHERE seq = (SELECT min(seq) FROM "
    "pg_temp.pgcrate_queue) RETURNING version, name, checksum) "
    "INSERT INTO pgcrate.schema_migrations (version, name, checksum, execution_ms) "
    "SELECT version, name, checksum, "
    "(EXTRACT(epoch FROM clock_timestamp() - now()) * 1000)::bigint FROM done;\n";

const char* const kResetSession =
    "RESET SESSION AUTHORIZATION;\nRESET ALL;\nRESET ROLE;\n"
    "SET standard_conforming_strings = on;\n";
const int kResetSessionStatements = 4;

const char* const kTrackDownFromQueue =
    "WITH done AS (DELETE FROM pg_temp.pgcrate_queue WHERE seq = (SELECT min(seq) FROM "
    "pg_temp.pgcrate_queue) RETURNING version) "
    "DELETE FROM pgcrate.schema_migrations m USING done WHERE m.version = done.version;\n";

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

using internal::kSetLocalFromQueue;

constexpr const char* kBegin = "BEGIN;\n";

const char* TrackSql(Direction d) {
  return d == Direction::kUp ? internal::kTrackUpFromQueue : internal::kTrackDownFromQueue;
}

// One migration's round trip. After COMMIT the session is reset, so the next migration
// starts from the same state whatever this one SET at session level; the whole text is lexed
// by the server before any of it runs, so a SET inside the file cannot change how the rest
// of it is read.
std::string Batch(const PreparedMigration& m) {
  return std::string(kBegin) + kSetLocalFromQueue + *m.sql + "\n;\n" + TrackSql(m.direction) +
         "COMMIT;\n" + internal::kResetSession;
}

size_t BatchPrefixSize() { return std::char_traits<char>::length(kBegin) +
                                  std::char_traits<char>::length(kSetLocalFromQueue); }

// A PostgreSQL array literal of `values` for a bound text[] parameter.
std::string ArrayLiteral(const std::vector<std::string>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char c : values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

}  // namespace

Status internal::ApplySafetySettings(pg::Connection& conn, const SafetySettings& s) {
  auto r = conn.Exec(
      "SELECT pg_catalog.set_config('standard_conforming_strings', 'on', false), "
      "pg_catalog.set_config('lock_timeout', $1, false), "
      "pg_catalog.set_config('statement_timeout', $2, false), "
      "pg_catalog.set_config('idle_in_transaction_session_timeout', $3, false)",
      {s.lock_timeout, s.statement_timeout, s.idle_in_transaction_session_timeout});
  if (r.ok()) return Status::Ok();
  return Status(Code::kConfig, "invalid [migrate] safety setting: " + r.status().message())
      .WithHint("lock_timeout, statement_timeout and idle_in_transaction_session_timeout take "
                "PostgreSQL durations such as \"2s\", \"15min\" or \"60000\" (ms).");
}

namespace {

constexpr const char* kCreateQueueSql =
    "BEGIN; SET LOCAL client_min_messages = warning;\n"
    "CREATE TEMP TABLE IF NOT EXISTS pgcrate_queue (seq bigint PRIMARY KEY, version text NOT "
    "NULL, name text, checksum text, lock_timeout text, statement_timeout text, idle_timeout "
    "text);\nTRUNCATE pg_temp.pgcrate_queue; COMMIT;";

// Fills the session's queue with one row per migration, in run order (bound parameters).
Status FillQueue(pg::Connection& conn, const std::vector<PreparedMigration>& ms,
                 const SafetySettings& s) {
  PGCRATE_RETURN_IF_ERROR(conn.Run(kCreateQueueSql));
  std::vector<std::string> versions, names, checksums;
  for (const auto& m : ms) {
    versions.push_back(m.file->version);
    names.push_back(m.file->name);
    checksums.push_back(m.file->checksum);
  }
  auto r = conn.Exec(
      "INSERT INTO pg_temp.pgcrate_queue SELECT s.seq, s.version, s.name, s.checksum, $4, $5, "
      "$6 FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS s(version, name, "
      "checksum, seq)",
      {ArrayLiteral(versions), ArrayLiteral(names), ArrayLiteral(checksums), s.lock_timeout,
       s.statement_timeout, s.idle_in_transaction_session_timeout});
  return r.ok() ? Status::Ok() : r.status();
}

// Where in the file the failed batch broke: the server's position when it points into the
// file's SQL, else the start of the statement that failed (counted from completed results).
SourceLocation FailureLocation(const PreparedMigration& m, const std::string& batch,
                               const ScriptOutcome& out) {
  size_t prefix = BatchPrefixSize();
  if (out.error.position() > 0) {
    size_t off = PositionToOffset(batch, out.error.position());
    if (off >= prefix && off < prefix + m.sql->size()) return LocationOf(m, off - prefix);
  }
  int index = out.completed - 2;  // BEGIN and the SET LOCAL query come first
  if (index >= 0 && index < static_cast<int>(m.statements.size())) {
    return LocationOf(m, SkipLeadingComments(*m.sql, m.statements[index].offset));
  }
  return {m.file->path, 0, 0};
}

Status FailureStatus(const PreparedMigration& m, const std::string& batch,
                     const ScriptOutcome& out) {
  Status st = out.error;
  SourceLocation loc = FailureLocation(m, batch, out);
  bool in_file = loc.line > 0;
  std::string what = m.direction == Direction::kUp ? "applied" : "rolled back";
  std::string note = "migration " + m.file->file_name + " was rolled back as a whole: nothing "
                     "of it was " + what + " and pgcrate.schema_migrations is unchanged.";
  st.WithLocation(loc).WithDetails(st.details().empty() ? note : st.details() + "\n" + note);
  if (!in_file) st.Prefix("the tracking statements of migration " + m.file->file_name + " failed: ");
  return st;
}

Status CheckCommitted(const PreparedMigration& m, const ScriptOutcome& out) {
  size_t n = out.tags.size() >= internal::kResetSessionStatements
                 ? out.tags.size() - internal::kResetSessionStatements
                 : 0;
  const char* want = m.direction == Direction::kUp ? "INSERT 0 1" : "DELETE 1";
  if (n >= 2 && out.tags[n - 1] == "COMMIT" && out.tags[n - 2] == want) return Status::Ok();
  return Status(Code::kInternal, "migration " + m.file->file_name + " committed but its tracking "
                                 "row was not written as expected (" +
                                 (n >= 2 ? out.tags[n - 2] : std::string("no result")) + ").")
      .WithHint("check pgcrate.schema_migrations by hand; this is a pgcrate bug.");
}

// Runs one transactional migration, retrying after lock timeouts.
Status RunInTransaction(pg::Connection& conn, const PreparedMigration& m, const ApplyOptions& o,
                        int index, int total, int& retries) {
  std::string batch = Batch(m);
  for (;;) {
    ScriptOutcome out = SendScript(conn, batch);
    if (out.error.ok()) return CheckCommitted(m, out);
    if (std::find(out.tags.begin(), out.tags.end(), "COMMIT") != out.tags.end()) {
      return out.error.Prefix("migration " + m.file->file_name + " committed, but resetting the "
                              "session after it failed: ");
    }
    if (conn.in_transaction()) (void)conn.Run("ROLLBACK");
    if (!internal::RetryAfterLockTimeout(out.error, m, o, index, total, retries)) {
      return FailureStatus(m, batch, out);
    }
  }
}

void Notify(const ApplyOptions& o, ApplyEvent::Kind kind, const PreparedMigration& m, int index,
            int total, int64_t ms) {
  if (o.observer) o.observer({kind, m.file, m.direction, index, total, ms, ""});
}

Status RunAll(pg::Connection& conn, const std::vector<PreparedMigration>& migrations,
              const ApplyOptions& options, std::vector<MigrationOutcome>* done);

}  // namespace

Status RunPrepared(pg::Connection& conn, const std::vector<PreparedMigration>& migrations,
                   const ApplyOptions& options, std::vector<MigrationOutcome>* done) {
  if (migrations.empty()) return Status::Ok();
  PGCRATE_RETURN_IF_ERROR(internal::ApplySafetySettings(conn, options.safety));
  PGCRATE_RETURN_IF_ERROR(FillQueue(conn, migrations, options.safety));
  Status st = RunAll(conn, migrations, options, done);
  // Each migration's batch ends in RESET ALL: leave the session as documented.
  if (conn.in_transaction()) (void)conn.Run("ROLLBACK");
  Status restored = internal::ApplySafetySettings(conn, options.safety);
  return st.ok() ? restored : st;
}

namespace {

Status RunAll(pg::Connection& conn, const std::vector<PreparedMigration>& migrations,
              const ApplyOptions& options, std::vector<MigrationOutcome>* done) {
  int total = static_cast<int>(migrations.size());
  for (int i = 0; i < total; ++i) {
    const PreparedMigration& m = migrations[static_cast<size_t>(i)];
    Notify(options, ApplyEvent::Kind::kStarting, m, i + 1, total, 0);
    auto start = std::chrono::steady_clock::now();
    int retries = 0;
    Status st = m.file->no_transaction
                    ? internal::RunStepwise(conn, m, options, i + 1, total, retries)
                    : RunInTransaction(conn, m, options, i + 1, total, retries);
    if (!st.ok()) return st;
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - start).count();
    Notify(options, ApplyEvent::Kind::kFinished, m, i + 1, total, ms);
    if (done) done->push_back({m.file, ms, retries});
  }
  return Status::Ok();
}

}  // namespace

Status ApplyFiles(pg::Connection& conn, const std::vector<MigrationFile>& files,
                  const ApplyOptions& options, std::vector<MigrationOutcome>* done) {
  PGCRATE_RETURN_IF_ERROR(EnsureTrackingTable(conn));
  std::vector<const MigrationFile*> ptrs;
  for (const auto& f : files) ptrs.push_back(&f);
  auto prepared = PrepareMigrations(ptrs, Direction::kUp, conn.server_version());
  if (!prepared.ok()) return prepared.status();
  return RunPrepared(conn, prepared.value(), options, done);
}

std::string RenderScript(const pg::Connection& conn, const std::vector<PreparedMigration>& ms,
                         const SafetySettings& s) {
  if (ms.empty()) return "-- pgcrate migrate sql: no pending migrations, nothing to run.\n";
  std::string out = "-- generated by pgcrate migrate sql: " + std::to_string(ms.size()) +
                    " migration(s)\n\\set ON_ERROR_STOP on\n";
  out += std::string(kCreateTrackingSql) + kCreateQueueSql + "\n";
  int seq = 0;
  for (const auto& m : ms) {
    out += "INSERT INTO pg_temp.pgcrate_queue VALUES (" + std::to_string(++seq) + ", " +
           conn.QuoteLiteral(m.file->version) + ", " + conn.QuoteLiteral(m.file->name) + ", " +
           conn.QuoteLiteral(m.file->checksum) + ", " + conn.QuoteLiteral(s.lock_timeout) + ", " +
           conn.QuoteLiteral(s.statement_timeout) + ", " +
           conn.QuoteLiteral(s.idle_in_transaction_session_timeout) + ");\n";
  }
  for (const auto& m : ms) {
    out += "\n-- " + m.file->file_name + (m.direction == Direction::kUp ? " (up)" : " (down)");
    if (m.file->no_transaction) {
      out += ", no-transaction: statements run one by one\n";
      for (const auto& st : m.statements) out += st.text + ";\n";
      out += std::string(TrackSql(m.direction)) + internal::kResetSession;
    } else {
      out += "\n" + Batch(m) + "\n";
    }
  }
  return out;
}

}  // namespace pgcrate::migrate

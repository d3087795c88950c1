// Applying prepared migrations to a connection. Each transactional migration goes to the
// server in ONE round trip — BEGIN, the file's SQL, the tracking-row INSERT (or DELETE for
// down), COMMIT, then the session reset (RESET SESSION AUTHORIZATION; RESET ALL; RESET ROLE)
// and one SELECT of set_config calls restoring the safety settings, standard_conforming_strings
// on and application_name 'migration:<next version>' — so the migration and its tracking row
// commit together or not at all, and every migration starts from the same session state
// whatever the previous one SET. The tracking values and settings appear as quoted literals
// (file-name characters, hex, and [migrate] values first checked with bound parameters): a
// multi-statement round trip cannot bind parameters. A `-- pgcrate: no-transaction`
// migration runs statement by statement and is recorded after the last one. A migration
// whose SQL is bigger than ApplyOptions::part_bytes goes in several round trips (parts cut
// between statements) inside its one transaction, with the same guarantees.
//
// A failure rolls back that migration only and is reported at file:line:column with the
// server's message, detail and hint. A lock timeout (SQLSTATE 55P03) retries the migration
// with exponential backoff and jitter.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "migrate/migration_file.h"
#include "migrate/prepare.h"
#include "migrate/store.h"
#include "pg/connection.h"
#include "pgcrate/safety_defaults.h"
#include "pgcrate/status.h"

namespace pgcrate::migrate {

// The safety session every migration runs with ([migrate] in pgcrate.toml).
struct SafetySettings {
  std::string lock_timeout = defaults::kLockTimeout;
  std::string statement_timeout = defaults::kStatementTimeout;
  std::string idle_in_transaction_session_timeout = defaults::kIdleInTransactionSessionTimeout;
};

struct ApplyEvent {
  enum class Kind { kStarting, kFinished, kRetrying };
  Kind kind = Kind::kStarting;
  const MigrationFile* file = nullptr;
  Direction direction = Direction::kUp;
  int index = 0;  // 1-based position in this run
  int total = 0;
  int64_t elapsed_ms = 0;  // kFinished: the migration's duration
  std::string message;     // kRetrying: what happened and when the next attempt is
};

struct ApplyOptions {
  SafetySettings safety;
  int lock_retries = defaults::kLockRetries;  // extra attempts after a lock timeout
  int retry_base_ms = 500;  // first backoff; doubles each retry, with +-50% jitter
  std::function<void(const ApplyEvent&)> observer;  // progress; may be empty
  Tracking tracking;  // where the tracking rows go (pgcrate.schema_migrations, module "")
  // A module's schema: after an up/down run that changed something (or when none is recorded
  // yet), the definitions of its objects are recorded for start-up drift checks
  // (schema_state.h). "" = nothing recorded.
  std::string state_schema;
  // A transactional migration whose SQL is bigger than this is sent in parts of about this
  // size, cut between statements, inside its one transaction (the first part opens with
  // BEGIN, the last carries the tracking row and COMMIT), so neither pgcrate nor libpq holds
  // a second copy of a huge file. statement_timeout then applies to each part.
  size_t part_bytes = size_t{4} << 20;
};

struct MigrationOutcome {
  const MigrationFile* file = nullptr;
  int64_t duration_ms = 0;
  int retries = 0;
};

// Runs `migrations` in order on `conn` (the tracking table must exist; see
// EnsureTrackingTable). Stops at the first failure; `done` (optional) receives every
// migration that committed. Not thread-safe; resets `conn`'s session state (RESET ALL) and
// leaves options.safety's timeouts set at session level on it. Nothing is sent while the
// session's standard_conforming_strings is off.
Status RunPrepared(pg::Connection& conn, const std::vector<PreparedMigration>& migrations,
                   const ApplyOptions& options, std::vector<MigrationOutcome>* done);

// Work run in the SAME transaction as a list of migrations (pgcrate apply: code objects dropped
// before and created after them): `before` right after BEGIN, `after` after the last
// migration, then COMMIT, so all of it commits or none of it does.
struct TransactionHooks {
  std::function<Status(pg::Connection&)> before, after;
  bool empty() const { return !before && !after; }
};

// Runs `migrations` (all transactional, else kRefused before anything runs) and `hooks` in one
// transaction. Each migration's session settings are reset before the next as RunPrepared does;
// a failure anywhere rolls everything back. No lock-timeout retries (the whole unit would have
// to be replayed): the error is reported. `done` receives the migrations after COMMIT.
Status RunPreparedInOneTransaction(pg::Connection& conn,
                                   const std::vector<PreparedMigration>& migrations,
                                   const ApplyOptions& options, const TransactionHooks& hooks,
                                   std::vector<MigrationOutcome>* done);

// "Apply these files to this connection", for embedders and shadow databases: ensures the
// tracking table, prepares the up sections of `files` (all of them, in the given order;
// already-applied versions are NOT filtered out) and runs them. No advisory lock is taken.
Status ApplyFiles(pg::Connection& conn, const std::vector<MigrationFile>& files,
                  const ApplyOptions& options, std::vector<MigrationOutcome>* done);

// Writes the script `migrate sql` prints, piece by piece, to `write`: the tracking table and
// the session setup, then, per migration, exactly the text RunPrepared sends in one part.
// Runnable with `psql -v ON_ERROR_STOP=1 -f`. The migrations' SQL is handed over as views
// (no copy), so a writer that prints keeps a huge migration in memory once.
using ScriptWriter = std::function<void(std::string_view)>;
void WriteScript(const std::vector<PreparedMigration>& ms, const SafetySettings& safety,
                 const Tracking& tracking, const ScriptWriter& write);

}  // namespace pgcrate::migrate

// Connection: an RAII owner of one libpq connection, with session settings applied at
// open, $n parameters, multi-statement execution, COPY streaming, identifier quoting and
// server version. Move-only; not thread-safe (one connection per thread).
//
// Lexical pin: pgcrate reads SQL with the PostgreSQL parser (libpg_query), which always
// lexes with standard_conforming_strings = on and UTF-8. Every session therefore pins
// standard_conforming_strings = on and client_encoding = UTF8 at open (whatever the URL
// options, PGOPTIONS, PGCLIENTENCODING or role/database defaults say) and refuses to connect
// when the server does not confirm them; and before any SQL is sent, a setting an earlier
// statement changed (SET, RESET ALL, set_config) is pinned again, so the text pgcrate
// classified is the text the server runs.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "pg/result.h"
#include "pgcrate/status.h"

struct pg_conn;

namespace pgcrate::pg {

// A bound parameter in text format; nullopt is SQL NULL.
using Param = std::optional<std::string>;
using Params = std::vector<Param>;

// One statement of a Connection::Pipeline: `sql` (a single statement) with $1..$n bound to
// `params`; `cached` prepares it once per session as ExecCached does.
struct PipelineStep {
  std::string sql;
  Params params;
  bool cached = false;
};

struct SessionOptions {
  int connect_timeout_ms = 5000;     // libpq connect_timeout (rounded up to seconds)
  int statement_timeout_ms = 30000;  // SET statement_timeout; negative = leave server default
  int lock_timeout_ms = 500;         // SET lock_timeout; negative = leave server default
  std::string application_name = "pgcrate";
  // Called with each statement text before it is sent (for --verbose).
  std::function<void(std::string_view)> sql_logger;
  // Called with each server NOTICE/WARNING, already formatted ("NOTICE: ...").
  std::function<void(std::string_view)> notice_handler;
};

class Connection {
 public:
  // Connects to `conninfo` (a URL or key=value string; "" = libpq's environment: PGHOST,
  // PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSERVICE, ~/.pgpass, sslmode...). The session
  // settings are applied before the first statement runs, in its round trip when it is
  // pipelined; a server refusing them fails that statement with kConnection. Errors are
  // kConnection and never contain the password.
  static Result<std::unique_ptr<Connection>> Open(const std::string& conninfo,
                                                  const SessionOptions& options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one statement (or several, separated by ';', in which case the last result is
  // returned and the first error stops the run). Errors are kQuery with the server's fields.
  Result<QueryResult> Exec(std::string_view sql);
  // Runs one statement with $1..$n bound to `params` (extended protocol, text format).
  Result<QueryResult> Exec(std::string_view sql, const Params& params);
  // Exec(sql, params) for a statement run many times on this connection (a per-model query):
  // the first call prepares it as a named statement (one extra round trip), later calls only
  // execute it, so the server neither parses it again nor, once a generic plan pays off,
  // plans it. Prepared statements live as long as the session (not rolled back with a
  // transaction); one that has disappeared (DISCARD ALL) is prepared again.
  Result<QueryResult> ExecCached(const std::string& sql, const Params& params);
  // Runs `steps` in one round trip (libpq pipeline mode: all are sent, then all results are
  // read) and appends the result of each step that succeeded, in order, to `done`. The first
  // failing step's error is returned; the server skips the steps after it. For short fixed
  // sequences of pgcrate's own statements (BEGIN, a catalog read, a tracking row, COMMIT);
  // user SQL goes through Exec and ExecScript. A step whose prepared statement has
  // disappeared (DISCARD ALL) fails; ExecCached prepares it again.
  Status Pipeline(const std::vector<PipelineStep>& steps, std::vector<QueryResult>& done);
  // The one path that sends a script: one simple-protocol query (one round trip), every
  // result drained. `done` receives the results of the statements that completed before the
  // first error, so the caller knows which one failed. A COPY FROM STDIN in the script is
  // aborted (the server reports it as the error); COPY TO STDOUT data is discarded. Nothing is
  // sent when `sql` holds a NUL byte (libpq would cut it there) or the lexical pin fails.
  Status ExecScript(const std::string& sql, std::vector<QueryResult>& done);
  // ExecScript that hands each completed statement's result to `completed` instead of keeping
  // them all (a script of a million statements would otherwise hold a million results).
  Status ExecScript(const std::string& sql, const std::function<void(QueryResult)>& completed);
  // Pins standard_conforming_strings = on and client_encoding = UTF8 again when the server
  // reports otherwise (one round trip only then). Every Exec path calls it. kRefused when the
  // server does not take them (e.g. inside an aborted transaction).
  Status EnsureLexicalPin();
  // Exec() that keeps only the Status.
  Status Run(std::string_view sql);

  // COPY ... FROM STDIN: `next` fills its argument with the next chunk and returns false at
  // the end of the data (or a non-OK Status through `error`, which aborts the COPY).
  Result<int64_t> CopyIn(std::string_view copy_sql,
                         const std::function<bool(std::string&, Status&)>& next);
  // The same, driven by the caller (push): CopyInBegin sends the COPY statement, CopyInPut
  // sends data (any split; libpq buffers it), CopyInEnd finishes it, or aborts it with
  // `abort`'s message when that is not OK (then returns `abort`). Returns the rows loaded.
  Status CopyInBegin(std::string_view copy_sql);
  Status CopyInPut(std::string_view data);
  Result<int64_t> CopyInEnd(const Status& abort);
  // COPY ... TO STDOUT: `sink` receives each row's bytes; a non-OK Status aborts.
  Result<int64_t> CopyOut(std::string_view copy_sql,
                          const std::function<Status(std::string_view)>& sink);

  // Quotes a literal (PQescapeLiteral), in the connection's encoding. Identifiers: sql/quote.h.
  std::string QuoteLiteral(std::string_view value) const;

  // e.g. 150004 for 15.4.
  int server_version() const;
  // "postgres@/tmp:5432/app" — no password.
  std::string Describe() const;
  std::string database() const;
  std::string user() const;
  std::string host() const;
  std::string port() const;
  bool uses_ssl() const;
  // True while inside a transaction block (or a failed one).
  bool in_transaction() const;
  // A setting the server reports to the client (ParameterStatus), as last reported without a
  // round trip: "standard_conforming_strings", "server_encoding"...; "" when unknown.
  std::string ParameterStatus(const char* name) const;

 private:
  Connection(pg_conn* conn, SessionOptions options);
  // The session settings (the lexical pin, then the timeouts) are kept in session_steps_ and
  // sent with the first statement: leading its pipeline (Exec with parameters, Pipeline), or as
  // one query just before it (every other path, FlushSession).
  void DeferSession();
  Status FlushSession();
  // kConnection unless the server reports the lexical pin.
  Status SessionConfirmed() const;
  // Re-pins before `sql` is sent; lets ROLLBACK/COMMIT through when that is impossible.
  Status Guard(std::string_view sql);
  bool LexicallyPinned() const;
  // Sends one simple query without the guard.
  Result<QueryResult> Send(std::string_view sql);
  void Log(std::string_view sql) const;
  Result<QueryResult> Check(QueryResult res) const;
  Status ConnectionLost() const;

  pg_conn* conn_;
  SessionOptions options_;
  // Lets Ctrl-C cancel this connection's running statement (see base/interrupt.h).
  void* cancel_ = nullptr;
  int cancel_slot_ = -1;
  // ExecCached's statements: SQL text -> prepared statement name.
  std::unordered_map<std::string, std::string> prepared_;
  std::vector<PipelineStep> session_steps_;  // not sent yet (DeferSession)
  int prepared_names_ = 0;
};

// Rolls back unless Commit() succeeded. Begin with e.g. "BEGIN READ ONLY".
class Transaction {
 public:
  static Result<std::unique_ptr<Transaction>> Begin(Connection& conn,
                                                    std::string_view begin_sql = "BEGIN");
  // Begin in one round trip with the first statements of the transaction: `steps` (the first
  // one is the BEGIN) run as a Connection::Pipeline, and the results of the steps after the
  // BEGIN go to `results`. When any step fails, the transaction is rolled back and its error
  // returned.
  static Result<std::unique_ptr<Transaction>> Begin(Connection& conn,
                                                    const std::vector<PipelineStep>& steps,
                                                    std::vector<QueryResult>& results);
  // A whole transaction in one round trip: BEGIN, `steps` and COMMIT as one
  // Connection::Pipeline. The results of the steps that succeeded go to `results` (all of them
  // on success; the ones before the failing step otherwise, so the caller knows which failed).
  // When a step fails, the transaction is rolled back (one more round trip) and the step's
  // error returned; the COMMIT's outcome is reported as Commit() reports it.
  static Status RunWhole(Connection& conn, std::vector<PipelineStep> steps,
                         std::vector<QueryResult>& results);
  ~Transaction();
  Status Commit();
  // Runs `steps`, then COMMIT, in one round trip. When a step fails, the transaction stays open
  // (rolled back when this object goes) and the step's error is returned.
  Status Commit(const std::vector<PipelineStep>& steps);
  Status Rollback();

 private:
  explicit Transaction(Connection& conn) : conn_(conn) {}
  // The outcome of the COMMIT that returned `r`.
  Status Committed(const Result<QueryResult>& r);
  Connection& conn_;
  bool open_ = true;
};

// A session-level advisory lock, released when destroyed.
class AdvisoryLock {
 public:
  // Takes the lock on `key`, retrying for up to `wait_ms` (0 = try once). kConflict when
  // another session still holds it after that.
  static Result<std::unique_ptr<AdvisoryLock>> Acquire(Connection& conn, int64_t key, int wait_ms);
  ~AdvisoryLock();

 private:
  AdvisoryLock(Connection& conn, int64_t key) : conn_(conn), key_(key) {}
  Connection& conn_;
  int64_t key_;
};

}  // namespace pgcrate::pg

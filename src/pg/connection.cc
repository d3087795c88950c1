#include "pg/connection.h"

#include <libpq-fe.h>

#include <chrono>
#include <thread>

#include "base/interrupt.h"
#include "base/secrets.h"
#include "base/strings.h"
#include "pg/conninfo.h"
#include "pg/error.h"

namespace pgcrate::pg {
namespace {

void NoticeReceiver(void* arg, const PGresult* res) {
  auto* handler = static_cast<std::function<void(std::string_view)>*>(arg);
  const char* sev = PQresultErrorField(res, PG_DIAG_SEVERITY);
  const char* msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
  if (handler && *handler && msg) {
    (*handler)(base::Redact(std::string(sev ? sev : "NOTICE") + ": " + msg));
  }
}

// Runs inside the signal handler: PQcancel is documented as async-signal-safe.
void CancelFromSignal(void* arg) {
  char err[256];
  PQcancel(static_cast<PGcancel*>(arg), err, sizeof err);
}

}  // namespace

Connection::Connection(PGconn* conn, SessionOptions options)
    : conn_(conn), options_(std::move(options)) {
  if (PGcancel* c = PQgetCancel(conn_)) {
    cancel_ = c;
    cancel_slot_ = base::RegisterCanceller(CancelFromSignal, c);
  }
}

Connection::~Connection() {
  base::UnregisterCanceller(cancel_slot_);
  if (cancel_) PQfreeCancel(static_cast<PGcancel*>(cancel_));
  if (conn_) PQfinish(conn_);
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& conninfo,
                                                     const SessionOptions& options) {
  RegisterConnInfoSecrets(conninfo);
  if (!conninfo.empty()) {
    auto parsed = ParseConnInfo(conninfo);
    if (!parsed.ok()) return parsed.status();
  }
  std::string timeout = std::to_string(std::max(1, (options.connect_timeout_ms + 999) / 1000));
  const char* keys[] = {"dbname", "connect_timeout", "fallback_application_name", nullptr};
  const char* vals[] = {conninfo.c_str(), timeout.c_str(), options.application_name.c_str(),
                        nullptr};
  PGconn* raw = PQconnectdbParams(keys, vals, /*expand_dbname=*/1);
  if (!raw || PQstatus(raw) != CONNECTION_OK) {
    Status st = StatusFromConnectFailure(raw, DescribeConnInfo(conninfo));
    if (raw) PQfinish(raw);
    return st;
  }
  std::unique_ptr<Connection> conn(new Connection(raw, options));
  PQsetNoticeReceiver(raw, NoticeReceiver, &conn->options_.notice_handler);
  // The session settings go out with the first statement (one round trip less for every
  // command): in the same pipeline when that statement is pipelined, else just before it.
  conn->DeferSession();
  return conn;
}

void Connection::DeferSession() {
  // The lexical pin comes first; the timeouts follow it.
  session_steps_ = {{"SET standard_conforming_strings = on", {}},
                    {"SET client_encoding = 'UTF8'", {}}};
  if (options_.statement_timeout_ms >= 0) {
    session_steps_.push_back(
        {"SET statement_timeout = " + std::to_string(options_.statement_timeout_ms), {}});
  }
  if (options_.lock_timeout_ms >= 0) {
    session_steps_.push_back(
        {"SET lock_timeout = " + std::to_string(options_.lock_timeout_ms), {}});
  }
}

Status Connection::SessionConfirmed() const {
  if (LexicallyPinned()) return Status::Ok();
  return Status(Code::kConnection,
                "the server did not confirm standard_conforming_strings = on and client_encoding "
                "= UTF8 for the session; pgcrate cannot guarantee that it reads SQL as the server "
                "does, so it does not use this connection.");
}

Status Connection::FlushSession() {
  if (session_steps_.empty()) return Status::Ok();
  std::string sql;
  for (const PipelineStep& s : session_steps_) sql += s.sql + ";";
  auto r = Send(sql);
  if (!r.ok()) return r.status();  // kept: tried again before the next statement
  session_steps_.clear();
  return SessionConfirmed();
}

namespace {

struct PinnedSetting {
  const char* name;
  const char* value;
  const char* set_sql;
};
constexpr PinnedSetting kPinned[] = {
    {"standard_conforming_strings", "on", "SET standard_conforming_strings = on;"},
    {"client_encoding", "UTF8", "SET client_encoding = 'UTF8';"},
};

// Texts that end a transaction: read the same under any lexical setting, accepted by the
// server even in an aborted transaction, and they undo what the transaction changed.
bool EndsTransaction(std::string_view sql) {
  std::string t = base::ToLower(base::Trim(sql));
  if (!t.empty() && t.back() == ';') t.pop_back();
  return t == "rollback" || t == "commit" || t == "abort" || t == "end";
}

}  // namespace

bool Connection::LexicallyPinned() const {
  for (const auto& p : kPinned) {
    const char* v = PQparameterStatus(conn_, p.name);
    if (!v || std::string_view(v) != p.value) return false;
  }
  return true;
}

Status Connection::EnsureLexicalPin() {
  PGCRATE_RETURN_IF_ERROR(FlushSession());
  if (LexicallyPinned()) return Status::Ok();
  std::string sql;
  for (const auto& p : kPinned) sql += p.set_sql;
  auto r = Send(sql);
  if (r.ok() && LexicallyPinned()) return Status::Ok();
  Status st(Code::kRefused,
            "an earlier statement changed standard_conforming_strings or client_encoding and "
            "pgcrate could not pin them again, so it sends no more SQL on this session (its "
            "parser would read the SQL differently from the server).");
  if (!r.ok()) st.WithDetails(r.status().message());
  return st;
}

Status Connection::Guard(std::string_view sql) {
  PGCRATE_RETURN_IF_ERROR(FlushSession());
  if (LexicallyPinned()) return Status::Ok();
  Status st = EnsureLexicalPin();
  return (st.ok() || EndsTransaction(sql)) ? Status::Ok() : st;
}

void Connection::Log(std::string_view sql) const {
  if (options_.sql_logger) options_.sql_logger(sql);
}

Result<QueryResult> Connection::Check(QueryResult res) const {
  if (!res.raw()) return Status(Code::kConnection, base::Trim(PQerrorMessage(conn_)));
  switch (PQresultStatus(res.raw())) {
    case PGRES_COMMAND_OK:
    case PGRES_TUPLES_OK:
    case PGRES_EMPTY_QUERY:
    case PGRES_COPY_IN:
    case PGRES_COPY_OUT:
      return res;
    default:
      return StatusFromResult(res.raw(), conn_);
  }
}

Result<QueryResult> Connection::Send(std::string_view sql) {
  Log(sql);
  return Check(QueryResult(PQexec(conn_, std::string(sql).c_str())));
}

Result<QueryResult> Connection::Exec(std::string_view sql) {
  PGCRATE_RETURN_IF_ERROR(Guard(sql));
  return Send(sql);
}

namespace {

// libpq's parameter array for `params` (a null pointer for SQL NULL).
std::vector<const char*> ParamValues(const Params& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  return values;
}

}  // namespace

Result<QueryResult> Connection::Exec(std::string_view sql, const Params& params) {
  if (!session_steps_.empty()) {  // one pipeline: the session settings, then the statement
    std::vector<QueryResult> done;
    PGCRATE_RETURN_IF_ERROR(Pipeline({{std::string(sql), params}}, done));
    return std::move(done.back());
  }
  PGCRATE_RETURN_IF_ERROR(Guard(sql));
  Log(sql);
  std::vector<const char*> values = ParamValues(params);
  return Check(
      QueryResult(PQexecParams(conn_, std::string(sql).c_str(), static_cast<int>(values.size()),
                               nullptr, values.data(), nullptr, nullptr, 0)));
}

Result<QueryResult> Connection::ExecCached(const std::string& sql, const Params& params) {
  PGCRATE_RETURN_IF_ERROR(Guard(sql));
  Log(sql);
  std::vector<const char*> values = ParamValues(params);
  auto n = static_cast<int>(values.size());
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto it = prepared_.find(sql);
    if (it == prepared_.end()) {
      std::string name = "pgcrate_" + std::to_string(++prepared_names_);
      auto made = Check(QueryResult(PQprepare(conn_, name.c_str(), sql.c_str(), n, nullptr)));
      if (!made.ok()) return made.status();
      it = prepared_.emplace(sql, std::move(name)).first;
    }
    auto r = Check(QueryResult(
        PQexecPrepared(conn_, it->second.c_str(), n, values.data(), nullptr, nullptr, 0)));
    // 26000: the session lost it (DISCARD ALL, DEALLOCATE): prepare it again, once.
    if (r.ok() || r.status().sqlstate() != "26000" || attempt > 0) return r;
    prepared_.erase(it);
  }
  return Status(Code::kInternal, "unreachable");
}

Status Connection::Pipeline(const std::vector<PipelineStep>& steps,
                            std::vector<QueryResult>& done) {
  if (steps.empty()) return Status::Ok();
  // Deferred session settings ride in the same round trip, in an implicit transaction of their
  // own (a Sync after them), so a failing step cannot roll them back. That is only when the
  // server already reports the lexical pin; else they go first, alone, and nothing more is sent
  // when the server does not confirm them.
  if (!session_steps_.empty() && !LexicallyPinned()) PGCRATE_RETURN_IF_ERROR(FlushSession());
  std::vector<PipelineStep> session = std::move(session_steps_);
  session_steps_.clear();
  if (session.empty()) PGCRATE_RETURN_IF_ERROR(Guard(steps.front().sql));
  std::vector<const PipelineStep*> all;
  all.reserve(session.size() + steps.size());
  for (const PipelineStep& s : session) all.push_back(&s);
  for (const PipelineStep& s : steps) all.push_back(&s);
  if (!PQenterPipelineMode(conn_)) {
    return Status(Code::kInternal,
                  "cannot enter pipeline mode: " + base::Trim(PQerrorMessage(conn_)));
  }
  // What was sent, in order: each step, preceded by a Parse for a cached step that is not
  // prepared yet (its name goes to prepared_ once the server accepts it). The session's steps
  // are the first session.size() (never cached).
  struct Sent {
    size_t step;
    std::string prepare;  // the statement name, for a Parse
  };
  std::vector<Sent> sent;
  std::vector<std::vector<const char*>> values(all.size());
  bool ok = true;
  for (size_t i = 0; i < all.size() && ok; ++i) {
    if (i == session.size() && i > 0) ok = PQpipelineSync(conn_) == 1;
    const PipelineStep& s = *all[i];
    Log(s.sql);
    values[i] = ParamValues(s.params);
    auto n = static_cast<int>(values[i].size());
    if (!s.cached) {
      ok = ok && PQsendQueryParams(conn_, s.sql.c_str(), n, nullptr, values[i].data(), nullptr,
                                   nullptr, 0) == 1;
      sent.push_back({i, ""});
      continue;
    }
    auto it = prepared_.find(s.sql);
    std::string name = it == prepared_.end() ? "" : it->second;
    if (name.empty()) {
      name = "pgcrate_" + std::to_string(++prepared_names_);
      ok = ok && PQsendPrepare(conn_, name.c_str(), s.sql.c_str(), n, nullptr) == 1;
      sent.push_back({i, name});
    }
    ok = ok &&
         PQsendQueryPrepared(conn_, name.c_str(), n, values[i].data(), nullptr, nullptr, 0) == 1;
    sent.push_back({i, ""});
  }
  if (!ok || PQpipelineSync(conn_) != 1) {
    Status lost = ConnectionLost();
    (void)PQexitPipelineMode(conn_);
    return lost;
  }
  auto read_sync = [this] {
    QueryResult sync(PQgetResult(conn_));
    return sync.raw() != nullptr && PQresultStatus(sync.raw()) == PGRES_PIPELINE_SYNC;
  };
  Status first_error, session_error;
  for (size_t j = 0; j < sent.size(); ++j) {
    const Sent& s = sent[j];
    if (j == session.size() && j > 0 && !read_sync()) return ConnectionLost();
    PGresult* raw = PQgetResult(conn_);
    if (raw == nullptr) return ConnectionLost();
    QueryResult res(raw);
    while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);  // up to the command's end
    if (PQresultStatus(raw) == PGRES_PIPELINE_ABORTED) continue;  // after an earlier error
    auto checked = Check(std::move(res));
    Status& error = s.step < session.size() ? session_error : first_error;
    if (!checked.ok()) {
      if (error.ok()) error = checked.status();
    } else if (!s.prepare.empty()) {
      prepared_.emplace(all[s.step]->sql, s.prepare);
    } else if (first_error.ok() && s.step >= session.size()) {
      done.push_back(std::move(checked).value());
    }
  }
  if (!read_sync() || PQexitPipelineMode(conn_) != 1) return ConnectionLost();
  if (!session_error.ok()) {  // tried again before the next statement
    session_steps_ = std::move(session);
    return Status(Code::kConnection,
                  "the server refused pgcrate's session settings: " + session_error.message());
  }
  if (!first_error.ok()) return first_error;
  return session.empty() ? Status::Ok() : SessionConfirmed();
}

Status Connection::ExecScript(const std::string& sql, std::vector<QueryResult>& done) {
  return ExecScript(sql, [&done](QueryResult r) { done.push_back(std::move(r)); });
}

Status Connection::ExecScript(const std::string& sql,
                              const std::function<void(QueryResult)>& completed) {
  if (sql.find('\0') != std::string::npos) {
    return Status(Code::kInternal, "a NUL byte in SQL to send; nothing was sent.");
  }
  PGCRATE_RETURN_IF_ERROR(Guard(sql));
  Log(sql);
  if (!PQsendQuery(conn_, sql.c_str())) return ConnectionLost();
  Status first_error;
  while (PGresult* r = PQgetResult(conn_)) {
    QueryResult res(r);
    switch (PQresultStatus(r)) {
      case PGRES_EMPTY_QUERY:
        continue;
      case PGRES_COPY_IN:  // a script carries no inline data: the server reports the abort
        PQputCopyEnd(conn_, "COPY FROM STDIN has no data in a script sent by pgcrate");
        continue;
      case PGRES_COPY_OUT: {
        char* buf = nullptr;
        while (PQgetCopyData(conn_, &buf, 0) > 0) PQfreemem(buf);
        continue;
      }
      default:
        break;
    }
    auto checked = Check(std::move(res));
    if (!checked.ok()) {
      if (first_error.ok()) first_error = checked.status();
    } else if (first_error.ok()) {
      completed(std::move(checked).value());
    }
  }
  if (first_error.ok() && PQstatus(conn_) != CONNECTION_OK) return ConnectionLost();
  return first_error;
}

Status Connection::ConnectionLost() const {
  return Status(Code::kConnection,
                "the connection failed: " + base::Redact(base::Trim(PQerrorMessage(conn_))));
}

std::string Connection::ParameterStatus(const char* name) const {
  const char* v = PQparameterStatus(conn_, name);
  return v ? v : "";
}

Status Connection::Run(std::string_view sql) {
  auto r = Exec(sql);
  return r.ok() ? Status::Ok() : r.status();
}

Result<int64_t> Connection::CopyIn(std::string_view copy_sql,
                                   const std::function<bool(std::string&, Status&)>& next) {
  PGCRATE_RETURN_IF_ERROR(CopyInBegin(copy_sql));
  std::string chunk;
  Status producer;
  Status sent;
  while (sent.ok() && next(chunk, producer) && producer.ok()) {
    sent = CopyInPut(chunk);
    chunk.clear();
  }
  return CopyInEnd(producer);
}

Status Connection::CopyInBegin(std::string_view copy_sql) {
  auto started = Exec(copy_sql);
  return started.ok() ? Status::Ok() : started.status();
}

Status Connection::CopyInPut(std::string_view data) {
  if (data.empty()) return Status::Ok();
  if (PQputCopyData(conn_, data.data(), static_cast<int>(data.size())) != 1) {
    // The server ended the COPY (an error): CopyInEnd reports it.
    return Status(Code::kQuery, "COPY data could not be sent");
  }
  return Status::Ok();
}

Result<int64_t> Connection::CopyInEnd(const Status& abort) {
  PQputCopyEnd(conn_, abort.ok() ? nullptr : abort.message().c_str());
  auto done = Check(QueryResult(PQgetResult(conn_)));
  while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);
  if (!abort.ok()) return abort;
  if (!done.ok()) return done.status();
  return done->affected_rows();
}

Result<int64_t> Connection::CopyOut(std::string_view copy_sql,
                                    const std::function<Status(std::string_view)>& sink) {
  auto started = Exec(copy_sql);
  if (!started.ok()) return started.status();
  char* buf = nullptr;
  int n;
  Status sink_status;
  while ((n = PQgetCopyData(conn_, &buf, 0)) > 0) {
    if (sink_status.ok()) sink_status = sink(std::string_view(buf, static_cast<size_t>(n)));
    PQfreemem(buf);
  }
  auto done = Check(QueryResult(PQgetResult(conn_)));
  while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);
  if (!sink_status.ok()) return sink_status;
  if (!done.ok()) return done.status();
  return done->affected_rows();
}

std::string Connection::QuoteLiteral(std::string_view value) const {
  char* q = PQescapeLiteral(conn_, value.data(), value.size());
  std::string out = q ? q : "";
  PQfreemem(q);
  return out;
}

int Connection::server_version() const { return PQserverVersion(conn_); }
std::string Connection::database() const { return PQdb(conn_); }
std::string Connection::user() const { return PQuser(conn_); }
std::string Connection::host() const { return PQhost(conn_); }
std::string Connection::port() const { return PQport(conn_); }
bool Connection::uses_ssl() const { return PQsslInUse(conn_) == 1; }
bool Connection::in_transaction() const { return PQtransactionStatus(conn_) != PQTRANS_IDLE; }

std::string Connection::Describe() const {
  return user() + "@" + host() + ":" + port() + "/" + database();
}

Result<std::unique_ptr<Transaction>> Transaction::Begin(Connection& conn,
                                                        std::string_view begin_sql) {
  PGCRATE_RETURN_IF_ERROR(conn.Run(begin_sql));
  return std::unique_ptr<Transaction>(new Transaction(conn));
}

Result<std::unique_ptr<Transaction>> Transaction::Begin(Connection& conn,
                                                        const std::vector<PipelineStep>& steps,
                                                        std::vector<QueryResult>& results) {
  std::vector<QueryResult> done;
  Status st = conn.Pipeline(steps, done);
  // The BEGIN ran: from here the transaction is rolled back when it fails.
  std::unique_ptr<Transaction> txn(done.empty() ? nullptr : new Transaction(conn));
  if (!st.ok()) return st;
  if (!txn) return Status(Code::kInternal, "a transaction begun without a BEGIN step");
  for (size_t i = 1; i < done.size(); ++i) results.push_back(std::move(done[i]));
  return txn;
}

Status Transaction::RunWhole(Connection& conn, std::vector<PipelineStep> steps,
                             std::vector<QueryResult>& results) {
  size_t n = steps.size();
  steps.insert(steps.begin(), PipelineStep{"BEGIN", {}, false});
  steps.push_back({"COMMIT", {}, false});
  std::vector<QueryResult> done;  // BEGIN's, then each step's, then COMMIT's, up to a failure
  Status st = conn.Pipeline(steps, done);
  for (size_t i = 1; i < done.size() && i <= n; ++i) results.push_back(std::move(done[i]));
  if (done.empty()) return st;  // not even the BEGIN ran
  Transaction txn(conn);
  if (done.size() <= n) return st;  // a step failed: rolled back as `txn` goes
  txn.open_ = false;
  return txn.Committed(st.ok() ? Result<QueryResult>(std::move(done.back()))
                               : Result<QueryResult>(st));
}

Transaction::~Transaction() {
  if (open_) (void)Rollback();
}

// When the connection breaks before the server's reply to COMMIT arrives, the server may have
// committed or not: the error (kConnection) says that it is unknown, never that the
// transaction was rolled back.
Status Transaction::Commit() {
  open_ = false;
  return Committed(conn_.Exec("COMMIT"));
}

Status Transaction::Commit(const std::vector<PipelineStep>& steps) {
  std::vector<PipelineStep> all = steps;
  all.push_back({"COMMIT", {}, false});
  std::vector<QueryResult> done;
  Status st = conn_.Pipeline(all, done);
  if (!st.ok() && done.size() < steps.size() && conn_.server_version() != 0) {
    return st;  // a step before the COMMIT failed: still open, rolled back by the destructor
  }
  open_ = false;
  return Committed(st.ok() ? Result<QueryResult>(std::move(done.back())) : Result<QueryResult>(st));
}

Status Transaction::Committed(const Result<QueryResult>& r) {
  // A lost connection (PQserverVersion is 0 once libpq marks it bad) leaves the outcome open:
  // even a server error here (the session terminated) may come after the commit.
  if (!r.ok() && conn_.server_version() == 0) {
    return Status(Code::kConnection,
                  "the connection was lost before the server confirmed the COMMIT, so whether "
                  "the transaction committed is unknown: " +
                      r.status().message())
        .WithHint(
            "the server may have committed it; look at the database before assuming "
            "either way.");
  }
  if (!r.ok()) return r.status();
  // COMMIT of a failed transaction reports ROLLBACK instead of failing.
  if (r->command_status() == "ROLLBACK") {
    return Status(Code::kQuery, "the transaction was rolled back because a statement failed.");
  }
  return Status::Ok();
}

Status Transaction::Rollback() {
  open_ = false;
  return conn_.Run("ROLLBACK");
}

Result<std::unique_ptr<AdvisoryLock>> AdvisoryLock::Acquire(Connection& conn, int64_t key,
                                                            int wait_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms);
  int sleep_ms = 50;
  for (;;) {
    auto r = conn.Exec("SELECT pg_try_advisory_lock($1::bigint)", {std::to_string(key)});
    if (!r.ok()) return r.status();
    if (r->boolean(0, 0)) return std::unique_ptr<AdvisoryLock>(new AdvisoryLock(conn, key));
    if (std::chrono::steady_clock::now() >= deadline) {
      return Status(Code::kConflict, "another session holds pgcrate's advisory lock " +
                                         std::to_string(key) + " (waited " +
                                         std::to_string(wait_ms / 1000) + "s).");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(sleep_ms));
    sleep_ms = std::min(sleep_ms * 2, 500);
  }
}

AdvisoryLock::~AdvisoryLock() {
  (void)conn_.Exec("SELECT pg_advisory_unlock($1::bigint)", {std::to_string(key_)});
}

}  // namespace pgcrate::pg

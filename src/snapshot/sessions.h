// Statements that need a database to themselves (CREATE DATABASE ... TEMPLATE it, ALTER
// DATABASE it RENAME): retried while other sessions are connected to it, up to a timeout,
// saying so through the progress callback; those sessions are ended only when asked.
#pragma once

#include <functional>
#include <string>

#include "pg/connection.h"
#include "pgcrate/status.h"

namespace pgcrate::snapshot {

using Progress = std::function<void(const std::string&)>;

struct WaitOptions {
  int wait_seconds = 30;   // how long to wait for the other sessions to end
  bool terminate = false;  // end them (pg_terminate_backend) instead of waiting
  Progress progress;       // told once that pgcrate waits, and for whom
};

// Runs `attempt` (on `admin`, a connection to another database of the same server) until it
// succeeds, retrying every 200 ms while it fails because other sessions use `database`
// (SQLSTATE 55006) or a lock is not granted (55P03). With options.terminate, those sessions
// are ended first. After wait_seconds: kConflict naming the sessions (pid, user, application)
// and the --terminate flag. Any other failure is returned at once.
Status RunAlone(pg::Connection& admin, const std::string& database, const WaitOptions& options,
                const std::function<Status()>& attempt);

// Whether `database` exists on admin's server.
Result<bool> DatabaseExists(pg::Connection& admin, const std::string& database);

}  // namespace pgcrate::snapshot

// Session: what every command shares — the global flags, the loaded pgcrate.toml, where the
// database URL came from (flag > DATABASE_URL > config > running dev cluster > libpq's own
// environment), one lazily opened connection, and the production gate.
#pragma once

#include <memory>
#include <string>

#include "config/config.h"
#include "output/output.h"
#include "pg/connection.h"
#include "pgcrate/status.h"

namespace pgcrate::app {

struct GlobalOptions {
  std::string database_url;  // -d/--database-url
  std::string config_path;   // --config
  int connect_timeout_ms = 5000;
  int statement_timeout_ms = 30000;
  int lock_timeout_ms = 500;
  bool read_write = false;  // --read-write (dba fix gate)
  bool primary = false;     // --primary (dba fix gate)
};

struct DatabaseTarget {
  std::string conninfo;  // "" = libpq environment
  std::string source;    // "--database-url", "DATABASE_URL", "pgcrate.toml", "pgcrate dev", "libpq"
  std::string display;   // printable, never with a password
};

class Session {
 public:
  Session(GlobalOptions options, const output::Output& out);
  ~Session();

  // Reads pgcrate.toml (or --config) and prints its warnings. Idempotent.
  Status LoadConfig();
  const config::Config& config() const { return config_; }
  const GlobalOptions& options() const { return options_; }
  const output::Output& out() const { return out_; }
  // A project path ([paths] value): absolute as given, else resolved against the project root.
  std::string ProjectPath(const std::string& path) const;

  // Where the database is, by precedence. Does not connect.
  Result<DatabaseTarget> Target();
  // The connection (opened on first use with the timeout flags, notices and --verbose SQL
  // wired to stderr). Says which database on stderr when it is the dev cluster. A server
  // older than PostgreSQL 14 is refused (kRefused) unless AllowUnsupportedServer() was called.
  Result<pg::Connection*> Connect();
  // For the commands that report what a server is (context, capabilities, dba doctor): they
  // connect to any version and say whether it is supported.
  void AllowUnsupportedServer() { allow_unsupported_server_ = true; }
  // A NEW connection to the same target with the same session settings as Connect()'s,
  // owned by the caller (for commands that work on several connections at once, e.g.
  // `model run/test --threads`). Its --verbose SQL and notices go to stderr as well. Once
  // LoadConfig() has succeeded it only reads the session, so several threads may call it.
  Result<std::unique_ptr<pg::Connection>> OpenConnection();

  // The production gate: when the target's host, database or user name matches the
  // [production] patterns (config::ProductionMatch; defaults when none are configured), warns,
  // and refuses a database-changing `action` unless `yes`. Never looks at the password.
  Status CheckProductionGate(bool changes_database, bool yes, const std::string& action);
  // Why the server and database of `conninfo` (any URL, e.g. `snapshot restore --to`) match the
  // [production] patterns, "" when they do not; the rule CheckProductionGate applies.
  std::string ProductionReason(const std::string& conninfo) const;

  // A one-shot process (the pgcrate executable) ends right after its command: freeing what the
  // command built, object by object, is then time the user waits for (`migrate status` over
  // 10,000 files: ~10 M instructions to free their strings and rows). Once the process says so
  // (ExitsAfterCommand, cli only), Discard keeps such an object unfreed until the process ends
  // (reachable from a global, so no leak report); in any other process it is destroyed at once.
  void ExitsAfterCommand() { exits_after_command_ = true; }
  template <typename T>
  void Discard(std::unique_ptr<T> object) const {
    if (exits_after_command_ && object) Keep(object.release());
  }

 private:
  static void Keep(const void* object);
  pg::SessionOptions MakeSessionOptions(const std::string& application_name) const;
  Status CheckServerVersion(const pg::Connection& conn, const std::string& display) const;

  GlobalOptions options_;
  const output::Output& out_;
  config::Config config_;
  bool config_loaded_ = false;
  bool allow_unsupported_server_ = false;
  bool exits_after_command_ = false;
  std::unique_ptr<pg::Connection> conn_;
};

}  // namespace pgcrate::app

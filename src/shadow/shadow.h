// Shadow databases: temporary, empty databases for comparisons (`migrate check`,
// `migrate autogenerate`). One is created with CREATE DATABASE ... TEMPLATE template0 on the
// configured server when the role may create databases; otherwise on the project's
// `pgcrate dev` cluster (started for the occasion and stopped again if it was not running).
// The database is dropped (WITH (FORCE)) when the object goes away — also after a failure,
// and after Ctrl-C, because the interrupt handler cancels running statements so the command
// unwinds normally (base/interrupt.h). A killed process (SIGKILL, a second Ctrl-C, a lost
// machine) can leave one behind: for that, the session that creates a shadow database holds a
// session-level advisory lock derived from its name (kShadowLockClass, hashtext(name)) until
// the database is dropped, so a `pgcrate_shadow_*` database whose lock nobody holds belongs
// to a dead process. Those are dropped by the next Create on the same server and reported by
// `dba doctor`.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "pg/connection.h"
#include "pgcrate/status.h"

namespace pgcrate::shadow {

struct ShadowOptions {
  std::string server_conninfo;  // the configured database ("" = libpq's environment)
  std::string project_root;     // where .pgcrate/dev lives, for the fallback
  std::string pg_bindir;        // [tools] bindir
  // Where the dev cluster finds binaries of other major versions (dev::DefaultPgCaches): the
  // fallback runs the configured server's major version, so that version-specific catalog
  // contents (e.g. the MAINTAIN privilege of 17) do not show up as drift.
  std::vector<std::string> pg_caches;
  bool allow_dev_fallback = true;
  pg::SessionOptions session;  // timeouts for the connections opened here
};

class ShadowDatabase {
 public:
  // Creates the database. kConnection/kQuery when neither place works, with both reasons.
  static Result<std::unique_ptr<ShadowDatabase>> Create(const ShadowOptions& options);
  ~ShadowDatabase();
  ShadowDatabase(const ShadowDatabase&) = delete;
  ShadowDatabase& operator=(const ShadowDatabase&) = delete;

  const std::string& name() const { return name_; }
  // Connection string of the shadow database (contains the server's password if the
  // configured one did; never print it — use where()).
  const std::string& conninfo() const { return conninfo_; }
  // "the configured server" or "the pgcrate dev cluster".
  const std::string& where() const { return where_; }
  // Why the configured server was not used ("" when it was): the dev-cluster fallback.
  const std::string& fallback_reason() const { return fallback_reason_; }
  // Stale shadow databases of dead processes that Create dropped on the way.
  const std::vector<std::string>& dropped_stale() const { return dropped_stale_; }
  // A new connection to the shadow database.
  Result<std::unique_ptr<pg::Connection>> Connect() const;
  // Drops it now (idempotent); the destructor calls this and ignores the result.
  Status Drop();

 private:
  ShadowDatabase() = default;
  static Result<std::unique_ptr<ShadowDatabase>> CreateOnDevCluster(
      std::unique_ptr<ShadowDatabase> db, const ShadowOptions& o, const std::string& server_error,
      int server_major);
  // Takes the liveness lock, drops stale shadows, then creates the database on `admin`.
  Status CreateOn(Result<std::unique_ptr<pg::Connection>> admin);

  std::unique_ptr<pg::Connection> admin_;  // holds the liveness lock until Drop
  std::string name_, conninfo_, admin_conninfo_, where_, fallback_reason_;
  std::vector<std::string> dropped_stale_;
  pg::SessionOptions session_;
  std::string stop_dev_cluster_dir_;  // set when we started the dev cluster
  std::string dev_bindir_;
  std::vector<std::string> dev_pg_caches_;
  bool dropped_ = true;  // until CreateOn succeeds
};

// The first key of the advisory lock a live shadow database's creator holds ('pgcr').
constexpr int kShadowLockClass = 1885561714;

// The `pgcrate_shadow_*` databases on the server of `conn` whose creator is gone (nobody holds
// their advisory lock, in any database of the cluster). One query.
Result<std::vector<std::string>> FindStaleShadows(pg::Connection& conn);

// Drops each stale shadow database the role may drop (plain DROP DATABASE: one somebody is
// connected to is left alone); returns the names dropped.
std::vector<std::string> DropStaleShadows(pg::Connection& conn);

// `conninfo` with its database replaced by `dbname`, as a key=value string.
Result<std::string> WithDatabase(const std::string& conninfo, const std::string& dbname);

}  // namespace pgcrate::shadow

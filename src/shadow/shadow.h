// Shadow databases: temporary, empty databases for comparisons (`migrate check`,
// `migrate autogenerate`). One is created with CREATE DATABASE ... TEMPLATE template0 on the
// configured server when the role may create databases; otherwise on the project's
// `pgcrate dev` cluster (started for the occasion and stopped again if it was not running).
// The database is dropped (WITH (FORCE)) when the object goes away — also after a failure,
// and after Ctrl-C, because the interrupt handler cancels running statements so the command
// unwinds normally (base/interrupt.h). Only a second Ctrl-C can leave one behind; its name
// starts with "pgcrate_shadow_".
#pragma once

#include <memory>
#include <string>

#include "pg/connection.h"
#include "pgcrate/status.h"

namespace pgcrate::shadow {

struct ShadowOptions {
  std::string server_conninfo;  // the configured database ("" = libpq's environment)
  std::string project_root;     // where .pgcrate/dev lives, for the fallback
  std::string pg_bindir;        // [tools] bindir
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
  // A new connection to the shadow database.
  Result<std::unique_ptr<pg::Connection>> Connect() const;
  // Drops it now (idempotent); the destructor calls this and ignores the result.
  Status Drop();

 private:
  ShadowDatabase() = default;

  std::string name_, conninfo_, admin_conninfo_, where_;
  pg::SessionOptions session_;
  std::string stop_dev_cluster_dir_;  // set when we started the dev cluster
  std::string dev_bindir_;
  bool dropped_ = false;
};

// `conninfo` with its database replaced by `dbname`, as a key=value string.
Result<std::string> WithDatabase(const std::string& conninfo, const std::string& dbname);

}  // namespace pgcrate::shadow

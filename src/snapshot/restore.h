// `snapshot restore`: into a new database, or atomically in place of an existing one. The
// snapshot's files are checked against their SHA-256 first; the data goes into a temporary
// database (pg_restore --jobs N for a dump, CREATE DATABASE ... TEMPLATE for a template
// snapshot), which is renamed into place only when complete: the old database is renamed away
// and the new one in in one transaction, then the old one dropped.
#pragma once

#include <string>

#include "pg/connection.h"
#include "pgcrate/status.h"
#include "snapshot/manifest.h"
#include "snapshot/sessions.h"

namespace pgcrate::snapshot {

struct RestoreOptions {
  std::string folder;      // the snapshot folder
  std::string database;    // the database to create (or replace)
  std::string conninfo;    // any connection string of the target server; its dbname is replaced
  std::string pg_restore;  // [tools] pg_restore, "" = discover
  int jobs = 1;
  bool replace = false;   // replace `database` when it exists (the caller has asked for --yes)
  bool no_owner = false;  // pg_restore --no-owner --no-acl
  WaitOptions wait;       // for the sessions on a replaced database
  Progress progress;
};

struct RestoreResult {
  std::string database;
  bool replaced = false;
  std::string method;  // "pg_restore" or "template"
  double elapsed_ms = 0;
  std::string warning;  // e.g. the old database could not be dropped
};

// Restores `m` through `admin` (a connection to another database of the target server, e.g.
// postgres). kRefused when a file is missing or corrupted, when `database` exists and !replace,
// or when pg_restore is older than the server or the archive. On failure the temporary database
// is dropped and an existing `database` is untouched.
Result<RestoreResult> Restore(pg::Connection& admin, const Manifest& m, const RestoreOptions& o);

}  // namespace pgcrate::snapshot

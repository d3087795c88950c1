// `snapshot save`: a pg_dump directory-format archive (parallel with jobs, compressed) written
// into a hidden temporary folder with pgcrate-snapshot.json beside it (every file's SHA-256),
// then renamed into <dir>/<name>; or, with a template snapshot, a copy of the source database
// on the same server (CREATE DATABASE pgcrate_snap_<name> TEMPLATE <source>).
#pragma once

#include <string>

#include "pg/connection.h"
#include "pgcrate/status.h"
#include "snapshot/facts.h"
#include "snapshot/manifest.h"
#include "snapshot/sessions.h"

namespace pgcrate::snapshot {

struct SaveOptions {
  std::string name;      // already validated (ValidateName)
  std::string dir;       // the snapshots directory
  std::string conninfo;  // the source ("" = libpq's environment); the password reaches
                         // pg_dump only through PGPASSWORD
  std::string pg_dump;   // [tools] pg_dump, "" = discover
  bool schema_only = false;
  Filters filters;
  int jobs = 1;
  std::string migration_version;  // recorded as is (read by the caller)
  std::string created_at;         // ISO 8601 UTC
  Progress progress;
  // An anonymized snapshot is dumped from a temporary anonymized copy: the manifest records the
  // original source instead (`recorded_conninfo`, `recorded_database`; "" = the dumped one).
  bool anonymized = false;
  std::string recorded_conninfo, recorded_database;
};

struct SaveResult {
  Manifest manifest;
  std::string path;  // the snapshot folder
  double elapsed_ms = 0;
};

// A dump snapshot of the database `source` is connected to. kConflict when the snapshot exists;
// kRefused when pg_dump is older than the server; kIo with pg_dump's message when it fails.
// On every failure the temporary folder is removed and nothing is left under `name`.
Result<SaveResult> SaveDump(pg::Connection& source, const SaveOptions& options);

// A template snapshot of `facts.database` (read through a connection closed since: CREATE
// DATABASE ... TEMPLATE needs the source to itself), created through `admin`, a connection to
// another database of the same server.
Result<SaveResult> SaveTemplate(pg::Connection& admin, const SourceFacts& facts,
                                const SaveOptions& options, const WaitOptions& wait);

// Drops the database of template snapshot `m` through `admin` when it is there; sets `dropped`.
Status DropTemplateDatabase(pg::Connection& admin, const Manifest& m, bool& dropped);

}  // namespace pgcrate::snapshot

// `pgcrate snapshot save | restore | list | info | delete` over the Session: reads [snapshot]
// dir and [tools] pg_dump/pg_restore from pgcrate.toml, applies the production gate, calls the
// snapshot engine (src/snapshot) and prints text or the JSON envelope.
#pragma once

#include <string>
#include <vector>

#include "app/session.h"
#include "pgcrate/status.h"

namespace pgcrate::app {

struct SnapshotSaveOptions {
  std::string name;  // "" = a UTC timestamp, e.g. 20261130191500
  bool schema_only = false;
  std::vector<std::string> schemas, exclude_schemas, tables, exclude_table_data;
  int jobs = 0;  // 0 = min(4, cores)
  bool template_db = false;
  bool anonymize = false;          // apply [anonymize] rules (PGCRATE_ANON_SALT) to the data
  bool allow_random_salt = false;  // --anonymize without PGCRATE_ANON_SALT
  int wait_seconds = 30;           // --template: for other sessions on the source
  bool terminate = false;          // --template: end them instead
};

struct SnapshotRestoreOptions {
  std::string name;
  std::string to;  // URL of the target database; "" = <source db>_<name> on the session's server
  int jobs = 0;
  bool replace = false;
  bool yes = false;
  bool no_owner = false;
  int wait_seconds = 30;
  bool terminate = false;
};

struct SnapshotInfoOptions {
  std::string name;
  bool verify = false;  // check every file's SHA-256 (exit 1 when one does not match)
};

struct SnapshotDeleteOptions {
  std::string name;
  bool yes = false;
};

Status RunSnapshotSave(Session& session, const SnapshotSaveOptions& options);
Status RunSnapshotRestore(Session& session, const SnapshotRestoreOptions& options);
Status RunSnapshotList(Session& session);
Status RunSnapshotInfo(Session& session, const SnapshotInfoOptions& options);
Status RunSnapshotDelete(Session& session, const SnapshotDeleteOptions& options);

}  // namespace pgcrate::app

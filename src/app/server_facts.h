// ServerFacts: what one catalog query tells about the server and the connected role —
// version, recovery, settings, privileges, extensions. Shared by `context`, `capabilities`
// and `dba doctor`.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "pg/connection.h"
#include "pgcrate/status.h"

namespace pgcrate::app {

struct ServerFacts {
  std::string database, current_user, session_user, application_name;
  std::string version;       // server_version, e.g. "15.18 (Debian ...)"
  int version_num = 0;       // server_version_num
  std::string full_version;  // version()
  bool in_recovery = false;
  bool default_read_only = false;
  std::string encoding, timezone, started_at;
  int64_t uptime_seconds = 0;
  int max_connections = 0;
  int connections = 0;
  std::vector<std::string> search_path;
  // Role attributes and privileges.
  bool superuser = false, create_db = false, create_role = false, replication = false,
       bypass_rls = false, create_in_database = false, create_in_public = false, pg_monitor = false,
       read_all_stats = false, pgcrate_schema_exists = false, pgcrate_schema_writable = false;
  std::vector<std::pair<std::string, std::string>> extensions;  // name, version
};

// Collects every fact with a single query.
Result<ServerFacts> LoadServerFacts(pg::Connection& conn);

// Whether pgcrate supports the server's version, as a sentence: "PostgreSQL 17.10 is supported
// (pgcrate is tested on 14 to 18)", older than the oldest supported, or newer than the newest
// tested. Said by `capabilities` and `dba doctor`.
std::string ServerSupport(const ServerFacts& f);

}  // namespace pgcrate::app

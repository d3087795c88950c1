// What a snapshot records about its source, read from the live database in a fixed number of
// queries: server version, database name, encoding and size, and each user table's
// estimated rows (counted exactly when never analyzed and small) and total size.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pg/connection.h"
#include "pgcrate/status.h"
#include "snapshot/manifest.h"

namespace pgcrate::snapshot {

struct SourceTable {
  uint32_t oid = 0;
  TableInfo info;
};

struct SourceFacts {
  std::string database;
  std::string server_version;  // "15.4"
  int server_version_num = 0;
  std::string encoding;
  int64_t database_bytes = 0;
  std::vector<SourceTable> tables;  // ordinary, partitioned tables and materialized views
};

// Tables never analyzed and smaller than this are counted with count(*).
inline constexpr int64_t kExactCountMaxBytes = int64_t{8} << 20;

Result<SourceFacts> ReadSourceFacts(pg::Connection& conn);

}  // namespace pgcrate::snapshot

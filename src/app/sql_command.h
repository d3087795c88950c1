// `pgcrate sql` / `query`: run SQL from -c or stdin. Without --allow-write every statement is
// parsed first and writes are refused, and what runs does so inside a READ ONLY transaction
// that is rolled back, so the server itself refuses any write the parser missed.
#pragma once

#include <string>

#include "app/session.h"
#include "pgcrate/status.h"

namespace pgcrate::app {

struct SqlOptions {
  std::string sql;          // the script
  std::string source_name;  // "-c" or "<stdin>", used in error locations
  bool allow_write = false;
  bool yes = false;  // confirms a write on a production URL
};

// Runs the script and writes its results (psql-like tables, or JSON with typed values).
Status RunSql(Session& session, const SqlOptions& options);

}  // namespace pgcrate::app

// Columns: reads a query result's columns by name. The names are resolved to indexes once per
// result (libpq's PQfnumber), not per row, so a reader stays right when a query's columns are
// added or reordered, and a name the result lacks is a clear error instead of a read of the
// wrong column.
#pragma once

#include <string>
#include <utility>

#include "pg/result.h"
#include "pgcrate/status.h"

namespace pgcrate::pg {

// Usage:
//   pg::Columns col(r, "types");
//   const int oid = col("oid"), name = col("name");
//   PGCRATE_RETURN_IF_ERROR(col.status());
// A name that is absent, or that more than one column has, makes status() a kInternal error
// naming the column and `what` (the query's kind); the index returned for it is then -1 and
// must not be read. `r` must outlive this object. Names are matched as PQfnumber does: folded
// to lower case unless double-quoted.
class Columns {
 public:
  Columns(const QueryResult& r, std::string what) : r_(r), what_(std::move(what)) {}
  // The index of the column `name`; -1 when there is not exactly one (status() says why).
  int operator()(const char* name);
  // OK when every name asked for so far named exactly one column; else the first failure.
  const Status& status() const { return status_; }

 private:
  const QueryResult& r_;
  std::string what_;
  Status status_;
};

}  // namespace pgcrate::pg

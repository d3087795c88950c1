// What `pgcrate inspect table NAME` shows: one table's columns, indexes, constraints,
// triggers, stats, row-level security, and the objects that depend on it and that it depends
// on, as the spec's describe JSON (the text form is app/inspect/table_command.h).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "catalog/model.h"
#include "pg/connection.h"
#include "pgcrate/status.h"

namespace pgcrate::inspect {

// Finds `name` ("table" or "schema.table") in `c`. An unqualified name prefers "public" and
// must otherwise be unique. kNotFound (with a did-you-mean hint) or kUsage when ambiguous.
Result<const catalog::Table*> ResolveTable(const catalog::Catalog& c, const std::string& name);

// The describe document (without "ok") for table `t` of catalog `c`; runs one statistics
// query on `conn`.
Result<nlohmann::ordered_json> DescribeTable(pg::Connection& conn, const catalog::Catalog& c,
                                             const catalog::Table& t);

}  // namespace pgcrate::inspect

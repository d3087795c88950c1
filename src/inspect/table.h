// `pgcrate inspect table NAME`: one table's columns, indexes, constraints, triggers, stats,
// row-level security, and the objects that depend on it and that it depends on — as text
// (psql \d style) or as the spec's describe JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "app/session.h"
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

// psql-like text for a describe document.
std::string RenderTableText(const nlohmann::ordered_json& doc);

Status RunInspectTable(app::Session& session, const std::string& name);

}  // namespace pgcrate::inspect

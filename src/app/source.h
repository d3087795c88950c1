// Where a catalog comes from for the `inspect diff` and `generate` commands: the session's
// database or any other URL (opened with the session's timeouts; its password registered as
// a secret).
#pragma once

#include <memory>
#include <string>

#include "app/session.h"
#include "catalog/model.h"
#include "pg/connection.h"
#include "pgcrate/status.h"

namespace pgcrate::app {

// A connection to `url`, or to the session's database when `url` is empty (then owned by
// the session and returned as a non-owning pointer in `borrowed`).
struct Source {
  std::unique_ptr<pg::Connection> owned;
  pg::Connection* conn = nullptr;
  std::string label;  // printable, no password
};
Result<Source> OpenSource(Session& session, const std::string& url);

// Loads the catalog at `url` ("" = the session's database), keeping only the schemas that
// pass the include/exclude filters.
Result<catalog::Catalog> LoadCatalogAt(Session& session, const std::string& url,
                                       const std::vector<std::string>& include = {},
                                       const std::vector<std::string>& exclude = {},
                                       std::string* label = nullptr);

// kUsage naming the first of `schemas` (a --schema list) that neither catalog has: an unknown
// schema is a mistyped argument, not an empty (and so "identical") comparison.
Status CheckSchemasExist(const std::vector<std::string>& schemas, const catalog::Catalog& a,
                         const catalog::Catalog& b);

}  // namespace pgcrate::app

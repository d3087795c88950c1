#include "app/source.h"

#include "catalog/loader.h"
#include "pg/conninfo.h"

namespace pgcrate::app {

Result<Source> OpenSource(Session& session, const std::string& url) {
  Source src;
  if (url.empty()) {
    auto target = session.Target();
    if (!target.ok()) return target.status();
    auto conn = session.Connect();
    if (!conn.ok()) return conn.status();
    src.conn = *conn;
    src.label = target->display;
    return src;
  }
  auto parsed = pg::ParseConnInfo(url);
  if (!parsed.ok()) return Status(Code::kUsage, parsed.status().message());
  pg::RegisterConnInfoSecrets(url);
  const GlobalOptions& g = session.options();
  pg::SessionOptions o;
  o.connect_timeout_ms = g.connect_timeout_ms;
  o.statement_timeout_ms = g.statement_timeout_ms;
  o.lock_timeout_ms = g.lock_timeout_ms;
  const output::Output* out = &session.out();
  o.sql_logger = [out](std::string_view sql) { out->Sql(sql); };
  auto conn = pg::Connection::Open(url, o);
  if (!conn.ok()) return conn.status();
  src.owned = std::move(conn).value();
  src.conn = src.owned.get();
  src.label = pg::DescribeConnInfo(url);
  return src;
}

Result<catalog::Catalog> LoadCatalogAt(Session& session, const std::string& url,
                                       const std::vector<std::string>& include,
                                       const std::vector<std::string>& exclude,
                                       std::string* label) {
  auto src = OpenSource(session, url);
  if (!src.ok()) return src.status();
  if (label != nullptr) *label = src->label;
  auto cat = catalog::Load(*src->conn);
  if (!cat.ok()) return cat.status();
  catalog::FilterSchemas(*cat, include, exclude);
  return cat;
}

Status CheckSchemasExist(const std::vector<std::string>& schemas, const catalog::Catalog& a,
                         const catalog::Catalog& b) {
  auto has = [](const catalog::Catalog& c, const std::string& name) {
    for (const auto& s : c.schemas) {
      if (s.name == name) return true;
    }
    return false;
  };
  for (const auto& name : schemas) {
    if (has(a, name) || has(b, name)) continue;
    return Status(Code::kUsage, "--schema " + name +
                                    ": no schema of that name in either "
                                    "database.")
        .WithObject(name)
        .WithHint("check the spelling; `pgcrate inspect grants` and \\dn in psql list schemas.");
  }
  return Status::Ok();
}

}  // namespace pgcrate::app

#include "shadow/drift.h"

#include <algorithm>
#include <filesystem>

#include "base/files.h"
#include "base/strings.h"
#include "catalog/loader.h"
#include "migrate/apply.h"
#include "migrate/store.h"

namespace pgcrate::shadow {

size_t CountPending(pg::Connection& conn, const std::vector<migrate::MigrationFile>& files) {
  auto applied = migrate::ReadAppliedVersions(conn);
  if (!applied.ok()) return files.size();
  return static_cast<size_t>(std::count_if(
      files.begin(), files.end(), [&](const auto& f) { return applied->count(f.version) == 0; }));
}

Result<catalog::Catalog> CatalogAfterMigrations(
    ShadowDatabase& db, const std::vector<migrate::MigrationFile>& files,
    const std::function<Status(pg::Connection&)>& then) {
  auto conn = db.Connect();
  if (!conn.ok()) return conn.status();
  migrate::ApplyOptions apply;
  Status st = migrate::ApplyFiles(**conn, files, apply, nullptr);
  if (!st.ok()) return st.Prefix("applying the migrations to the shadow database: ");
  if (then) PGCRATE_RETURN_IF_ERROR(then(**conn));
  return catalog::Load(**conn);
}

Result<catalog::Catalog> CatalogFromSqlFiles(ShadowDatabase& db, const std::string& dir) {
  if (!base::IsDirectory(dir)) {
    return Status(Code::kNotFound, "the desired-schema directory " + dir + " does not exist.")
        .WithHint("put the schema's SQL files there, or set [paths] schema in pgcrate.toml.");
  }
  auto files = base::FindFiles(dir, ".sql");
  if (!files.ok()) return files.status();
  auto conn = db.Connect();
  if (!conn.ok()) return conn.status();
  for (const std::string& file : files.value()) {
    auto text = base::ReadFile(file);
    if (!text.ok()) return text.status();
    Status st = (*conn)->Run(*text);
    if (st.ok()) continue;
    auto [line, col] = st.position() > 0
                           ? base::LineColumnAt(*text, static_cast<size_t>(st.position() - 1))
                           : std::pair<int, int>{0, 0};
    return Status(st).WithLocation({file, line, col}).Prefix("in the desired schema: ");
  }
  return catalog::Load(**conn);
}

}  // namespace pgcrate::shadow

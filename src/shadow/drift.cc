#include "shadow/drift.h"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/files.h"
#include "base/strings.h"
#include "catalog/loader.h"
#include "diff/planner.h"
#include "migrate/apply.h"
#include "migrate/store.h"

namespace pgcrate::shadow {
namespace {

// Applied versions in the target, or an empty set when it has no tracking table yet.
size_t PendingCount(pg::Connection& conn, const std::vector<migrate::MigrationFile>& files) {
  auto applied = migrate::ReadAppliedVersions(conn);
  if (!applied.ok()) return files.size();
  return static_cast<size_t>(std::count_if(
      files.begin(), files.end(), [&](const auto& f) { return applied->count(f.version) == 0; }));
}

}  // namespace

std::string ProjectPath(const app::Session& session, const std::string& path) {
  const std::string& root = session.config().project_root;
  if (path.empty() || path[0] == '/' || root.empty()) return path;
  return base::JoinPath(root, path);
}

Result<std::unique_ptr<ShadowDatabase>> CreateForSession(app::Session& session) {
  PGCRATE_RETURN_IF_ERROR(session.LoadConfig());
  auto target = session.Target();
  if (!target.ok()) return target.status();
  ShadowOptions o;
  o.server_conninfo = target->conninfo;
  o.project_root = session.config().project_root;
  o.pg_bindir = session.config().tools.bindir;
  o.session.connect_timeout_ms = session.options().connect_timeout_ms;
  o.session.statement_timeout_ms = -1;  // migrations may run long; their own settings apply
  o.session.lock_timeout_ms = -1;
  const output::Output* out = &session.out();
  o.session.sql_logger = [out](std::string_view sql) { out->Sql(sql); };
  auto db = ShadowDatabase::Create(o);
  if (!db.ok()) return db;
  for (const std::string& stale : (*db)->dropped_stale()) {
    session.out().Warn("dropped " + stale + ", a shadow database left behind by a pgcrate " +
                       "process that no longer runs.");
  }
  // Not silent: the comparison runs on another server than the configured one.
  if (!(*db)->fallback_reason().empty()) {
    session.out().Warn("cannot create the shadow database on the configured server (" +
                       (*db)->fallback_reason() +
                       "); using the project's pgcrate dev cluster "
                       "in .pgcrate/dev instead. Grant CREATEDB to the role to compare on the "
                       "configured server.");
  }
  session.out().Info("shadow database " + (*db)->name() + " on " + (*db)->where());
  return db;
}

Result<catalog::Catalog> CatalogAfterMigrations(app::Session& session, ShadowDatabase& db,
                                                const std::vector<migrate::MigrationFile>& files) {
  auto conn = db.Connect();
  if (!conn.ok()) return conn.status();
  migrate::ApplyOptions apply;
  (void)session;
  Status st = migrate::ApplyFiles(**conn, files, apply, nullptr);
  if (!st.ok()) return st.Prefix("applying the migrations to the shadow database: ");
  return catalog::Load(**conn);
}

Result<catalog::Catalog> CatalogFromSqlFiles(ShadowDatabase& db, const std::string& dir) {
  if (!base::IsDirectory(dir)) {
    return Status(Code::kNotFound, "the desired-schema directory " + dir + " does not exist.")
        .WithHint("put the schema's SQL files there, or set [paths] schema in pgcrate.toml.");
  }
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().extension() == ".sql") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  auto conn = db.Connect();
  if (!conn.ok()) return conn.status();
  for (const std::string& file : files) {
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

Status RunMigrateCheck(app::Session& session, bool& drifted) {
  PGCRATE_RETURN_IF_ERROR(session.LoadConfig());
  auto files = migrate::DiscoverMigrations(ProjectPath(session, session.config().paths.migrations));
  if (!files.ok()) return files.status();
  auto target = session.Connect();
  if (!target.ok()) return target.status();
  auto actual = catalog::Load(**target);
  if (!actual.ok()) return actual.status();
  auto shadow = CreateForSession(session);
  if (!shadow.ok()) return shadow.status();
  auto expected = CatalogAfterMigrations(session, **shadow, *files);
  if (!expected.ok()) return expected.status();
  diff::Plan plan = diff::PlanMigration(*expected, *actual);
  drifted = !plan.identical();
  size_t pending = PendingCount(**target, *files);
  std::string text = diff::FormatDiff(plan, "migrations", "database");
  if (session.out().json()) {
    nlohmann::ordered_json summary = nlohmann::ordered_json::object();
    for (const auto& [kind, n] : diff::Summarize(plan)) summary[kind] = n;
    session.out().Json(
        {{"drifted", drifted},
         {"identical", !drifted},
         {"migrations", files->size()},
         {"pending", pending},
         {"shadow", (*shadow)->where()},
         {"shadow_fallback_reason", (*shadow)->fallback_reason().empty()
                                        ? nlohmann::ordered_json()
                                        : nlohmann::ordered_json((*shadow)->fallback_reason())},
         {"summary", summary},
         {"formatted_diff", text}});
    return Status::Ok();
  }
  if (pending > 0 && drifted) {
    session.out().Warn(std::to_string(pending) +
                       " migration(s) are not applied to the database; "
                       "apply them with `pgcrate migrate up` before checking for drift.");
  }
  session.out().Data(drifted ? text + "The database has drifted from its migrations.\n"
                             : "No drift: the database matches its " +
                                   std::to_string(files->size()) + " migration(s).\n");
  return Status::Ok();
}

}  // namespace pgcrate::shadow

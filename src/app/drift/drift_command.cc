#include "app/drift/drift_command.h"

#include <functional>
#include <nlohmann/json.hpp>

#include "app/migration_units.h"
#include "base/files.h"
#include "base/strings.h"
#include "catalog/loader.h"
#include "code/apply.h"
#include "dev/binaries.h"
#include "diff/planner.h"
#include "migrate/foreign_tracking.h"
#include "model/store.h"
#include "shadow/drift.h"

namespace pgcrate::shadow {

std::string ProjectPath(const app::Session& session, const std::string& path) {
  return session.ProjectPath(path);
}

Result<std::unique_ptr<ShadowDatabase>> CreateForSession(app::Session& session) {
  PGCRATE_RETURN_IF_ERROR(session.LoadConfig());
  auto target = session.Target();
  if (!target.ok()) return target.status();
  ShadowOptions o;
  o.server_conninfo = target->conninfo;
  o.project_root = session.config().project_root;
  o.pg_bindir = session.config().tools.bindir;
  o.pg_caches = dev::DefaultPgCaches(o.project_root);
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

// The relations `model run` built (pgcrate.models) are not the migrations' business: they are
// left out of the comparison, with the schemas that hold only them.
Status IgnoreModelRelations(pg::Connection& conn, const catalog::Catalog& expected,
                            catalog::Catalog& actual) {
  auto records = model::ReadModelRecords(conn);
  if (!records.ok()) return records.status();
  std::set<std::string> relations;
  std::set<std::string> schemas;
  for (const auto& [name, rec] : *records) {
    relations.insert(name);
    schemas.insert(name.substr(0, name.find('.')));
  }
  for (const catalog::Schema& s : expected.schemas) schemas.erase(s.name);
  catalog::RemoveRelations(actual, relations, schemas);
  return Status::Ok();
}

// Another tool's tracking tables adopted by `migrate import --adopt` are not created by any
// migration and are not pgcrate's to drop: left out of both sides.
Status IgnoreForeignTracking(pg::Connection& conn, catalog::Catalog& expected,
                             catalog::Catalog& actual) {
  auto foreign = migrate::ReadForeignTracking(conn);
  if (!foreign.ok()) return foreign.status();
  if (foreign->relations.empty() && foreign->schemas.empty()) return Status::Ok();
  std::vector<std::string> schemas(foreign->schemas.begin(), foreign->schemas.end());
  for (catalog::Catalog* c : {&expected, &actual}) {
    catalog::RemoveRelations(*c, foreign->relations, {});
    if (!schemas.empty()) catalog::FilterSchemas(*c, {}, schemas);
  }
  return Status::Ok();
}

// The code folder's objects belong to the expected schema too: `pgcrate apply` creates them
// after the migrations, so the shadow database gets them the same way (none without a folder).
std::function<Status(pg::Connection&)> CodeFolderApplier(app::Session& session) {
  std::string dir = ProjectPath(session, session.config().paths.code);
  if (!base::IsDirectory(dir)) return {};
  return [dir](pg::Connection& conn) -> Status {
    auto path = code::ServerSearchPath(conn);
    if (!path.ok()) return path.status();
    auto set = code::LoadCodeFolder(dir, {path.value()});
    if (!set.ok()) return set.status();
    code::ApplyOptions options;
    options.plan.code_only = true;
    code::ApplyResult result;
    Status st = code::Apply(conn, set.value(), {}, options, &result);
    if (!st.ok()) return st.Prefix("creating the code folder's objects in the shadow database: ");
    return Status::Ok();
  };
}

namespace {

// What `migrate check` compares: the expected catalog (the project's migrations, then every
// module's with its tracking and templates, then the code folder, in a shadow database) and
// the target's.
struct CheckResult {
  std::unique_ptr<ShadowDatabase> shadow;
  diff::Plan plan;
  size_t migrations = 0;
  size_t pending = 0;
};

Result<CheckResult> Check(app::Session& session) {
  PGCRATE_RETURN_IF_ERROR(session.LoadConfig());
  auto units = app::SelectUnits(session, "");
  if (!units.ok()) return units.status();
  auto loaded = app::LoadUnitsAndConnect(session, units.value());
  if (!loaded.ok()) return loaded.status();
  pg::Connection& target = *loaded->conn;
  auto actual = catalog::Load(target);
  if (!actual.ok()) return actual.status();
  CheckResult r;
  auto shadow = CreateForSession(session);
  if (!shadow.ok()) return shadow.status();
  r.shadow = std::move(shadow).value();
  auto code = CodeFolderApplier(session);
  auto apply_all = [&](pg::Connection& conn) -> Status {
    for (size_t i = 0; i < units->size(); ++i) {
      const auto& unit = (*units)[i];
      migrate::ApplyOptions apply;
      apply.tracking = unit.tracking;
      Status st = migrate::ApplyFiles(conn, loaded->files[i], apply, nullptr);
      if (!st.ok()) {
        return st.Prefix("applying " + unit.tracking.Describe() + " to the shadow database: ");
      }
    }
    return code ? code(conn) : Status::Ok();
  };
  auto expected = CatalogAfterMigrations(*r.shadow, {}, apply_all);
  if (!expected.ok()) return expected.status();
  PGCRATE_RETURN_IF_ERROR(IgnoreModelRelations(target, *expected, *actual));
  PGCRATE_RETURN_IF_ERROR(IgnoreForeignTracking(target, *expected, *actual));
  r.plan = diff::PlanMigration(*expected, *actual);
  for (size_t i = 0; i < units->size(); ++i) {
    r.migrations += loaded->files[i].size();
    auto applied = migrate::ReadAppliedVersions(target, (*units)[i].tracking);
    if (!applied.ok()) return applied.status();
    for (const auto& f : loaded->files[i]) r.pending += applied->count(f.version) ? 0 : 1;
  }
  return r;
}

}  // namespace

Status RunMigrateCheck(app::Session& session, bool& drifted) {
  auto r = Check(session);
  if (!r.ok()) return r.status();
  const diff::Plan& plan = r->plan;
  drifted = !plan.identical();
  std::string text = diff::FormatDiff(plan, "migrations", "database");
  if (session.out().json()) {
    nlohmann::ordered_json summary = nlohmann::ordered_json::object();
    for (const auto& [kind, n] : diff::Summarize(plan)) summary[kind] = n;
    const ShadowDatabase& shadow = *r->shadow;
    session.out().Json(
        {{"drifted", drifted},
         {"identical", !drifted},
         {"migrations", r->migrations},
         {"pending", r->pending},
         {"shadow", shadow.where()},
         {"shadow_fallback_reason", shadow.fallback_reason().empty()
                                        ? nlohmann::ordered_json()
                                        : nlohmann::ordered_json(shadow.fallback_reason())},
         {"summary", summary},
         {"formatted_diff", text}});
    return Status::Ok();
  }
  if (r->pending > 0 && drifted) {
    session.out().Warn(std::to_string(r->pending) +
                       " migration(s) are not applied to the database; "
                       "apply them with `pgcrate migrate up` before checking for drift.");
  }
  session.out().Data(drifted ? text + "The database has drifted from its migrations.\n"
                             : "No drift: the database matches its " +
                                   std::to_string(r->migrations) + " migration(s).\n");
  return Status::Ok();
}

Result<migrate::DriftSummary> DriftSummaryForStatus(app::Session& session) {
  auto r = Check(session);
  if (!r.ok()) return r.status();
  migrate::DriftSummary out;
  out.drifted = !r->plan.identical();
  if (!out.drifted) {
    out.line = "none: the database matches its migrations";
    return out;
  }
  std::vector<std::string> parts;
  for (const auto& [kind, n] : diff::Summarize(r->plan)) {
    parts.push_back(std::to_string(n) + " " + kind);
  }
  out.line = "DRIFTED (" + base::Join(parts, ", ") +
             "); `pgcrate migrate check` shows the "
             "differences";
  return out;
}

}  // namespace pgcrate::shadow

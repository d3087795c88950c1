// migrate_on_start DATABASE_URL APP_MIGRATIONS [AUDIT_MIGRATIONS]: what an application does
// before it starts serving. It owns the module "app" in the schema "app" (its migrations use
// {{tables.x}} and {{schema}}, so they would run unchanged in another schema) and embeds a
// library, "audit", that migrates its own module into the schema "audit", tracked in that
// schema (audit.schema_migrations), in the same database. Both can number their files 001,
// 002, ...: rows are keyed (module, version). Exit 0 when the database is up to date, 1 when a
// migration failed (with its file:line and the server's message).
#include <cstdio>
#include <string>

#include "pgcrate/pgcrate.h"

namespace {

int Fail(const pgcrate::Status& st) {
  std::fprintf(stderr, "error: %s\n", st.ToString().c_str());
  if (!st.details().empty()) std::fprintf(stderr, "%s\n", st.details().c_str());
  if (!st.hint().empty()) std::fprintf(stderr, "hint: %s\n", st.hint().c_str());
  return 1;
}

// Applies one module's pending migrations and prints what it did; 0 on success.
int MigrateModule(const std::string& url, const std::string& dir, const std::string& module,
                  bool schema_tracking) {
  pgcrate::MigratorOptions options;
  options.database_url = url;
  options.migrations_dir = dir;
  options.application_name = "migrate_on_start";
  options.module = module;
  options.schema = module;
  options.schema_tracking = schema_tracking;
  auto migrator = pgcrate::Migrator::Open(options);
  if (!migrator.ok()) return Fail(migrator.status());
  auto run = (*migrator)->Up();
  if (!run.ok()) return Fail(run.status());
  for (size_t i = 0; i < run->done.size(); ++i) {
    std::printf("%s: applied %s_%s (%lld ms)\n", module.c_str(), run->done[i].version.c_str(),
                run->done[i].name.c_str(), static_cast<long long>(run->duration_ms[i]));
  }
  auto status = (*migrator)->ReadStatus();
  if (!status.ok()) return Fail(status.status());
  std::printf("pgcrate %s: module %s: %zu applied, %zu pending\n", pgcrate::kVersion,
              module.c_str(), status->applied.size(), status->pending.size());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4) {
    std::fprintf(stderr, "usage: %s DATABASE_URL APP_MIGRATIONS [AUDIT_MIGRATIONS]\n", argv[0]);
    return 2;
  }
  if (int rc = MigrateModule(argv[1], argv[2], "app", false); rc != 0) return rc;
  if (argc == 4) return MigrateModule(argv[1], argv[3], "audit", true);
  return 0;
}

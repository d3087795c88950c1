// migrate_on_start DATABASE_URL [MIGRATIONS_DIR]: applies the pending pgcrate migrations
// before an application would start serving, then prints the state. Exit 0 when the database
// is up to date, 1 when a migration failed (with its file:line and the server's message).
#include <cstdio>

#include "pgcrate/pgcrate.h"

namespace {

int Fail(const pgcrate::Status& st) {
  std::fprintf(stderr, "error: %s\n", st.ToString().c_str());
  if (!st.details().empty()) std::fprintf(stderr, "%s\n", st.details().c_str());
  if (!st.hint().empty()) std::fprintf(stderr, "hint: %s\n", st.hint().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: %s DATABASE_URL [MIGRATIONS_DIR]\n", argv[0]);
    return 2;
  }
  pgcrate::MigratorOptions options;
  options.database_url = argv[1];
  if (argc == 3) options.migrations_dir = argv[2];
  options.application_name = "migrate_on_start";
  auto migrator = pgcrate::Migrator::Open(options);
  if (!migrator.ok()) return Fail(migrator.status());
  auto run = (*migrator)->Up();
  if (!run.ok()) return Fail(run.status());
  for (size_t i = 0; i < run->done.size(); ++i) {
    std::printf("applied %s_%s (%lld ms)\n", run->done[i].version.c_str(),
                run->done[i].name.c_str(), static_cast<long long>(run->duration_ms[i]));
  }
  auto status = (*migrator)->ReadStatus();
  if (!status.ok()) return Fail(status.status());
  std::printf("pgcrate %s: %zu applied, %zu pending\n", pgcrate::kVersion, status->applied.size(),
              status->pending.size());
  return 0;
}

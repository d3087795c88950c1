#include <future>

#include "app/migrate/commands_internal.h"

namespace pgcrate::migrate::internal {

std::string MigrationsDir(app::Session& session) {
  (void)session.LoadConfig();
  return session.config().paths.migrations;
}

namespace {

void WarnAll(app::Session& session, const std::vector<std::string>& warnings) {
  for (const auto& w : warnings) session.out().Warn(w);
}

}  // namespace

Result<std::vector<MigrationFile>> LoadFiles(app::Session& session) {
  PGCRATE_RETURN_IF_ERROR(session.LoadConfig());
  std::vector<std::string> warnings;
  auto files = DiscoverMigrations(MigrationsDir(session), &warnings);
  WarnAll(session, warnings);
  return files;
}

Result<FilesAndConnection> LoadFilesAndConnect(app::Session& session, bool with_sql) {
  PGCRATE_RETURN_IF_ERROR(session.LoadConfig());
  std::string dir = MigrationsDir(session);
  std::vector<std::string> warnings;
  auto pending_files = std::async(std::launch::async, [dir, &warnings, with_sql] {
    return DiscoverMigrations(dir, &warnings, with_sql);
  });
  auto conn = session.Connect();
  auto files = pending_files.get();
  WarnAll(session, warnings);
  if (!files.ok()) return files.status();
  if (!conn.ok()) return conn.status();
  return FilesAndConnection{std::move(files).value(), conn.value()};
}

LockOptions MakeLockOptions(app::Session& session, const LockFlags& flags) {
  LockOptions o;
  o.use_lock = !flags.no_lock;
  int seconds = flags.lock_wait_s >= 0 ? flags.lock_wait_s : session.config().migrate.lock_wait;
  o.wait_ms = seconds * 1000;
  const output::Output* out = &session.out();
  o.on_wait = [out](const std::string& msg) { out->Info(msg); };
  return o;
}

ApplyOptions MakeApplyOptions(app::Session& session, int lock_retries_flag) {
  const config::Migrate& m = session.config().migrate;
  ApplyOptions o;
  o.safety.lock_timeout = m.lock_timeout;
  o.safety.statement_timeout = m.statement_timeout;
  o.safety.idle_in_transaction_session_timeout = m.idle_in_transaction_session_timeout;
  o.lock_retries = lock_retries_flag >= 0 ? lock_retries_flag : m.lock_retries;
  return o;
}

std::string Plural(size_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace pgcrate::migrate::internal

// pgcrate::Migrator (include/pgcrate/migrator.h): the public face of the migration engine,
// built from the same pieces as the CLI commands (migration_file, overview, runner, store,
// and lint's gate for `[migrate] lint`).
#include "pgcrate/migrator.h"

#include "lint/gate.h"
#include "lint/render.h"
#include "migrate/create_file.h"
#include "migrate/migration_file.h"
#include "migrate/overview.h"
#include "migrate/runner.h"
#include "migrate/schema_state.h"
#include "migrate/store.h"
#include "pg/connection.h"

namespace pgcrate {
namespace {

MigrationInfo InfoOf(const migrate::MigrationFile& f) {
  return {.version = f.version, .name = f.name, .has_down = f.has_down, .applied_at = ""};
}

migrate::LockOptions LockOf(const MigratorOptions& o) {
  migrate::LockOptions lock;
  lock.use_lock = o.use_lock;
  lock.wait_ms = o.lock_wait_seconds * 1000;
  return lock;
}

migrate::ApplyOptions ApplyOf(const MigratorOptions& o) {
  migrate::ApplyOptions apply;
  apply.safety.lock_timeout = o.lock_timeout;
  apply.safety.statement_timeout = o.statement_timeout;
  apply.safety.idle_in_transaction_session_timeout = o.idle_in_transaction_session_timeout;
  apply.lock_retries = o.lock_retries;
  apply.tracking.module = o.module;
  if (o.schema_tracking) apply.tracking.schema = o.schema;
  if (!o.module.empty()) apply.state_schema = o.schema;
  return apply;
}

MigrationRun RunOf(const migrate::RunResult& r) {
  MigrationRun run;
  for (const auto* f : r.planned) run.planned.push_back(InfoOf(*f));
  for (const auto& d : r.done) {
    run.done.push_back(InfoOf(*d.file));
    run.duration_ms.push_back(d.duration_ms);
  }
  return run;
}

lint::RuleConfig RulesOf(const LintSettings& s) {
  return {.disable = s.disable,
          .severity = s.severity,
          .naming = s.naming,
          .large_table_rows = s.large_table_rows};
}

// The settings' rule ids and severities must be known (pgcrate.toml's are checked on load).
Status CheckLintSettings(const LintSettings& s) {
  for (const auto& [id, severity] : s.severity) {
    if (severity != "error" && severity != "warning" && severity != "off") {
      return Status(Code::kUsage, "LintSettings::severity gives the rule '" + id +
                                      "' the unknown severity '" + severity +
                                      "'; use error, warning or off.");
    }
  }
  Status st = lint::OptionsFor(RulesOf(s), nullptr).status();
  if (st.ok()) return st;
  return Status(Code::kUsage, "MigratorOptions::lint_settings: " + st.message());
}

// What the lint gate of one Up run saw.
struct LintOutcome {
  lint::LintReport report;
  bool ran = false;
};

lint::GateMode ModeOf(LintGate g) {
  switch (g) {
    case LintGate::kWarn:
      return lint::GateMode::kWarn;
    case LintGate::kError:
      return lint::GateMode::kError;
    case LintGate::kOff:
      break;
  }
  return lint::GateMode::kOff;
}

std::vector<LintFinding> FindingsOf(const lint::LintReport& report) {
  std::vector<LintFinding> out;
  for (const lint::Finding& f : report.findings) {
    out.push_back({.rule = std::string(f.rule_id),
                   .severity = lint::SeverityName(f.severity),
                   .file = f.file,
                   .line = f.line,
                   .column = f.column,
                   .message = f.message});
  }
  return out;
}

// The gate's refusal in the library's words, with the findings as details.
Status Refusal(Status st, const LintOutcome& seen) {
  if (!seen.ran || seen.report.errors == 0 || st.code() != Code::kRefused) return st;
  return st.WithDetails(lint::RenderText(seen.report, false))
      .WithHint(
          "fix them, add `-- pgcrate-lint: ignore <rule-id>` on the statement, or set "
          "MigratorOptions::lint to LintGate::kWarn.");
}

migrate::DiscoverOptions DiscoverOf(const MigratorOptions& o) {
  migrate::DiscoverOptions d;
  if (!o.module.empty()) {
    d.naming = migrate::Naming::kModule;
    d.templates.module = true;
    d.templates.schema = o.schema;
  }
  return d;
}

// The drift of the module's schema since the last recorded run (check_drift), empty when off.
Result<std::vector<std::string>> DriftOf(pg::Connection& conn, const MigratorOptions& o) {
  if (o.check_drift == DriftCheck::kOff || o.module.empty() || o.schema.empty()) {
    return std::vector<std::string>{};
  }
  return migrate::SchemaDrift(conn, ApplyOf(o).tracking, o.schema);
}

}  // namespace

struct Migrator::Impl {
  MigratorOptions options;
  std::unique_ptr<pg::Connection> conn;
};

Migrator::Migrator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Migrator::~Migrator() = default;

Result<std::unique_ptr<Migrator>> Migrator::Open(const MigratorOptions& options) {
  if (options.lock_wait_seconds < 0 || options.lock_retries < 0 ||
      options.connect_timeout_seconds < 0) {
    return Status(Code::kUsage,
                  "lock_wait_seconds, lock_retries and connect_timeout_seconds must "
                  "not be negative.");
  }
  PGCRATE_RETURN_IF_ERROR(CheckLintSettings(options.lint_settings));
  pg::SessionOptions session;
  session.connect_timeout_ms = options.connect_timeout_seconds * 1000;
  session.application_name = options.application_name;
  // Migrations set their own timeouts per transaction; the session's must not cut them short.
  session.statement_timeout_ms = -1;
  session.lock_timeout_ms = -1;
  auto conn = pg::Connection::Open(options.database_url, session);
  if (!conn.ok()) return conn.status();
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->conn = std::move(conn).value();
  return std::unique_ptr<Migrator>(new Migrator(std::move(impl)));
}

Result<MigrationStatus> Migrator::ReadStatus() {
  auto files = migrate::DiscoverMigrations(impl_->options.migrations_dir,
                                           DiscoverOf(impl_->options), nullptr);
  if (!files.ok()) return files.status();
  auto applied = migrate::ReadApplied(*impl_->conn, ApplyOf(impl_->options).tracking);
  if (!applied.ok()) return applied.status();
  migrate::Overview ov = migrate::Compare(*files, *applied);
  MigrationStatus s;
  for (const auto* a : ov.applied) {
    const migrate::MigrationFile* f = ov.FileFor(a->version);
    s.applied.push_back({.version = a->version,
                         .name = f ? f->name : a->name,
                         .has_down = f && f->has_down,
                         .applied_at = a->applied_at});
  }
  for (const auto* f : ov.pending) s.pending.push_back(InfoOf(*f));
  for (const auto* a : ov.missing) s.missing_files.push_back(a->version);
  for (const auto& c : ov.changed) s.changed_files.push_back(c.file->version);
  for (const auto* f : ov.out_of_order) s.out_of_order.push_back(f->version);
  auto drift = DriftOf(*impl_->conn, impl_->options);
  if (!drift.ok()) return drift.status();
  s.drift = std::move(drift).value();
  return s;
}

namespace {

// Reads the files, then runs `run(files, options, result)` with the lock and safety settings
// of `o` filled into `options` (migrate::UpOptions or migrate::DownOptions).
template <typename RunOptions, typename RunFn>
Result<MigrationRun> RunWith(pg::Connection& conn, const MigratorOptions& o, RunOptions options,
                             RunFn run) {
  auto files = migrate::DiscoverMigrations(o.migrations_dir, DiscoverOf(o), nullptr);
  if (!files.ok()) return files.status();
  options.lock = LockOf(o);
  options.apply = ApplyOf(o);
  migrate::RunResult result;
  PGCRATE_RETURN_IF_ERROR(run(conn, *files, options, &result));
  return RunOf(result);
}

}  // namespace

Result<MigrationRun> Migrator::Up(const UpRequest& request) {
  migrate::UpOptions up;
  up.to_version = request.to_version;
  up.dry_run = request.dry_run;
  up.allow_changed = request.allow_changed;
  up.allow_out_of_order = request.allow_out_of_order;
  LintOutcome seen;
  lint::GateOptions gate;
  gate.mode = ModeOf(impl_->options.lint);
  gate.rules = RulesOf(impl_->options.lint_settings);
  gate.on_findings = [&seen](const lint::LintReport& report) {
    seen.report = report;
    seen.ran = true;
  };
  up.pre_run_check = lint::MakeGate(*impl_->conn, std::move(gate));
  auto drift = DriftOf(*impl_->conn, impl_->options);
  if (!drift.ok()) return drift.status();
  if (!drift->empty() && impl_->options.check_drift == DriftCheck::kError) {
    std::string list;
    for (const auto& d : drift.value()) list += (list.empty() ? "" : "\n") + d;
    return Status(Code::kConflict,
                  "module " + impl_->options.module + ": the schema " + impl_->options.schema +
                      " changed since the last migration run (" + std::to_string(drift->size()) +
                      " object(s)); nothing was applied.")
        .WithDetails(list)
        .WithHint("put the change in a migration (or undo it), or set check_drift to kWarn.");
  }
  auto run = RunWith(*impl_->conn, impl_->options, up, migrate::MigrateUp);
  if (!run.ok()) return Refusal(run.status(), seen);
  run->lint_findings = FindingsOf(seen.report);
  run->drift = std::move(drift).value();
  return run;
}

Result<MigrationRun> Migrator::Down(const DownRequest& request) {
  // Checked here so the library's message names its own field, not the CLI's flag.
  if (request.steps < 1 && request.to_version.empty()) {
    return Status(Code::kUsage, "DownRequest::steps must be at least 1.");
  }
  migrate::DownOptions down;
  down.steps = request.steps;
  down.to_version = request.to_version;
  down.dry_run = request.dry_run;
  return RunWith(*impl_->conn, impl_->options, down, migrate::MigrateDown);
}

Result<std::string> Migrator::CreateMigration(const std::string& name, const std::string& up_sql,
                                              const std::string& down_sql) {
  std::string clean = migrate::SanitizeName(name);
  if (clean.empty()) {
    return Status(Code::kUsage, "the migration name '" + name + "' has no letters or digits.");
  }
  std::string text =
      "-- " + clean + "\n-- up\n" + up_sql + (up_sql.empty() || up_sql.back() == '\n' ? "" : "\n");
  if (!down_sql.empty()) {
    text += "-- down\n" + down_sql + (down_sql.back() == '\n' ? "" : "\n");
  }
  const MigratorOptions& o = impl_->options;
  auto created = migrate::CreateMigrationFile(
      o.migrations_dir, o.module.empty() ? migrate::Naming::kTimestamp : migrate::Naming::kModule,
      clean, text);
  if (!created.ok()) return created.status();
  return created->path;
}

}  // namespace pgcrate

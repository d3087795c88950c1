// migrate up / down / sql: the commands that run (or print) migrations.
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "app/lint/lint_command.h"
#include "app/migrate/commands.h"
#include "app/migrate/commands_internal.h"
#include "app/migrate/progress.h"
#include "base/process.h"
#include "migrate/overview.h"
#include "migrate/prepare.h"
#include "migrate/store.h"

namespace pgcrate::migrate {
namespace {

using internal::Plural;
using nlohmann::ordered_json;

ordered_json Entry(const MigrationFile& f) {
  return {{"version", f.version}, {"name", f.name}, {"file", f.path}};
}

void WarnMissing(const output::Output& out, const RunResult& r) {
  for (const auto& v : r.missing) {
    out.Warn("migration " + v + " is recorded as applied but its file is missing.");
  }
}

// The words for a direction: JSON key, past tense, infinitive.
struct Verbs {
  const char* key;
  const char* done;
  const char* todo;
};
constexpr Verbs kUpVerbs{"applied", "Applied", "apply"};
constexpr Verbs kDownVerbs{"rolled_back", "Rolled back", "roll back"};

void ReportJson(const output::Output& out, const RunResult& r, bool dry_run, const Verbs& v) {
  ordered_json doc, list = ordered_json::array();
  doc["dry_run"] = dry_run;
  if (dry_run) {
    for (const auto* f : r.planned) list.push_back(Entry(*f));
  }
  for (const auto& d : r.done) {
    ordered_json e = Entry(*d.file);
    e["duration_ms"] = d.duration_ms;
    e["retries"] = d.retries;
    list.push_back(e);
  }
  doc[v.key] = list;
  doc["count"] = list.size();
  if (!r.missing.empty()) doc["missing_files"] = r.missing;
  out.Json(doc);
}

// Reports a finished (or dry) run: the JSON document, or a summary on stdout unless --quiet.
void ReportRun(const output::Output& out, const RunResult& r, bool dry_run, const Verbs& v,
               int64_t total_ms) {
  if (out.json()) return ReportJson(out, r, dry_run, v);
  if (out.mode().quiet) return;
  if (!dry_run) {
    out.Data(r.done.empty() ? std::string("Nothing to do: no pending migrations.")
                            : std::string(v.done) + " " + Plural(r.done.size(), "migration") +
                                  " in " + std::to_string(total_ms) + " ms.");
    return;
  }
  if (r.planned.empty()) return out.Data("Nothing to do.");
  std::string text =
      std::string("Would ") + v.todo + " " + Plural(r.planned.size(), "migration") + ":";
  for (const auto* f : r.planned) text += "\n  " + f->file_name;
  out.Data(text);
}

int64_t MsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start)
      .count();
}

// On failure the JSON/stderr error is the runner's; add what did commit before it.
Status WithProgressNote(Status st, const RunResult& r, const char* verb) {
  if (st.ok() || r.done.empty()) return st;
  std::string note = Plural(r.done.size(), "earlier migration") + " of this run " +
                     (r.done.size() == 1 ? "was " : "were ") + verb + " and stay" +
                     (r.done.size() == 1 ? "s" : "") + " so; rerun after fixing to continue.";
  return st.WithDetails(st.details().empty() ? note : st.details() + "\n" + note);
}

}  // namespace

Status RunUp(app::Session& session, const UpCommandOptions& o) {
  PGCRATE_RETURN_IF_ERROR(session.LoadConfig());
  if (!o.dry_run) PGCRATE_RETURN_IF_ERROR(session.CheckProductionGate(true, o.yes, "migrate up"));
  auto loaded = internal::LoadFilesAndConnect(session);
  if (!loaded.ok()) return loaded.status();
  const std::vector<MigrationFile>& files = loaded->files;
  UpOptions up;
  up.to_version = o.to_version;
  up.dry_run = o.dry_run;
  up.allow_changed = o.allow_changed;
  up.allow_out_of_order = o.allow_out_of_order;
  up.lock = internal::MakeLockOptions(session, o.lock);
  up.apply = internal::MakeApplyOptions(session, o.lock_retries);
  up.pre_run_check =
      internal::WithCodeGate(session, *loaded->conn, lint::GateFor(session, *loaded->conn));
  Progress progress(session.out(), base::IsTty(STDERR_FILENO));
  up.apply.observer = [&progress](const ApplyEvent& e) { progress.OnEvent(e); };
  auto start = std::chrono::steady_clock::now();
  RunResult result;
  Status st = MigrateUp(*loaded->conn, files, up, &result);
  progress.Finish();
  WarnMissing(session.out(), result);
  if (!st.ok()) return WithProgressNote(st, result, "applied");
  ReportRun(session.out(), result, o.dry_run, kUpVerbs, MsSince(start));
  return Status::Ok();
}

Status RunDown(app::Session& session, const DownCommandOptions& o) {
  if (!o.dry_run && !o.yes) {
    return Status(Code::kUsage,
                  "migrate down changes the database; pass --yes to confirm (or "
                  "--dry-run to preview).");
  }
  auto files = internal::LoadFiles(session);
  if (!files.ok()) return files.status();
  if (!o.dry_run) PGCRATE_RETURN_IF_ERROR(session.CheckProductionGate(true, o.yes, "migrate down"));
  auto conn = session.Connect();
  if (!conn.ok()) return conn.status();
  DownOptions down;
  down.steps = o.steps;
  down.dry_run = o.dry_run;
  down.lock = internal::MakeLockOptions(session, o.lock);
  down.apply = internal::MakeApplyOptions(session, o.lock_retries);
  Progress progress(session.out(), base::IsTty(STDERR_FILENO));
  down.apply.observer = [&progress](const ApplyEvent& e) { progress.OnEvent(e); };
  auto start = std::chrono::steady_clock::now();
  RunResult result;
  Status st = MigrateDown(*conn.value(), files.value(), down, &result);
  progress.Finish();
  if (!st.ok()) return WithProgressNote(st, result, "rolled back");
  ReportRun(session.out(), result, o.dry_run, kDownVerbs, MsSince(start));
  return Status::Ok();
}

Status RunSql(app::Session& session, const UpCommandOptions& o) {
  auto files = internal::LoadFiles(session);
  if (!files.ok()) return files.status();
  auto conn = session.Connect();
  if (!conn.ok()) return conn.status();
  UpOptions up;
  up.to_version = o.to_version;
  up.dry_run = true;
  up.allow_changed = o.allow_changed;
  up.allow_out_of_order = o.allow_out_of_order;
  RunResult result;
  PGCRATE_RETURN_IF_ERROR(MigrateUp(*conn.value(), files.value(), up, &result));
  auto prepared = PrepareMigrations(result.planned, Direction::kUp);
  if (!prepared.ok()) return prepared.status();
  ApplyOptions apply = internal::MakeApplyOptions(session, -1);
  std::string script = RenderScript(*conn.value(), prepared.value(), apply.safety);
  if (session.out().json()) {
    ordered_json doc, list = ordered_json::array();
    for (const auto* f : result.planned) list.push_back(Entry(*f));
    doc["migrations"] = list;
    doc["sql"] = script;
    session.out().Json(doc);
  } else {
    session.out().Data(script);
  }
  return Status::Ok();
}

}  // namespace pgcrate::migrate

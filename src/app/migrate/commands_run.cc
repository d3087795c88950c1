// migrate up / down / sql: the commands that run (or print) migrations.
#include <unistd.h>

#include <list>
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

ordered_json Entry(const MigrationFile& f, const internal::Unit& u) {
  ordered_json e = {{"version", f.version}, {"name", f.name}, {"file", f.path}};
  if (!u.module.empty()) e["module"] = u.module;
  return e;
}

// One unit's run: its files (which the result points into) and what happened.
struct UnitRun {
  const internal::Unit* unit = nullptr;
  std::vector<MigrationFile> files;
  RunResult result;
  std::vector<PreparedMigration> prepared;  // migrate sql
};

void WarnMissing(const output::Output& out, const UnitRun& r) {
  for (const auto& v : r.result.missing) {
    out.Warn(internal::UnitPrefix(*r.unit) + "migration " + v +
             " is recorded as applied but its file is missing.");
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

void ReportJson(const output::Output& out, const std::list<UnitRun>& runs, bool dry_run,
                const Verbs& v) {
  ordered_json doc, list = ordered_json::array();
  std::vector<std::string> missing;
  doc["dry_run"] = dry_run;
  for (const UnitRun& r : runs) {
    if (dry_run) {
      for (const auto* f : r.result.planned) list.push_back(Entry(*f, *r.unit));
    }
    for (const auto& d : r.result.done) {
      ordered_json e = Entry(*d.file, *r.unit);
      e["duration_ms"] = d.duration_ms;
      e["retries"] = d.retries;
      list.push_back(e);
    }
    missing.insert(missing.end(), r.result.missing.begin(), r.result.missing.end());
  }
  doc[v.key] = list;
  doc["count"] = list.size();
  if (!missing.empty()) doc["missing_files"] = missing;
  out.Json(doc);
}

// Reports finished (or dry) runs: the JSON document, or a summary on stdout unless --quiet.
void ReportRun(const output::Output& out, const std::list<UnitRun>& runs, bool dry_run,
               const Verbs& v, int64_t total_ms) {
  if (out.json()) return ReportJson(out, runs, dry_run, v);
  if (out.mode().quiet) return;
  size_t done = 0, planned = 0;
  std::string names;
  for (const UnitRun& r : runs) {
    done += r.result.done.size();
    planned += r.result.planned.size();
    for (const auto* f : r.result.planned) {
      names += "\n  " + (r.unit->module.empty() ? "" : r.unit->module + "/") + f->file_name;
    }
  }
  if (!dry_run) {
    out.Data(done == 0 ? std::string("Nothing to do: no pending migrations.")
                       : std::string(v.done) + " " + Plural(done, "migration") + " in " +
                             std::to_string(total_ms) + " ms.");
    return;
  }
  if (planned == 0) return out.Data("Nothing to do.");
  out.Data(std::string("Would ") + v.todo + " " + Plural(planned, "migration") + ":" + names);
}

int64_t MsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start)
      .count();
}

// On failure the JSON/stderr error is the runner's; add what did commit before it.
Status WithProgressNote(Status st, const std::list<UnitRun>& runs, const char* verb) {
  size_t done = 0;
  for (const UnitRun& r : runs) done += r.result.done.size();
  if (st.ok() || done == 0) return st;
  std::string note = Plural(done, "earlier migration") + " of this run " +
                     (done == 1 ? "was " : "were ") + verb + " and stay" + (done == 1 ? "s" : "") +
                     " so; rerun after fixing to continue.";
  return st.WithDetails(st.details().empty() ? note : st.details() + "\n" + note);
}

Status WithUnit(Status st, const internal::Unit& u) {
  return st.ok() || u.module.empty() ? st : st.Prefix(internal::UnitPrefix(u));
}

}  // namespace

Status RunUp(app::Session& session, const UpCommandOptions& o) {
  PGCRATE_RETURN_IF_ERROR(session.LoadConfig());
  if (!o.dry_run) PGCRATE_RETURN_IF_ERROR(session.CheckProductionGate(true, o.yes, "migrate up"));
  auto units = internal::SelectUnits(session, o.module);
  if (!units.ok()) return units.status();
  auto loaded = internal::LoadUnitsAndConnect(session, units.value());
  if (!loaded.ok()) return loaded.status();
  pg::Connection& conn = *loaded->conn;
  UpOptions up;
  up.to_version = o.to_version;
  up.dry_run = o.dry_run;
  up.allow_changed = o.allow_changed;
  up.allow_out_of_order = o.allow_out_of_order;
  up.lock = internal::MakeLockOptions(session, o.lock);
  up.apply = internal::MakeApplyOptions(session, o.lock_retries);
  up.pre_run_check = internal::WithCodeGate(session, conn, lint::GateFor(session, conn));
  Progress progress(session.out(), base::IsTty(STDERR_FILENO));
  up.apply.observer = [&progress](const ApplyEvent& e) { progress.OnEvent(e); };
  auto start = std::chrono::steady_clock::now();
  std::list<UnitRun> runs;
  for (size_t i = 0; i < units->size(); ++i) {
    UnitRun& r = runs.emplace_back();
    r.unit = &(*units)[i];
    r.files = std::move(loaded->files[i]);
    up.apply.tracking = r.unit->tracking;
    up.apply.state_schema = r.unit->schema;
    Status st = MigrateUp(conn, r.files, up, &r.result);
    WarnMissing(session.out(), r);
    if (!st.ok()) {
      progress.Finish();
      return WithProgressNote(WithUnit(st, *r.unit), runs, "applied");
    }
  }
  progress.Finish();
  ReportRun(session.out(), runs, o.dry_run, kUpVerbs, MsSince(start));
  return Status::Ok();
}

Status RunDown(app::Session& session, const DownCommandOptions& o) {
  if (!o.dry_run && !o.yes) {
    return Status(Code::kUsage,
                  "migrate down changes the database; pass --yes to confirm (or "
                  "--dry-run to preview).");
  }
  if ((o.steps > 0) == !o.to_version.empty()) {
    return Status(Code::kUsage, "migrate down needs exactly one of --steps N and --to VERSION.");
  }
  auto units = internal::SelectUnits(session, o.module);
  if (!units.ok()) return units.status();
  if (!o.dry_run) PGCRATE_RETURN_IF_ERROR(session.CheckProductionGate(true, o.yes, "migrate down"));
  auto loaded = internal::LoadUnitsAndConnect(session, units.value());
  if (!loaded.ok()) return loaded.status();
  DownOptions down;
  down.steps = o.steps;
  down.to_version = o.to_version;
  down.dry_run = o.dry_run;
  down.lock = internal::MakeLockOptions(session, o.lock);
  down.apply = internal::MakeApplyOptions(session, o.lock_retries);
  Progress progress(session.out(), base::IsTty(STDERR_FILENO));
  down.apply.observer = [&progress](const ApplyEvent& e) { progress.OnEvent(e); };
  auto start = std::chrono::steady_clock::now();
  std::list<UnitRun> runs;
  // Later modules may build on earlier ones: roll back in reverse order.
  for (size_t k = units->size(); k-- > 0;) {
    UnitRun& r = runs.emplace_back();
    r.unit = &(*units)[k];
    r.files = std::move(loaded->files[k]);
    down.apply.tracking = r.unit->tracking;
    down.apply.state_schema = r.unit->schema;
    Status st = MigrateDown(*loaded->conn, r.files, down, &r.result);
    if (!st.ok()) {
      progress.Finish();
      return WithProgressNote(WithUnit(st, *r.unit), runs, "rolled back");
    }
  }
  progress.Finish();
  ReportRun(session.out(), runs, o.dry_run, kDownVerbs, MsSince(start));
  return Status::Ok();
}

namespace {

// The files of `files` from `from` (inclusive) on; all of them when `from` is "".
Result<std::vector<const MigrationFile*>> FilesFrom(const std::vector<MigrationFile>& files,
                                                    const std::string& from) {
  std::vector<const MigrationFile*> out;
  bool found = from.empty();
  for (const auto& f : files) {
    found = found || f.version == from;
    if (from.empty() || !VersionLess(f.version, from)) out.push_back(&f);
  }
  if (!found) {
    return Status(Code::kNotFound, "no migration file has version " + from + ".")
        .WithHint("`pgcrate migrate status` lists the versions.");
  }
  return out;
}

// The planned files of one unit for `migrate sql`: pending ones (connected) or, offline, all
// of them from --from on.
Result<std::vector<const MigrationFile*>> SqlSelection(pg::Connection* conn, const UnitRun& r,
                                                       const UpCommandOptions& o,
                                                       RunResult& result) {
  if (o.offline) return FilesFrom(r.files, o.from_version);
  UpOptions up;
  up.to_version = o.to_version;
  up.dry_run = true;
  up.allow_changed = o.allow_changed;
  up.allow_out_of_order = o.allow_out_of_order;
  up.apply.tracking = r.unit->tracking;
  PGCRATE_RETURN_IF_ERROR(MigrateUp(*conn, r.files, up, &result));
  return result.planned;
}

}  // namespace

Status RunSql(app::Session& session, const UpCommandOptions& o) {
  auto units = internal::SelectUnits(session, o.module);
  if (!units.ok()) return units.status();
  if (!o.offline && !o.from_version.empty()) {
    return Status(Code::kUsage,
                  "--from is for --offline (connected, the pending files are "
                  "printed).");
  }
  pg::Connection* conn = nullptr;
  if (!o.offline) {
    auto c = session.Connect();
    if (!c.ok()) return c.status();
    conn = c.value();
  }
  ApplyOptions apply = internal::MakeApplyOptions(session, -1);
  ordered_json list = ordered_json::array();
  std::list<UnitRun> runs;
  // Every unit is prepared (parsed and checked) before anything is printed: a bad file in a
  // later module must not leave half a script on stdout.
  for (const auto& unit : units.value()) {
    UnitRun& r = runs.emplace_back();
    r.unit = &unit;
    auto files = internal::LoadUnitFiles(session, unit);
    if (!files.ok()) return files.status();
    r.files = std::move(files).value();
    auto selected = SqlSelection(conn, r, o, r.result);
    if (!selected.ok()) return WithUnit(selected.status(), unit);
    auto prepared = PrepareMigrations(selected.value(), Direction::kUp);
    if (!prepared.ok()) return prepared.status();
    r.prepared = std::move(prepared).value();
    for (const auto* f : selected.value()) list.push_back(Entry(*f, unit));
  }
  std::string script;  // --json only: as text, the script goes straight to stdout
  const output::Output& out = session.out();
  if (out.json()) {  // one allocation: a doubling string could take twice a huge script
    size_t bytes = 4096;
    for (const UnitRun& r : runs) {
      for (const PreparedMigration& m : r.prepared) {
        bytes += m.sql->size() + 2 * m.statements.size() + 2048;
      }
    }
    script.reserve(bytes);
  }
  ScriptWriter write = [&](std::string_view piece) {
    if (out.json()) {
      script += piece;
    } else {
      out.DataPart(piece, false);
    }
  };
  for (const UnitRun& r : runs) {
    if (units->size() > 1) {
      write("\n-- " + (r.unit->module.empty() ? "project" : r.unit->module) + "\n");
    }
    WriteScript(r.prepared, apply.safety, r.unit->tracking, write);
  }
  if (out.json()) {
    out.Json({{"migrations", list}, {"offline", o.offline}, {"sql", std::move(script)}});
  } else {
    out.DataPart("", true);
  }
  return Status::Ok();
}

}  // namespace pgcrate::migrate

#include "app/migrate/import_command.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "app/migrate/commands_internal.h"
#include "base/files.h"
#include "importer/adopt.h"
#include "importer/plan.h"
#include "importer/write.h"
#include "output/output.h"

namespace pgcrate::migrate {
namespace {

using internal::Plural;
using nlohmann::ordered_json;

struct Outcome {
  const importer::ImportPlan* plan = nullptr;
  const importer::WriteSet* writes = nullptr;
  std::string migrations_dir;
  bool dry_run = false;
  std::optional<importer::AdoptState> adopt;
  importer::AdoptResult recorded;
};

const char* StateName(importer::WriteState s, bool dry_run) {
  if (s == importer::WriteState::kUnchanged) return "unchanged";
  return dry_run ? "would_write" : "written";
}

std::set<size_t> AppliedSet(const Outcome& o) {
  return o.adopt ? std::set<size_t>(o.adopt->applied.begin(), o.adopt->applied.end())
                 : std::set<size_t>();
}

ordered_json VersionsJson(const Outcome& o, const std::vector<size_t>& indices) {
  ordered_json out = ordered_json::array();
  for (size_t i : indices) out.push_back(o.plan->migrations[i].file.version);
  return out;
}

ordered_json AdoptJson(const Outcome& o) {
  if (!o.adopt) return nullptr;
  std::set<size_t> applied = AppliedSet(o);
  std::vector<size_t> pending;
  for (size_t i = 0; i < o.plan->migrations.size(); ++i) {
    if (!applied.count(i)) pending.push_back(i);
  }
  return {{"table", o.adopt->table},
          {"applied", VersionsJson(o, o.adopt->applied)},
          {"recorded", VersionsJson(o, o.recorded.recorded)},
          {"already_recorded", VersionsJson(o, o.recorded.already_recorded)},
          {"pending", VersionsJson(o, pending)},
          {"applied_without_file", o.adopt->without_file}};
}

ordered_json ReportJson(const Outcome& o) {
  std::set<size_t> applied = AppliedSet(o);
  ordered_json migrations = ordered_json::array(), code = ordered_json::array();
  for (size_t i = 0; i < o.plan->migrations.size(); ++i) {
    const auto& m = o.plan->migrations[i];
    const auto& w = o.writes->migrations[i];
    migrations.push_back({{"source", m.source},
                          {"source_version", m.source_version},
                          {"source_name", m.source_name},
                          {"version", m.file.version},
                          {"name", m.file.name},
                          {"path", w.path},
                          {"no_transaction", m.file.no_transaction},
                          {"has_down", m.file.has_down},
                          {"state", StateName(w.state, o.dry_run)},
                          {"applied", o.adopt ? ordered_json(applied.count(i) > 0) : nullptr}});
  }
  for (const auto& w : o.writes->code) {
    code.push_back(
        {{"source", w.source}, {"path", w.path}, {"state", StateName(w.state, o.dry_run)}});
  }
  return {{"from", importer::ToolName(o.plan->tool)},
          {"source_dir", o.plan->source_dir},
          {"migrations_dir", o.migrations_dir},
          {"dry_run", o.dry_run},
          {"migrations", migrations},
          {"code_files", code},
          {"skipped", o.plan->skipped},
          {"warnings", o.plan->warnings},
          {"adopt", AdoptJson(o)}};
}

std::string Summary(const Outcome& o) {
  size_t fresh = 0, same = 0;
  for (const auto* list : {&o.writes->migrations, &o.writes->code}) {
    for (const auto& w : *list) (w.state == importer::WriteState::kNew ? fresh : same)++;
  }
  std::string text = (o.dry_run ? "Dry run: would write " : "Wrote ") + Plural(fresh, "file") +
                     (same ? " (" + std::to_string(same) + " already there, unchanged)" : "") +
                     " from " + importer::ToolName(o.plan->tool) + " into " + o.migrations_dir +
                     (o.plan->code_files.empty() ? "" : " and the code folder") + ".";
  if (!o.adopt) return text;
  size_t applied = o.adopt->applied.size();
  std::string pending = std::to_string(o.plan->migrations.size() - applied) + " pending.";
  if (o.dry_run) {
    text += "\nWould adopt from " + o.adopt->table + ": " + Plural(applied, "migration") +
            " applied there recorded as applied (not run); " + pending;
  } else {
    text += "\nAdopted from " + o.adopt->table + ": " + std::to_string(o.recorded.recorded.size()) +
            " recorded as applied (not run), " +
            std::to_string(o.recorded.already_recorded.size()) + " already recorded; " + pending;
  }
  for (const auto& v : o.adopt->without_file) {
    text += "\nApplied in " + std::string(importer::ToolName(o.plan->tool)) +
            " but no such migration in the source directory: " + v;
  }
  return text;
}

std::string ReportText(const Outcome& o) {
  std::set<size_t> applied = AppliedSet(o);
  std::string text;
  for (size_t i = 0; i < o.plan->migrations.size(); ++i) {
    const auto& m = o.plan->migrations[i];
    text += m.source + " -> " + o.writes->migrations[i].path;
    if (m.file.no_transaction) text += "  [no-transaction]";
    if (o.adopt) text += applied.count(i) ? "  [applied]" : "  [pending]";
    if (o.writes->migrations[i].state == importer::WriteState::kUnchanged) text += "  (unchanged)";
    text += "\n";
  }
  for (const auto& w : o.writes->code) text += w.source + " -> " + w.path + "\n";
  for (const auto& s : o.plan->skipped) text += "skipped " + s + "\n";
  return text + Summary(o);
}

Status Report(app::Session& session, const Outcome& o) {
  const output::Output& out = session.out();
  if (out.json()) {
    out.Json(ReportJson(o));
    return Status::Ok();
  }
  for (const auto& w : o.plan->warnings) out.Warn(w);
  if (!out.mode().quiet) out.Data(ReportText(o));
  return Status::Ok();
}

Status CheckFlags(const ImportCommandOptions& o, importer::Tool tool) {
  if (!o.table.empty() && !o.adopt) {
    return Status(Code::kUsage, "--table names the tracking table --adopt reads; add --adopt.");
  }
  if (o.adopt && !importer::CanAdopt(tool)) {
    return Status(Code::kUsage, std::string("--adopt reads the tool's tracking table, and ") +
                                    importer::ToolName(tool) +
                                    " has none; import without --adopt, then mark applied "
                                    "migrations with `pgcrate migrate baseline --to VERSION`.");
  }
  return Status::Ok();
}

// Records the adoption and writes the files inside the same transaction: nothing recorded
// without its files, no files left behind when the recording fails.
Status AdoptAndWrite(app::Session& session, pg::Connection& conn, const ImportCommandOptions& o,
                     Outcome& out) {
  bool written = false;
  auto write = [&]() -> Status {
    PGCRATE_RETURN_IF_ERROR(importer::WriteFiles(*out.writes));
    written = true;
    return Status::Ok();
  };
  Status st =
      importer::RecordAdopted(conn, *out.plan, *out.adopt,
                              internal::MakeLockOptions(session, o.lock), write, &out.recorded);
  if (!st.ok() && written) importer::RemoveWritten(*out.writes);
  return st;
}

}  // namespace

Status RunImport(app::Session& session, const ImportCommandOptions& o) {
  auto tool = importer::ParseTool(o.from);
  if (!tool.ok()) return tool.status();
  PGCRATE_RETURN_IF_ERROR(CheckFlags(o, *tool));
  PGCRATE_RETURN_IF_ERROR(session.LoadConfig());
  auto plan = importer::PlanImport(*tool, o.dir);
  if (!plan.ok()) return plan.status();
  Outcome out;
  out.plan = &plan.value();
  out.dry_run = o.dry_run;
  out.migrations_dir = base::RelativeToCwd(session.ProjectPath(session.config().paths.migrations));
  std::string code_dir = base::RelativeToCwd(session.ProjectPath(session.config().paths.code));
  auto writes = importer::PlanWrites(*plan, {out.migrations_dir, code_dir});
  if (!writes.ok()) return writes.status();
  out.writes = &writes.value();
  if (!o.adopt) {
    if (!o.dry_run) PGCRATE_RETURN_IF_ERROR(importer::WriteFiles(*writes));
    return Report(session, out);
  }
  PGCRATE_RETURN_IF_ERROR(session.CheckProductionGate(!o.dry_run, o.yes, "migrate import --adopt"));
  auto conn = session.Connect();
  if (!conn.ok()) return conn.status();
  auto state = importer::ReadToolState(**conn, *plan, o.table);
  if (!state.ok()) return state.status();
  out.adopt = std::move(state).value();
  if (!o.dry_run) PGCRATE_RETURN_IF_ERROR(AdoptAndWrite(session, **conn, o, out));
  return Report(session, out);
}

}  // namespace pgcrate::migrate

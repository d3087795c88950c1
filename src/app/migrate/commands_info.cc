// migrate status / current / history / verify: read-only views of files versus the tracking
// table, per unit (the project's migrations and each module).
#include <algorithm>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "app/migrate/commands.h"
#include "app/migrate/commands_internal.h"
#include "base/strings.h"
#include "migrate/overview.h"
#include "migrate/replaces.h"
#include "migrate/store.h"
#include "output/output.h"

namespace pgcrate::migrate {
namespace {

using internal::Plural;
using internal::Unit;
using nlohmann::ordered_json;

struct UnitState {
  const Unit* unit = nullptr;
  std::vector<MigrationFile> files;
  std::vector<AppliedMigration> applied;
};

struct Loaded {
  std::vector<Unit> units;
  std::vector<UnitState> states;  // parallel to units; points into them
  pg::Connection* conn = nullptr;
};

// `history` reads every row (rolled back ones too); the rest only the applied ones.
Result<std::unique_ptr<Loaded>> Load(app::Session& session, const std::string& module,
                                     bool history = false) {
  auto out = std::make_unique<Loaded>();
  auto units = internal::SelectUnits(session, module);
  if (!units.ok()) return units.status();
  out->units = std::move(units).value();
  // The tracking rows are read while the files are (they do not depend on each other).
  std::vector<std::vector<AppliedMigration>> applied;
  auto read_rows = [&](pg::Connection& conn) {
    for (const Unit& u : out->units) {
      if (history) {
        auto rows = ReadHistory(conn, u.tracking);
        if (!rows.ok()) return rows.status();
        applied.push_back(std::move(rows).value());
        continue;
      }
      // Whether the table was there last time: then it is read without checking first.
      internal::TrackingSeen hint(session, conn, u.tracking);
      bool seen = hint.seen();
      auto rows = ReadApplied(conn, u.tracking, RowDetail::kBrief, &seen);
      if (!rows.ok()) return rows.status();
      hint.Update(seen);
      applied.push_back(std::move(rows).value());
    }
    return Status::Ok();
  };
  auto loaded = internal::LoadUnitsAndConnect(session, out->units, /*with_sql=*/false, read_rows);
  if (!loaded.ok()) return loaded.status();
  out->conn = loaded->conn;
  for (size_t i = 0; i < out->units.size(); ++i) {
    out->states.push_back({&out->units[i], std::move(loaded->files[i]), std::move(applied[i])});
  }
  return out;
}

// Hands what Load read to Session::Discard when the command returns: over 10,000 files and
// rows, freeing them one by one is a few milliseconds of a command that takes ~80.
class DiscardOnReturn {
 public:
  DiscardOnReturn(const app::Session& session, std::unique_ptr<Loaded>& loaded)
      : session_(session), loaded_(loaded) {}
  DiscardOnReturn(const DiscardOnReturn&) = delete;
  DiscardOnReturn& operator=(const DiscardOnReturn&) = delete;
  ~DiscardOnReturn() { session_.Discard(std::move(loaded_)); }

 private:
  const app::Session& session_;
  std::unique_ptr<Loaded>& loaded_;
};

ordered_json StatusEntry(const std::string& version, const std::string& name, bool has_down) {
  return {{"version", version}, {"name", name}, {"has_down", has_down}};
}

ordered_json ModuleName(const Unit& u) {
  return u.module.empty() ? ordered_json(nullptr) : ordered_json(u.module);
}

// The spec's status document; problem lists are added only when there are problems. Grouped by
// module, each document also names its current version (the spec's shape stays exact without
// modules; `migrate current --json` has it there).
ordered_json StatusJson(const Overview& ov, bool with_current) {
  ordered_json applied = ordered_json::array(), pending = ordered_json::array();
  for (const auto* a : ov.applied) {
    const MigrationFile* f = ov.FileFor(a->version);
    applied.push_back(StatusEntry(a->version, f ? f->name : a->name, f && f->has_down));
  }
  for (const auto* f : ov.pending) pending.push_back(StatusEntry(f->version, f->name, f->has_down));
  ordered_json doc;
  doc["applied"] = applied;
  doc["pending"] = pending;
  doc["counts"] = {{"applied", ov.applied.size()},
                   {"pending", ov.pending.size()},
                   {"total", ov.applied.size() + ov.pending.size()}};
  if (with_current) {
    doc["current"] =
        ov.latest_applied.empty() ? ordered_json(nullptr) : ordered_json(ov.latest_applied);
  }
  std::vector<std::string> missing, changed, out_of_order;
  for (const auto* a : ov.missing) missing.push_back(a->version);
  for (const auto& c : ov.changed) changed.push_back(c.file->version);
  for (const auto* f : ov.out_of_order) out_of_order.push_back(f->version);
  if (!missing.empty()) doc["missing_files"] = missing;
  if (!changed.empty()) doc["changed_files"] = changed;
  if (!out_of_order.empty()) doc["out_of_order"] = out_of_order;
  return doc;
}

std::string StatusText(const Overview& ov) {
  std::map<std::string_view, std::string_view> notes;
  for (const auto* a : ov.missing) notes[a->version] = "applied, but the file is missing";
  for (const auto& c : ov.changed) notes[c.file->version] = "applied, but the file changed since";
  for (const auto* f : ov.out_of_order) notes[f->version] = "older than the latest applied";
  auto note = [&notes](std::string_view version) {
    auto it = notes.empty() ? notes.end() : notes.find(version);
    return it == notes.end() ? std::string_view() : it->second;
  };
  struct Row {
    std::string_view state, version, name, note;
  };
  std::vector<Row> rows;
  rows.reserve(ov.applied.size() + ov.pending.size());
  for (const auto* a : ov.applied) {
    const MigrationFile* f = ov.FileFor(a->version);
    rows.push_back({"applied", a->version, f ? f->name : a->name, note(a->version)});
  }
  for (const auto* f : ov.pending)
    rows.push_back({"pending", f->version, f->name, note(f->version)});
  auto by_version = [](const Row& x, const Row& y) { return VersionLess(x.version, y.version); };
  // Applied then pending: already in version order unless something is out of order.
  if (!std::is_sorted(rows.begin(), rows.end(), by_version)) {
    std::stable_sort(rows.begin(), rows.end(), by_version);
  }
  std::vector<std::string_view> cells;
  cells.reserve(rows.size() * 4);
  for (const Row& r : rows) cells.insert(cells.end(), {r.state, r.version, r.name, r.note});
  std::string text =
      rows.empty() ? "No migrations.\n"
                   : output::RenderTableCells({"state", "version", "name", "note"}, cells, false);
  return text + std::to_string(ov.applied.size()) + " applied, " +
         std::to_string(ov.pending.size()) +
         " pending; current version: " + (ov.latest_applied.empty() ? "none" : ov.latest_applied);
}

std::string UnitHeading(const Unit& u) {
  if (u.module.empty()) return "project migrations (" + u.dir + ")";
  return "module " + u.module + " (" + u.dir + (u.schema.empty() ? "" : ", schema " + u.schema) +
         ", tracked in " + u.tracking.QualifiedTable() + ")";
}

}  // namespace

Status RunStatus(app::Session& session, const InfoCommandOptions& o) {
  auto s = Load(session, o.module);
  if (!s.ok()) return s.status();
  DiscardOnReturn discard(session, *s);
  bool grouped = internal::HasModules(session);
  bool json = session.out().json();  // one of the two renderings only: 10,000 rows cost
  ordered_json modules = ordered_json::array();
  std::string text;
  size_t applied = 0, pending = 0;
  for (const UnitState& u : (*s)->states) {
    Overview ov = Compare(u.files, u.applied);
    applied += ov.applied.size();
    pending += ov.pending.size();
    if (!json) {
      if (grouped) text += (text.empty() ? "" : "\n\n") + UnitHeading(*u.unit) + "\n";
      text += StatusText(ov);
      continue;
    }
    ordered_json doc = StatusJson(ov, grouped);
    if (grouped) {
      doc["module"] = ModuleName(*u.unit);
      if (!u.unit->schema.empty()) doc["schema"] = u.unit->schema;
      doc["tracking_table"] = u.unit->tracking.QualifiedTable();
      modules.push_back(std::move(doc));
    } else {
      modules = std::move(doc);
    }
  }
  std::optional<DriftSummary> drift;
  if (o.drift) {
    auto d = o.drift(session);
    if (!d.ok()) return d.status();
    drift = std::move(d).value();
  }
  if (!json) {
    if (drift) text += "\ndrift: " + drift->line;
    session.out().Data(text);
    return Status::Ok();
  }
  ordered_json out = grouped ? ordered_json{{"modules", modules},
                                            {"counts",
                                             {{"applied", applied},
                                              {"pending", pending},
                                              {"total", applied + pending}}}}
                             : modules;
  if (drift) out["drift"] = {{"drifted", drift->drifted}, {"summary", drift->line}};
  session.out().Json(out);
  return Status::Ok();
}

Status RunCurrent(app::Session& session, const InfoCommandOptions& o) {
  auto s = Load(session, o.module);
  if (!s.ok()) return s.status();
  DiscardOnReturn discard(session, *s);
  ordered_json list = ordered_json::array();
  std::vector<std::vector<std::string>> rows;
  for (const UnitState& u : (*s)->states) {
    Overview ov = Compare(u.files, u.applied);
    const MigrationFile* f = ov.FileFor(ov.latest_applied);
    std::string name = f ? f->name : (u.applied.empty() ? "" : u.applied.back().name);
    for (const auto& a : u.applied) {
      if (a.version == ov.latest_applied && !a.name.empty()) name = a.name;
    }
    list.push_back(
        {{"module", ModuleName(*u.unit)},
         {"version",
          ov.latest_applied.empty() ? ordered_json(nullptr) : ordered_json(ov.latest_applied)},
         {"name", ov.latest_applied.empty() ? ordered_json(nullptr) : ordered_json(name)},
         {"pending", ov.pending.size()}});
    std::string label = u.unit->module.empty() ? "" : u.unit->module + ": ";
    rows.push_back({label + (ov.latest_applied.empty() ? "none" : ov.latest_applied + " " + name)});
  }
  if (session.out().json()) {
    session.out().Json({{"current", list}});
  } else {
    std::string text;
    for (const auto& r : rows) text += (text.empty() ? "" : "\n") + r[0];
    session.out().Data(text);
  }
  return Status::Ok();
}

namespace {

std::string FileState(const Overview& ov, const ReplacedRows& squashed, const AppliedMigration& a) {
  if (squashed.superseded.count(a.version) || squashed.adopted.count(a.version)) return "squashed";
  const MigrationFile* f = ov.FileFor(a.version);
  if (!f) return "missing";
  if (a.checksum.empty()) return "unverified";
  return a.checksum == f->checksum ? "ok" : "changed";
}

}  // namespace

Status RunHistory(app::Session& session, const InfoCommandOptions& o) {
  auto s = Load(session, o.module, /*history=*/true);
  if (!s.ok()) return s.status();
  DiscardOnReturn discard(session, *s);
  bool grouped = internal::HasModules(session);
  ordered_json list = ordered_json::array();
  std::vector<std::vector<std::string>> rows;
  for (const UnitState& u : (*s)->states) {
    std::vector<AppliedMigration> live;
    for (const auto& a : u.applied) {
      if (a.rolled_back_at.empty()) live.push_back(a);
    }
    Overview ov = Compare(u.files, live);
    ReplacedRows squashed = ResolveReplaced(u.files, live);
    for (const auto& a : u.applied) {
      std::string ms = a.execution_ms ? std::to_string(*a.execution_ms) : "";
      std::string state = FileState(ov, squashed, a);
      ordered_json e = {
          {"version", a.version},
          {"name", a.name},
          {"applied_at", a.applied_at},
          {"execution_ms", a.execution_ms ? ordered_json(*a.execution_ms) : nullptr},
          {"applied_by", a.applied_by},
          {"checksum", a.checksum},
          {"file", state},
          {"rolled_back_at",
           a.rolled_back_at.empty() ? ordered_json(nullptr) : ordered_json(a.rolled_back_at)}};
      if (grouped) e["module"] = ModuleName(*u.unit);
      list.push_back(std::move(e));
      std::vector<std::string> row = {
          a.version,    a.name,
          a.applied_at, ms,
          a.applied_by, a.rolled_back_at.empty() ? state : "rolled back " + a.rolled_back_at};
      if (grouped) row.insert(row.begin(), u.unit->module.empty() ? "-" : u.unit->module);
      rows.push_back(std::move(row));
    }
  }
  std::vector<std::string> header = {"version", "name", "applied_at", "ms", "applied_by", "file"};
  if (grouped) header.insert(header.begin(), "module");
  if (session.out().json()) {
    session.out().Json({{"history", list}, {"count", list.size()}});
  } else {
    session.out().Data(rows.empty() ? "No migrations applied." : output::RenderTable(header, rows));
  }
  return Status::Ok();
}

Status RunVerify(app::Session& session, const InfoCommandOptions& o) {
  auto s = Load(session, o.module);
  if (!s.ok()) return s.status();
  DiscardOnReturn discard(session, *s);
  std::vector<std::string> problems;
  size_t verified = 0, unverified = 0;
  for (const UnitState& u : (*s)->states) {
    Overview ov = Compare(u.files, u.applied);
    std::string prefix = internal::UnitPrefix(*u.unit);
    for (const auto& c : ov.changed) {
      problems.push_back(c.file->path + ": changed after it was applied (recorded " +
                         c.recorded_checksum + ", now " + c.file->checksum + ")");
    }
    for (const auto* a : ov.missing) {
      problems.push_back(prefix + a->version + " (" + a->name +
                         "): applied, but its file is missing");
    }
    for (const auto* a : ov.unverified) {
      session.out().Warn(prefix + "migration " + a->version +
                         " has no recorded checksum (applied by an "
                         "older pgcrate); it cannot be verified.");
    }
    verified += ov.applied.size() - ov.unverified.size();
    unverified += ov.unverified.size();
  }
  if (!problems.empty()) {
    return Status(Code::kConflict, Plural(problems.size(), "applied migration") +
                                       " changed or vanished since being applied.")
        .WithDetails(base::Join(problems, "\n"))
        .WithHint(
            "applied migrations must not be edited; restore them and put changes in new "
            "migrations.");
  }
  if (session.out().json()) {
    session.out().Json({{"verified", verified}, {"unverified", unverified}});
  } else if (!session.out().mode().quiet) {
    session.out().Data("Verified " + Plural(verified, "applied migration") +
                       ": every file matches its recorded checksum.");
  }
  return Status::Ok();
}

}  // namespace pgcrate::migrate

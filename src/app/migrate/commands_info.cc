// migrate status / history / verify: read-only views of files versus the tracking table.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

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
using nlohmann::ordered_json;

struct Snapshot {
  std::vector<MigrationFile> files;
  std::vector<AppliedMigration> applied;
};

Result<Snapshot> Load(app::Session& session) {
  Snapshot s;
  auto loaded = internal::LoadFilesAndConnect(session, /*with_sql=*/false);
  if (!loaded.ok()) return loaded.status();
  s.files = std::move(loaded->files);
  auto applied = ReadApplied(*loaded->conn);
  if (!applied.ok()) return applied.status();
  s.applied = std::move(applied).value();
  return s;
}

ordered_json StatusEntry(const std::string& version, const std::string& name, bool has_down) {
  return {{"version", version}, {"name", name}, {"has_down", has_down}};
}

// The spec's status document; problem lists are added only when there are problems.
ordered_json StatusJson(const Overview& ov) {
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
  std::vector<std::vector<std::string>> rows;
  std::map<std::string, std::string> notes;
  for (const auto* a : ov.missing) notes[a->version] = "applied, but the file is missing";
  for (const auto& c : ov.changed) notes[c.file->version] = "applied, but the file changed since";
  for (const auto* f : ov.out_of_order) notes[f->version] = "older than the latest applied";
  for (const auto* a : ov.applied) {
    const MigrationFile* f = ov.FileFor(a->version);
    rows.push_back({"applied", a->version, f ? f->name : a->name, notes[a->version]});
  }
  for (const auto* f : ov.pending)
    rows.push_back({"pending", f->version, f->name, notes[f->version]});
  std::sort(rows.begin(), rows.end(), [](const auto& x, const auto& y) { return x[1] < y[1]; });
  std::string text = rows.empty()
                         ? "No migrations.\n"
                         : output::RenderTable({"state", "version", "name", "note"}, rows, false);
  return text + std::to_string(ov.applied.size()) + " applied, " +
         std::to_string(ov.pending.size()) + " pending";
}

}  // namespace

Status RunStatus(app::Session& session) {
  auto s = Load(session);
  if (!s.ok()) return s.status();
  Overview ov = Compare(s->files, s->applied);
  if (session.out().json()) {
    session.out().Json(StatusJson(ov));
  } else {
    session.out().Data(StatusText(ov));
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

Status RunHistory(app::Session& session) {
  auto s = Load(session);
  if (!s.ok()) return s.status();
  Overview ov = Compare(s->files, s->applied);
  ReplacedRows squashed = ResolveReplaced(s->files, s->applied);
  ordered_json list = ordered_json::array();
  std::vector<std::vector<std::string>> rows;
  for (const auto& a : s->applied) {
    std::string ms = a.execution_ms ? std::to_string(*a.execution_ms) : "";
    std::string state = FileState(ov, squashed, a);
    list.push_back({{"version", a.version},
                    {"name", a.name},
                    {"applied_at", a.applied_at},
                    {"execution_ms", a.execution_ms ? ordered_json(*a.execution_ms) : nullptr},
                    {"applied_by", a.applied_by},
                    {"checksum", a.checksum},
                    {"file", state}});
    rows.push_back({a.version, a.name, a.applied_at, ms, a.applied_by, state});
  }
  if (session.out().json()) {
    session.out().Json({{"history", list}, {"count", list.size()}});
  } else {
    session.out().Data(
        rows.empty() ? "No migrations applied."
                     : output::RenderTable(
                           {"version", "name", "applied_at", "ms", "applied_by", "file"}, rows));
  }
  return Status::Ok();
}

Status RunVerify(app::Session& session) {
  auto s = Load(session);
  if (!s.ok()) return s.status();
  Overview ov = Compare(s->files, s->applied);
  std::vector<std::string> problems;
  for (const auto& c : ov.changed) {
    problems.push_back(c.file->path + ": changed after it was applied (recorded " +
                       c.recorded_checksum + ", now " + c.file->checksum + ")");
  }
  for (const auto* a : ov.missing) {
    problems.push_back(a->version + " (" + a->name + "): applied, but its file is missing");
  }
  for (const auto* a : ov.unverified) {
    session.out().Warn("migration " + a->version +
                       " has no recorded checksum (applied by an "
                       "older pgcrate); it cannot be verified.");
  }
  if (!problems.empty()) {
    return Status(Code::kConflict, Plural(problems.size(), "applied migration") +
                                       " changed or vanished since being applied.")
        .WithDetails(base::Join(problems, "\n"))
        .WithHint(
            "applied migrations must not be edited; restore them and put changes in new "
            "migrations.");
  }
  size_t verified = ov.applied.size() - ov.unverified.size();
  if (session.out().json()) {
    session.out().Json({{"verified", verified}, {"unverified", ov.unverified.size()}});
  } else if (!session.out().mode().quiet) {
    session.out().Data("Verified " + Plural(verified, "applied migration") +
                       ": every file matches its recorded checksum.");
  }
  return Status::Ok();
}

}  // namespace pgcrate::migrate

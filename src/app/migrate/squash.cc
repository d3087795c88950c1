// `pgcrate migrate squash`: the range, the refusals (not applied on the target, changed, data
// statements), then the file built and verified (squash_build.cc) and swapped in
// (squash_files.cc), and the answer as text or JSON.
#include "app/migrate/squash.h"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "app/migrate/commands_internal.h"
#include "app/migrate/squash_internal.h"
#include "app/migration_units.h"
#include "base/files.h"
#include "base/strings.h"
#include "migrate/overview.h"
#include "migrate/store.h"
#include "sql/parser.h"

namespace pgcrate::migrate {
namespace {

using nlohmann::ordered_json;

struct Range {
  size_t begin = 0, end = 0;  // [begin, end) of the files
};

Result<size_t> IndexOf(const std::vector<MigrationFile>& files, const std::string& version,
                       const char* flag) {
  for (size_t i = 0; i < files.size(); ++i) {
    if (files[i].version == version) return i;
  }
  return Status(Code::kNotFound,
                std::string(flag) + " " + version + ": no migration file has this version.")
      .WithHint("`pgcrate migrate status` lists the versions.");
}

Result<Range> SelectRange(const std::vector<MigrationFile>& files, const SquashCommandOptions& o) {
  Range r{0, files.size()};
  if (!o.from.empty()) {
    auto i = IndexOf(files, o.from, "--from");
    if (!i.ok()) return i.status();
    r.begin = *i;
  }
  if (!o.to.empty()) {
    auto i = IndexOf(files, o.to, "--to");
    if (!i.ok()) return i.status();
    r.end = *i + 1;
  }
  if (r.end <= r.begin)
    return Status(Code::kUsage, "--from " + o.from + " comes after --to " + o.to + ".");
  if (r.end - r.begin < 2) {
    return Status(Code::kUsage, "the range holds " + std::to_string(r.end - r.begin) +
                                    " migration(s); squash needs at least two.")
        .WithHint("widen it with --from/--to (default: every migration).");
  }
  return r;
}

bool IsDataStatement(const std::string& node_type) {
  return node_type == "InsertStmt" || node_type == "UpdateStmt" || node_type == "DeleteStmt" ||
         node_type == "CopyStmt" || node_type == "MergeStmt";
}

bool IsOpaqueStatement(const std::string& node_type) {
  return node_type == "DoStmt" || node_type == "CallStmt";
}

// A file of the range that changes rows: the squashed file (schema only) would lose it. DO
// blocks and CALLs may too, which pgcrate cannot see: they are warned about.
Status CheckNoData(const output::Output& out, const std::vector<MigrationFile>& range) {
  for (const MigrationFile& f : range) {
    auto statements = sql::ParseScript(f.up_sql, f.path);
    if (!statements.ok()) return statements.status();
    for (const sql::Statement& s : *statements) {
      int line = f.up_line + s.line - 1;
      if (IsOpaqueStatement(s.node_type)) {
        out.Warn(f.path + ":" + std::to_string(line) + ": " + s.node_type +
                 ": the squashed file keeps the schema it creates, not what it does to rows.");
      }
      if (!IsDataStatement(s.node_type)) continue;
      return Status(Code::kRefused, "migration " + f.file_name + " changes data (" + s.node_type +
                                        "), which a squashed file generated from the schema "
                                        "cannot carry; nothing was changed.")
          .WithLocation({f.path, line, s.column})
          .WithHint(
              "squash a range that ends before it (--to), or move the rows to seed files "
              "(`pgcrate seed`).");
    }
  }
  return Status::Ok();
}

// Every file of the range must be applied, unchanged, on the target database.
Status CheckApplied(const std::vector<MigrationFile>& files,
                    const std::vector<AppliedMigration>& applied, const Range& r) {
  Overview ov = Compare(files, applied);
  std::vector<std::string> pending, changed;
  for (const MigrationFile* f : ov.pending) {
    size_t i = static_cast<size_t>(f - files.data());
    if (i >= r.begin && i < r.end) pending.push_back(f->file_name);
  }
  for (const ChangedFile& c : ov.changed) {
    size_t i = static_cast<size_t>(c.file - files.data());
    if (i >= r.begin && i < r.end) changed.push_back(c.file->file_name);
  }
  if (!pending.empty()) {
    return Status(Code::kConflict, internal::Plural(pending.size(), "migration") +
                                       " of the range " + (pending.size() == 1 ? "is" : "are") +
                                       " not applied on the target database; only migrations it "
                                       "has applied can be squashed, so nothing was changed.")
        .WithDetails(base::Join(pending, "\n"))
        .WithHint("apply them first (`pgcrate migrate up`), or end the range before them (--to).");
  }
  if (!changed.empty()) {
    return Status(Code::kConflict, internal::Plural(changed.size(), "migration") +
                                       " of the range changed since the target database applied "
                                       "them; nothing was changed.")
        .WithDetails(base::Join(changed, "\n"))
        .WithHint("restore the applied files (`pgcrate migrate verify` lists them) first.");
  }
  return Status::Ok();
}

void Report(const output::Output& out, const squash::Squashed& s, const std::string& path,
            const std::vector<std::string>& removed, bool dry_run) {
  if (out.json()) {
    ordered_json summary = ordered_json::object();
    for (const auto& [kind, n] : s.summary) summary[kind] = n;
    ordered_json doc = {
        {"dry_run", dry_run},
        {"path", path},
        {"replaces", s.replaces},
        {"removed", removed},
        {"count", removed.size()},
        {"has_down", s.has_down},
        {"down_note", s.down_note.empty() ? ordered_json() : ordered_json(s.down_note)},
        {"shadow", s.shadow_where},
        {"summary", summary},
        {"literal_schema_lines", s.literal_schema_lines}};
    if (dry_run) doc["content"] = s.content;
    out.Json(doc);
    return;
  }
  if (!s.dump_unavailable.empty()) {
    out.Warn("checked against pgcrate's catalog only, not pg_dump (" + s.dump_unavailable +
             "): objects the catalog does not model (rules, publications, ...) are not compared.");
  }
  if (!s.down_note.empty()) out.Warn("the squashed file has no down section: " + s.down_note + ".");
  for (int line : s.literal_schema_lines) {
    out.Warn(path + ":" + std::to_string(line) +
             ": a string or function body names the module's schema literally; the other "
             "schemas sharing this directory would get it as written (use {{schema}} there).");
  }
  if (dry_run) {
    out.Info("dry run: nothing written; " + path + " would replace " +
             internal::Plural(removed.size(), "migration") + ":");
    out.Data(s.content);
    return;
  }
  std::string text = "Squashed " + internal::Plural(removed.size(), "migration") + " into " + path;
  for (const std::string& r : removed) text += "\n  removed " + r;
  out.Data(text);
}

}  // namespace

Status RunSquash(app::Session& session, const SquashCommandOptions& o) {
  if (SanitizeName(o.name).empty()) {
    return Status(Code::kUsage, "the migration name '" + o.name + "' has no letters or digits.")
        .WithHint("e.g. `pgcrate migrate squash initial_schema`.");
  }
  if (!o.module.empty()) PGCRATE_RETURN_IF_ERROR(app::SelectUnits(session, o.module).status());
  auto units = app::SelectUnits(session, "");
  if (!units.ok()) return units.status();
  size_t k = 0;
  while (k < units->size() && (*units)[k].module != o.module) ++k;
  if (k == units->size()) {
    return Status(Code::kUsage, "the project's migrations directory " +
                                    internal::MigrationsDir(session) + " does not exist.")
        .WithHint("name the module to squash with --module NAME.");
  }
  const app::Unit& unit = (*units)[k];
  // Every unit before this one runs first in the shadow databases (a module may build on the
  // project's tables); the ones after it cannot matter.
  units->resize(k + 1);
  auto loaded = app::LoadUnitsAndConnect(session, *units);
  if (!loaded.ok()) return loaded.status();
  const std::vector<MigrationFile>& files = loaded->files[k];
  auto r = SelectRange(files, o);
  if (!r.ok()) return r.status();
  auto first = files.begin() + static_cast<std::ptrdiff_t>(r->begin);
  auto last = files.begin() + static_cast<std::ptrdiff_t>(r->end);
  squash::SquashInput in;
  for (size_t i = 0; i < k; ++i) in.before.push_back({(*units)[i].module, loaded->files[i]});
  in.before.push_back({unit.module, {files.begin(), first}});
  in.range = {unit.module, {first, last}};
  in.discover = unit.discover;
  PGCRATE_RETURN_IF_ERROR(CheckNoData(session.out(), in.range.files));
  auto applied = ReadApplied(*loaded->conn, unit.tracking);
  if (!applied.ok()) return applied.status();
  PGCRATE_RETURN_IF_ERROR(CheckApplied(files, *applied, *r));
  auto s = squash::BuildSquashed(session, in, o.name);
  if (!s.ok()) return s.status();
  std::vector<std::string> removed;
  for (const MigrationFile& f : in.range.files) removed.push_back(f.path);
  if (!o.dry_run)
    PGCRATE_RETURN_IF_ERROR(squash::SwapFiles(unit.dir, s->file_name, s->content, removed));
  Report(session.out(), *s, base::JoinPath(unit.dir, s->file_name), removed, o.dry_run);
  return Status::Ok();
}

}  // namespace pgcrate::migrate

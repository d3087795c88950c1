#include "app/seed/seed_command.h"

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "base/process.h"
#include "base/strings.h"
#include "output/output.h"
#include "seed/diff.h"
#include "seed/project.h"
#include "seed/run.h"
#include "seed/targets.h"
#include "seed/validate.h"

namespace pgcrate::app {
namespace {

using Json = nlohmann::ordered_json;

Result<std::vector<seed::Seed>> FindSeeds(Session& session, const std::vector<std::string>& names) {
  PGCRATE_RETURN_IF_ERROR(session.LoadConfig());
  auto all = seed::DiscoverSeeds(session.ProjectPath(session.config().paths.seeds));
  if (!all.ok()) return all.status();
  return seed::SelectSeeds(*all, names);
}

std::string Size(int64_t bytes) {
  char buf[32];
  if (bytes < 1024) return std::to_string(bytes) + " B";
  if (bytes < int64_t{1024} * 1024) {
    std::snprintf(buf, sizeof buf, "%.1f kB", static_cast<double>(bytes) / 1024.0);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  }
  return buf;
}

Json Nullable(int64_t v) { return v < 0 ? Json() : Json(v); }

// The live progress line of a load on a terminal (stderr): seed, rows, MB/s, percent.
class LoadProgressLine {
 public:
  explicit LoadProgressLine(const output::Output& out)
      : live_(base::IsTty(2) && !out.mode().quiet && !out.mode().json) {}
  ~LoadProgressLine() { Clear(); }
  LoadProgressLine(const LoadProgressLine&) = delete;
  LoadProgressLine& operator=(const LoadProgressLine&) = delete;

  void Update(const seed::LoadProgress& p) {
    if (!live_) return;
    auto now = std::chrono::steady_clock::now();
    if (p.seed != seed_) {
      seed_ = p.seed;
      started_ = now;
    } else if (now - last_ < std::chrono::milliseconds(100)) {
      return;
    }
    last_ = now;
    double secs = std::chrono::duration<double>(now - started_).count();
    char line[256];
    std::snprintf(line, sizeof line, "\r\033[K%s  %lld rows  %.1f MB/s  %d%%", seed_.c_str(),
                  static_cast<long long>(p.rows),
                  secs > 0 ? static_cast<double>(p.bytes) / 1e6 / secs : 0.0,
                  p.total_bytes > 0 ? static_cast<int>(100 * p.bytes / p.total_bytes) : 0);
    std::fputs(line, stderr);
    std::fflush(stderr);
    drawn_ = true;
  }
  void Clear() {
    if (drawn_) std::fputs("\r\033[K", stderr);
    drawn_ = false;
  }

 private:
  bool live_;
  bool drawn_ = false;
  std::string seed_;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_;
};

void PrintRun(const Session& session, const seed::RunResult& r) {
  if (session.out().json()) {
    Json seeds = Json::array();
    for (const seed::LoadedSeed& s : r.seeds) {
      seeds.push_back({{"name", s.name},
                       {"kind", s.kind},
                       {"path", s.path},
                       {"target", s.target},
                       {"columns", s.columns},
                       {"rows", Nullable(s.rows)},
                       {"bytes", s.bytes},
                       {"elapsed_ms", s.elapsed_ms}});
    }
    session.out().Json({{"dry_run", r.dry_run},
                        {"truncate", r.truncate_sql.empty() ? Json() : Json(r.truncate_sql)},
                        {"triggers_disabled", r.triggers_disabled},
                        {"seeds", seeds},
                        {"sequences_moved", r.sequences_moved},
                        {"rows", r.rows},
                        {"elapsed_ms", r.elapsed_ms}});
    return;
  }
  std::string text;
  if (!r.truncate_sql.empty())
    text += std::string(r.dry_run ? "would run: " : "ran: ") + r.truncate_sql + "\n";
  if (!r.triggers_disabled.empty()) {
    text += r.dry_run ? "would disable triggers during the load on: "
                      : "disabled triggers during the load (enabled again before commit) on: ";
    for (size_t i = 0; i < r.triggers_disabled.size(); ++i) {
      text += (i ? ", " : "") + r.triggers_disabled[i];
    }
    text += "\n";
  }
  for (const seed::LoadedSeed& s : r.seeds) {
    std::string rows = s.rows < 0 ? "SQL" : std::to_string(s.rows) + " rows";
    text += std::string(r.dry_run ? "would load " : "loaded ") + s.target + " from " + s.path +
            " (" + rows +
            (r.dry_run ? "" : ", " + std::to_string(static_cast<int64_t>(s.elapsed_ms)) + " ms") +
            ")\n";
  }
  char total[128];
  std::snprintf(total, sizeof total, "%s %zu seed(s), %lld rows%s\n",
                r.dry_run ? "Dry run: nothing changed;" : "Seeded", r.seeds.size(),
                static_cast<long long>(r.rows), r.dry_run ? " in the files" : "");
  session.out().Data(text + total);
}

}  // namespace

Status RunSeedList(Session& session) {
  auto seeds = FindSeeds(session, {});
  if (!seeds.ok()) return seeds.status();
  std::vector<std::pair<std::string, std::string>> names;
  for (const seed::Seed& s : *seeds) names.emplace_back(s.schema, s.table);
  std::vector<seed::Target> targets;
  std::vector<int64_t> counts(seeds->size(), -1);
  std::string db_error;
  auto conn = session.Connect();
  if (conn.ok() && !seeds->empty()) {
    auto t = seed::LoadTargets(**conn, names);
    if (!t.ok()) return t.status();
    targets = std::move(t->tables);
    auto c = seed::CountRows(**conn, targets);
    if (!c.ok()) return c.status();
    counts = std::move(*c);
  } else if (!conn.ok()) {
    db_error = conn.status().message();
    session.out().Warn("cannot read the database (" + db_error + "); listing the files only");
  }
  if (session.out().json()) {
    Json list = Json::array();
    for (size_t i = 0; i < seeds->size(); ++i) {
      const seed::Seed& s = (*seeds)[i];
      list.push_back({{"name", s.name},
                      {"kind", seed::KindName(s.kind)},
                      {"path", s.path},
                      {"target", s.schema + "." + s.table},
                      {"bytes", s.size},
                      {"sidecar", s.sidecar ? Json(s.sidecar->path) : Json()},
                      {"exists", targets.empty() ? Json() : Json(targets[i].exists)},
                      {"rows", Nullable(counts[i])}});
    }
    session.out().Json(
        {{"seeds", list}, {"database_error", db_error.empty() ? Json() : Json(db_error)}});
    return Status::Ok();
  }
  if (seeds->empty()) {
    session.out().Data("No seeds in " + session.config().paths.seeds +
                       "/ (add <schema>/<table>.csv).\n");
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < seeds->size(); ++i) {
    const seed::Seed& s = (*seeds)[i];
    std::string exists = targets.empty() ? "?" : targets[i].exists ? "yes" : "no";
    rows.push_back({s.name, std::string(seed::KindName(s.kind)), s.schema + "." + s.table,
                    Size(s.size), counts[i] < 0 ? "" : std::to_string(counts[i]), exists});
  }
  session.out().Data(
      output::RenderTable({"seed", "kind", "target", "size", "rows now", "target exists"}, rows));
  return Status::Ok();
}

Status RunSeedRun(Session& session, const SeedRunOptions& options) {
  auto seeds = FindSeeds(session, options.names);
  if (!seeds.ok()) return seeds.status();
  if (seeds->empty()) {
    return Status(Code::kNotFound, "no seeds in " + session.config().paths.seeds +
                                       "/ (seed files are <schema>/<table>.csv|.json|.sql)");
  }
  if (!options.dry_run) {
    PGCRATE_RETURN_IF_ERROR(session.CheckProductionGate(true, options.yes, "seed run"));
  }
  auto conn = session.Connect();
  if (!conn.ok()) return conn.status();
  LoadProgressLine line(session.out());
  seed::RunOptions o;
  o.dry_run = options.dry_run;
  o.progress = [&line](const seed::LoadProgress& p) { line.Update(p); };
  auto result = seed::RunSeeds(**conn, *seeds, o);
  line.Clear();
  if (!result.ok()) return result.status();
  PrintRun(session, *result);
  return Status::Ok();
}

namespace {

Json ValidateJson(const seed::ValidateResult& r) {
  Json seeds = Json::array();
  for (const seed::ValidatedSeed& s : r.seeds) {
    Json cols = Json::array();
    for (const seed::ValidatedColumn& c : s.columns) {
      cols.push_back(
          {{"name", c.name}, {"type", c.type}, {"source", c.source}, {"nulls", c.nulls}});
    }
    Json errors = Json::array();
    for (const Status& e : s.errors) {
      errors.push_back({{"file", e.location().file},
                        {"line", e.location().line},
                        {"column", e.location().column},
                        {"message", e.message()}});
    }
    seeds.push_back({{"name", s.name},
                     {"kind", s.kind},
                     {"path", s.path},
                     {"rows", s.rows},
                     {"primary_key", s.primary_key},
                     {"columns", cols},
                     {"errors", errors},
                     {"error_count", s.error_count}});
  }
  return {{"valid", r.errors == 0},
          {"errors", r.errors},
          {"used_database", r.used_database},
          {"seeds", seeds}};
}

std::string ValidateText(const seed::ValidateResult& r) {
  std::string text;
  for (const seed::ValidatedSeed& s : r.seeds) {
    for (const Status& e : s.errors) text += e.ToString() + "\n";
    if (s.error_count > static_cast<int64_t>(s.errors.size())) {
      text += s.path + ": ... and " +
              std::to_string(s.error_count - static_cast<int64_t>(s.errors.size())) +
              " more error(s)\n";
    }
  }
  std::vector<std::vector<std::string>> rows;
  for (const seed::ValidatedSeed& s : r.seeds) {
    std::string cols;
    for (const seed::ValidatedColumn& c : s.columns) {
      cols += (cols.empty() ? "" : ", ") + c.name + " " + c.type +
              (c.source == "inferred" ? "" : " (" + c.source + ")");
    }
    rows.push_back({s.name, s.kind, s.kind == "sql" ? "" : std::to_string(s.rows),
                    s.error_count == 0 ? "ok" : std::to_string(s.error_count) + " error(s)", cols});
  }
  text += output::RenderTable({"seed", "kind", "rows", "result", "columns"}, rows, false);
  text += r.errors == 0 ? "All " + std::to_string(r.seeds.size()) + " seed(s) are valid" +
                              (r.used_database ? " against the database" : " (offline)") + ".\n"
                        : std::to_string(r.errors) + " error(s).\n";
  return text;
}

Json DiffJson(const seed::DiffResult& r) {
  Json seeds = Json::array();
  for (const seed::SeedDiff& d : r.seeds) {
    seeds.push_back({{"name", d.name},
                     {"kind", d.kind},
                     {"path", d.path},
                     {"target", d.target},
                     {"skipped", d.skipped.empty() ? Json() : Json(d.skipped)},
                     {"key", d.key},
                     {"key_source", d.key_source},
                     {"file_rows", d.file_rows},
                     {"table_rows", d.table_rows},
                     {"only_in_file", d.only_in_file},
                     {"only_in_table", d.only_in_table},
                     {"changed", d.changed},
                     {"changed_columns", d.changed_columns},
                     {"examples",
                      {{"only_in_file", d.examples_only_in_file},
                       {"only_in_table", d.examples_only_in_table},
                       {"changed", d.examples_changed}}}});
  }
  return {{"identical", r.identical}, {"seeds", seeds}};
}

std::string DiffText(const seed::DiffResult& r) {
  std::string text;
  for (const seed::SeedDiff& d : r.seeds) {
    if (!d.skipped.empty()) {
      text += d.name + ": skipped (" + d.skipped + ")\n";
      continue;
    }
    std::string key = d.key.empty() ? "whole rows" : "key (" + base::Join(d.key, ", ") + ")";
    if (!d.differs()) {
      text += d.name + ": identical (" + std::to_string(d.file_rows) + " rows, by " + key + ")\n";
      continue;
    }
    text += d.name + ": " + std::to_string(d.only_in_file) + " only in the file, " +
            std::to_string(d.only_in_table) + " only in the table, " + std::to_string(d.changed) +
            " changed (by " + key + ")\n";
    for (const auto& [col, n] : d.changed_columns) {
      text += "  column " + col + " differs in " + std::to_string(n) + " row(s)\n";
    }
    for (const std::string& e : d.examples_only_in_file) text += "  + " + e + "\n";
    for (const std::string& e : d.examples_only_in_table) text += "  - " + e + "\n";
    for (const std::string& e : d.examples_changed) text += "  ~ " + e + "\n";
  }
  text += r.identical ? "The tables match their seeds.\n" : "The tables differ from their seeds.\n";
  return text;
}

}  // namespace

Status RunSeedValidate(Session& session, const SeedValidateOptions& options, bool& valid) {
  auto seeds = FindSeeds(session, options.names);
  if (!seeds.ok()) return seeds.status();
  std::vector<seed::Target> targets;
  bool use_db = false;
  if (!options.offline && !seeds->empty()) {
    auto conn = session.Connect();
    if (conn.ok()) {
      std::vector<std::pair<std::string, std::string>> names;
      for (const seed::Seed& s : *seeds) names.emplace_back(s.schema, s.table);
      auto t = seed::LoadTargets(**conn, names);
      if (!t.ok()) return t.status();
      targets = std::move(t->tables);
      use_db = true;
    } else {
      session.out().Warn("cannot reach the database (" + conn.status().message() +
                         "); validating offline");
    }
  }
  seed::ValidateResult r = seed::ValidateSeeds(*seeds, use_db ? &targets : nullptr, {});
  valid = r.errors == 0;
  if (session.out().json()) {
    session.out().Json(ValidateJson(r));
  } else {
    session.out().Data(ValidateText(r));
  }
  return Status::Ok();
}

Status RunSeedDiff(Session& session, const SeedDiffOptions& options, bool& identical) {
  auto seeds = FindSeeds(session, options.names);
  if (!seeds.ok()) return seeds.status();
  auto conn = session.Connect();
  if (!conn.ok()) return conn.status();
  auto r = seed::DiffSeeds(**conn, *seeds, {});
  if (!r.ok()) return r.status();
  identical = r->identical;
  if (session.out().json()) {
    session.out().Json(DiffJson(*r));
  } else {
    session.out().Data(DiffText(*r));
  }
  return Status::Ok();
}

}  // namespace pgcrate::app

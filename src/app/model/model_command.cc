#include "app/model/model_command.h"

#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>

#include "app/model/model_common.h"
#include "base/files.h"
#include "model/compile.h"
#include "model/runner.h"
#include "model/status.h"
#include "output/output.h"

namespace pgcrate::app {
namespace {

using Json = nlohmann::ordered_json;

std::string Ms(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, ms < 1000 ? "%.0f ms" : "%.1f s", ms < 1000 ? ms : ms / 1000);
  return buf;
}

Json RunJson(const model::RunSummary& s) {
  Json models = Json::array();
  for (const model::ModelRun& r : s.models) {
    Json m = {{"id", r.id},
              {"materialized", r.materialized},
              {"status", r.status.empty() ? "skipped" : r.status},
              {"action", r.action},
              {"rows", r.rows < 0 ? Json() : Json(r.rows)},
              {"elapsed_ms", r.elapsed_ms}};
    if (r.status == "error") m["error"] = output::ErrorJson(r.error)["error"];
    models.push_back(m);
  }
  return {{"succeeded", s.succeeded},     {"failed", s.failed},         {"skipped", s.skipped},
          {"interrupted", s.interrupted}, {"elapsed_ms", s.elapsed_ms}, {"models", models}};
}

std::string RunText(const model::RunSummary& s) {
  std::vector<std::vector<std::string>> rows;
  std::string errors;
  for (const model::ModelRun& r : s.models) {
    std::string status = r.status.empty() ? "not started" : r.status;
    rows.push_back({r.id, r.materialized, r.rows < 0 ? "" : std::to_string(r.rows),
                    r.status == "success" || r.status == "error" ? Ms(r.elapsed_ms) : "",
                    status + (r.action.empty() ? "" : ": " + r.action)});
    if (r.status == "error") {
      errors += "error: " + r.error.ToString() + "\n" + output::StatusExtras(r.error);
    }
  }
  std::string text =
      output::RenderTable({"model", "materialized", "rows", "time", "status"}, rows, false);
  text += errors;
  char total[160];
  std::snprintf(total, sizeof total, "%d succeeded, %d failed, %d skipped in %s%s\n", s.succeeded,
                s.failed, s.skipped, Ms(s.elapsed_ms).c_str(),
                s.interrupted ? " (interrupted)" : "");
  return text + total;
}

// The server version for MERGE vs ON CONFLICT when a database is reachable, else 0.
int ServerVersion(Session& session) {
  auto conn = session.Connect();
  return conn.ok() ? (*conn)->server_version() : 0;
}

Status DryRun(Session& session, const model::Graph& g, const std::vector<size_t>& selected) {
  int version = ServerVersion(session);
  if (session.out().json()) {
    Json list = Json::array();
    for (size_t i : selected) {
      const model::Model& m = g.models()[i];
      list.push_back({{"id", m.Id()},
                      {"materialized", model::MaterializedName(m.materialized)},
                      {"sql", model::CompiledText(m, version)}});
    }
    session.out().Json({{"dry_run", true}, {"models", list}});
    return Status::Ok();
  }
  std::string text;
  for (size_t i : selected) text += model::CompiledText(g.models()[i], version) + "\n";
  session.out().Data(text + std::to_string(selected.size()) + " model(s); nothing was run.\n");
  return Status::Ok();
}

}  // namespace

Status RunModelRun(Session& session, const ModelRunOptions& o, bool& failed) {
  auto dir = RequireModelsDir(session, o.init);
  if (!dir.ok()) return dir.status();
  // The first connection opens while the project is read (a dry run needs none of its own).
  Result<std::unique_ptr<pg::Connection>> first = Status(Code::kInternal, "not connected");
  auto graph = o.dry_run ? LoadGraph(session)
                         : LoadGraphWhile(session, [&] { first = session.OpenConnection(); });
  if (!graph.ok()) return graph.status();
  auto selected = graph->Select(o.selectors);
  if (!selected.ok()) return selected.status();
  if (selected->empty()) {
    if (session.out().json()) {
      session.out().Json(RunJson(model::RunSummary{}));
    } else {
      session.out().Data("No models in " + *dir + "/ (add <schema>/<name>.sql).\n");
    }
    return Status::Ok();
  }
  if (o.dry_run) return DryRun(session, *graph, *selected);
  PGCRATE_RETURN_IF_ERROR(session.CheckProductionGate(true, o.yes, "model run"));
  model::RunOptions ro;
  ro.threads = o.threads;
  ro.full_refresh = o.full_refresh;
  ro.sources = session.config().model_sources;
  PGCRATE_RETURN_IF_ERROR(first.status());
  std::mutex first_taken;
  ro.connect = [&session, &first, &first_taken]() -> Result<std::unique_ptr<pg::Connection>> {
    {
      std::lock_guard<std::mutex> lock(first_taken);
      if (first.ok() && first.value() != nullptr) return std::move(first).value();
    }
    return session.OpenConnection();
  };
  const output::Output& out = session.out();
  ro.on_done = [&out](const model::ModelRun& r) {
    out.Info(r.status + " " + r.id + (r.action.empty() ? "" : " (" + r.action + ")"));
  };
  auto summary = model::RunModels(*graph, *selected, ro);
  if (!summary.ok()) return summary.status();
  failed = summary->failed > 0 || summary->skipped > 0 || summary->interrupted;
  if (session.out().json()) {
    session.out().Json(RunJson(*summary));
  } else {
    session.out().Data(RunText(*summary));
  }
  return Status::Ok();
}

Status RunModelCompile(Session& session, bool init) {
  auto models_dir = RequireModelsDir(session, init);
  if (!models_dir.ok()) return models_dir.status();
  auto graph = LoadGraph(session);
  if (!graph.ok()) return graph.status();
  int version = ServerVersion(session);
  std::string root = session.ProjectPath("target/compiled");
  Json written = Json::array();
  for (const model::Model& m : graph->models()) {
    std::string dir = base::JoinPath(root, m.schema);
    PGCRATE_RETURN_IF_ERROR(base::MakeDirs(dir));
    std::string path = base::JoinPath(dir, m.name + ".sql");
    std::string text = model::CompiledText(m, version);
    auto existing = base::ReadBytes(path);
    // Rewriting an unchanged file costs more than reading it (and touches its mtime).
    if (!existing.ok() || *existing != text) {
      PGCRATE_RETURN_IF_ERROR(base::WriteFile(path, text, true));
    }
    written.push_back(path);
  }
  if (session.out().json()) {
    session.out().Json({{"compiled", written}});
  } else {
    session.out().Data("compiled " + std::to_string(written.size()) + " model(s) to " + root +
                       "\n");
  }
  return Status::Ok();
}

Status RunModelShow(Session& session, const std::string& id) {
  auto graph = LoadGraph(session);
  if (!graph.ok()) return graph.status();
  auto selected = graph->Select({id});
  if (!selected.ok()) return selected.status();
  const model::Model& m = graph->models()[selected->front()];
  int version = ServerVersion(session);
  std::string compiled = model::CompiledText(m, version);
  if (!session.out().json()) {
    session.out().Data(compiled);
    return Status::Ok();
  }
  Json tests = Json::array();
  for (const model::ModelTest& t : m.tests) tests.push_back(t.Name());
  Json doc = {{"id", m.Id()},
              {"path", m.path},
              {"materialized", model::MaterializedName(m.materialized)},
              {"deps", m.deps},
              {"unique_key", m.unique_key},
              {"tags", m.tags},
              {"tests", tests},
              {"description", m.description},
              {"sql", model::BuildSelect(m)},
              {"compiled", compiled}};
  if (m.materialized == model::Materialized::kIncremental) {
    doc["incremental_sql"] = model::IncrementalSelect(m);
    doc["upsert_kind"] = version >= 170000 ? "merge" : "on_conflict";
  }
  session.out().Json(doc);
  return Status::Ok();
}

Status RunModelStatus(Session& session) {
  auto loaded = LoadGraphAndConnect(session);
  if (!loaded.ok()) return loaded.status();
  auto statuses = model::ModelStatuses(*loaded->conn, loaded->graph);
  if (!statuses.ok()) return statuses.status();
  if (session.out().json()) {
    Json list = Json::array();
    for (const model::ModelStatus& s : *statuses) {
      list.push_back({{"id", s.id},
                      {"path", s.path.empty() ? Json() : Json(s.path)},
                      {"materialized", s.materialized},
                      {"status", s.status},
                      {"detail", s.detail},
                      {"last_run_at", s.last_run_at.empty() ? Json() : Json(s.last_run_at)},
                      {"rows", s.rows < 0 ? Json() : Json(s.rows)}});
    }
    session.out().Json({{"models", list}});
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows;
  for (const model::ModelStatus& s : *statuses) {
    rows.push_back({s.id, s.materialized, s.status, s.detail, s.last_run_at});
  }
  session.out().Data(
      output::RenderTable({"model", "materialized", "status", "detail", "last run"}, rows));
  return Status::Ok();
}

}  // namespace pgcrate::app

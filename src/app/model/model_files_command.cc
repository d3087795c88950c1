// The model commands that work on the files: graph, lint deps, new, init, move.
#include <cstdio>
#include <future>
#include <memory>
#include <nlohmann/json.hpp>

#include "app/graphviz.h"
#include "app/model/model_command.h"
#include "app/model/model_common.h"
#include "base/files.h"
#include "base/strings.h"
#include "model/model.h"
#include "model/relations.h"
#include "model/store.h"
#include "output/output.h"
#include "sql/quote.h"

namespace pgcrate::app {
namespace {

using Json = nlohmann::ordered_json;

Result<std::pair<std::string, std::string>> SplitId(const std::string& id) {
  size_t dot = id.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == id.size() ||
      id.find('.', dot + 1) != std::string::npos || id.find('/') != std::string::npos) {
    return Status(Code::kUsage,
                  "a model is named schema.name (e.g. analytics.user_stats), got " + id);
  }
  return std::make_pair(id.substr(0, dot), id.substr(dot + 1));
}

std::string ModelsDir(Session& session) {
  return session.ProjectPath(session.config().paths.models);
}

Json GraphJson(const model::Graph& g, const std::vector<size_t>& subset) {
  Json models = Json::array();
  auto layers = g.Layers();
  std::vector<int> layer_of(g.models().size(), 0);
  for (size_t l = 0; l < layers.size(); ++l) {
    for (size_t i : layers[l]) layer_of[i] = static_cast<int>(l);
  }
  for (size_t i : subset) {
    const model::Model& m = g.models()[i];
    Json deps = Json::array();
    for (size_t u : g.upstream(i)) deps.push_back(g.models()[u].Id());
    Json reads = Json::array();
    for (const model::Relation& r : m.reads) reads.push_back(r.Qualified());
    models.push_back({{"id", m.Id()},
                      {"materialized", model::MaterializedName(m.materialized)},
                      {"layer", layer_of[i]},
                      {"deps", deps},
                      {"reads", reads},
                      {"tags", m.tags}});
  }
  return {{"models", models}};
}

}  // namespace

Result<model::Graph> LoadGraph(Session& session) {
  PGCRATE_RETURN_IF_ERROR(session.LoadConfig());
  auto models = model::DiscoverModels(ModelsDir(session));
  if (!models.ok()) return models.status();
  return model::Graph::Build(std::move(*models));
}

Result<model::Graph> LoadGraphWhile(Session& session, const std::function<void()>& meanwhile) {
  PGCRATE_RETURN_IF_ERROR(session.LoadConfig());
  auto loading = std::async(std::launch::async, [dir = ModelsDir(session)] {
    auto models = model::DiscoverModels(dir);
    if (!models.ok()) return Result<model::Graph>(models.status());
    return model::Graph::Build(std::move(*models));
  });
  meanwhile();
  return loading.get();
}

Result<GraphAndConnection> LoadGraphAndConnect(Session& session) {
  Result<pg::Connection*> conn = Status(Code::kInternal, "not connected");
  auto graph = LoadGraphWhile(session, [&] { conn = session.Connect(); });
  if (!graph.ok()) return graph.status();
  if (!conn.ok()) return conn.status();
  return GraphAndConnection{std::move(graph).value(), conn.value()};
}

Result<std::string> RequireModelsDir(Session& session, bool init) {
  PGCRATE_RETURN_IF_ERROR(session.LoadConfig());
  std::string dir = ModelsDir(session);
  if (base::IsDirectory(dir)) return dir;
  if (!init) {
    return Status(Code::kNotFound, "the models folder " + dir + " does not exist")
        .WithHint("create it with `pgcrate model init`, or pass --init");
  }
  PGCRATE_RETURN_IF_ERROR(InitModelsDir(session, false));
  return dir;
}

Status InitModelsDir(Session& session, bool quiet) {
  PGCRATE_RETURN_IF_ERROR(session.LoadConfig());
  std::string dir = ModelsDir(session);
  if (base::IsDirectory(dir)) return Status::Ok();
  PGCRATE_RETURN_IF_ERROR(base::MakeDirs(dir));
  if (!quiet) session.out().Info("created " + dir + "/");
  return Status::Ok();
}

Status RunModelInit(Session& session) {
  PGCRATE_RETURN_IF_ERROR(session.LoadConfig());
  std::string dir = ModelsDir(session);
  bool existed = base::IsDirectory(dir);
  PGCRATE_RETURN_IF_ERROR(InitModelsDir(session, true));
  if (session.out().json()) {
    session.out().Json({{"models_dir", dir}, {"created", !existed}});
  } else {
    session.out().Data(existed ? dir + "/ already exists.\n"
                               : "created " + dir +
                                     "/ (add <schema>/<name>.sql, or run "
                                     "`pgcrate model new schema.name`)\n");
  }
  return Status::Ok();
}

Status RunModelGraph(Session& session, const ModelGraphOptions& o) {
  auto graph = LoadGraph(session);
  if (!graph.ok()) return graph.status();
  auto subset = graph->Select(o.selectors);
  if (!subset.ok()) return subset.status();
  if (o.format == "json" || session.out().json()) {
    session.out().Json(GraphJson(*graph, *subset));
  } else if (o.format == "mermaid") {
    session.out().Data(model::GraphMermaid(*graph, *subset));
  } else if (o.format == "dot") {
    session.out().Data(model::GraphDot(*graph, *subset));
  } else if (o.format == "svg") {
    auto svg = DotToSvg(model::GraphDot(*graph, *subset));
    if (!svg.ok()) return svg.status();
    session.out().Data(*svg);
  } else {
    session.out().Data(model::GraphText(*graph, *subset));
  }
  return Status::Ok();
}

Status RunModelLintDeps(Session& session, bool fix, bool& failed) {
  auto graph = LoadGraph(session);
  if (!graph.ok()) return graph.status();
  std::vector<model::DepsMismatch> issues = model::CheckDeps(*graph);
  if (fix) {
    for (const model::DepsMismatch& d : issues) {
      PGCRATE_RETURN_IF_ERROR(model::FixDeps(graph->models()[d.model], d.found));
    }
  }
  failed = !fix && !issues.empty();
  if (session.out().json()) {
    Json list = Json::array();
    for (const model::DepsMismatch& d : issues) {
      const model::Model& m = graph->models()[d.model];
      list.push_back({{"id", m.Id()},
                      {"path", m.path},
                      {"line", m.deps_line},
                      {"missing", d.missing},
                      {"extra", d.extra},
                      {"deps", d.found},
                      {"fixed", fix}});
    }
    session.out().Json({{"clean", issues.empty()}, {"models", list}});
    return Status::Ok();
  }
  std::string text;
  for (const model::DepsMismatch& d : issues) {
    const model::Model& m = graph->models()[d.model];
    text += m.path + ":" + std::to_string(m.deps_line > 0 ? m.deps_line : 1) + ": " + m.Id() +
            (fix ? ": fixed deps to: " : ": deps should be: ") +
            (d.found.empty() ? "(none)" : base::Join(d.found, ", "));
    if (!d.missing.empty()) text += "; missing " + base::Join(d.missing, ", ");
    if (!d.extra.empty()) text += "; extra " + base::Join(d.extra, ", ");
    text += "\n";
  }
  text += issues.empty()
              ? "deps of " + std::to_string(graph->models().size()) + " model(s) match their SQL.\n"
              : (fix ? "fixed " : "") + std::to_string(issues.size()) +
                    " model(s) with deps that differ from their SQL" +
                    (fix ? ".\n" : "; `pgcrate model lint deps --fix` rewrites them.\n");
  session.out().Data(text);
  return Status::Ok();
}

Status RunModelNew(Session& session, const std::string& id, const std::string& materialized) {
  auto parts = SplitId(id);
  if (!parts.ok()) return parts.status();
  model::Materialized mat = model::Materialized::kView;
  if (materialized == "table")
    mat = model::Materialized::kTable;
  else if (materialized == "incremental")
    mat = model::Materialized::kIncremental;
  else if (materialized != "view") {
    return Status(Code::kUsage,
                  "--materialized is view, table or incremental, got " + materialized);
  }
  PGCRATE_RETURN_IF_ERROR(InitModelsDir(session, true));
  std::string dir = base::JoinPath(ModelsDir(session), parts->first);
  PGCRATE_RETURN_IF_ERROR(base::MakeDirs(dir));
  std::string path = base::JoinPath(dir, parts->second + ".sql");
  PGCRATE_RETURN_IF_ERROR(base::CreateNewFile(path, model::NewModelText(id, mat)));
  if (session.out().json()) {
    session.out().Json({{"path", path}, {"id", id}});
  } else {
    session.out().Data(path + "\n");
  }
  return Status::Ok();
}

Status RunModelMove(Session& session, const std::string& from, const std::string& to, bool drop_old,
                    bool yes) {
  auto graph = LoadGraph(session);
  if (!graph.ok()) return graph.status();
  int i = graph->Find(from);
  if (i < 0) return Status(Code::kNotFound, "no model named " + from).WithObject(from);
  auto dest = SplitId(to);
  if (!dest.ok()) return dest.status();
  const model::Model& m = graph->models()[static_cast<size_t>(i)];
  if (graph->Find(to) >= 0)
    return Status(Code::kConflict, "a model named " + to + " exists already");
  std::vector<std::string> readers;
  for (size_t d : graph->downstream(static_cast<size_t>(i)))
    readers.push_back(graph->models()[d].Id());
  if (drop_old && !readers.empty()) {
    return Status(Code::kRefused, "models still read " + m.Id() + ": " + base::Join(readers, ", ") +
                                      "; point them at " + to +
                                      " first, then move with --drop-old");
  }
  std::string dir = base::JoinPath(ModelsDir(session), dest->first);
  std::string path = base::JoinPath(dir, dest->second + ".sql");
  auto text = base::ReadFile(m.path);
  if (!text.ok()) return text.status();
  std::string done = "moved " + m.path + " to " + path;
  // The old relation is dropped in a transaction committed only once the file has moved:
  // a failure on either side leaves both as they were.
  std::unique_ptr<pg::Transaction> txn;
  pg::Connection* db = nullptr;
  if (drop_old) {
    PGCRATE_RETURN_IF_ERROR(session.CheckProductionGate(true, yes, "model move --drop-old"));
    auto conn = session.Connect();
    if (!conn.ok()) return conn.status();
    db = *conn;
    auto t = pg::Transaction::Begin(*db);
    if (!t.ok()) return t.status();
    txn = std::move(*t);
    auto rel = model::FindRelation(*db, m.schema, m.name);
    if (!rel.ok()) return rel.status();
    auto records = model::ReadModelRecords(*db);
    if (!records.ok()) return records.status();
    auto rec = records->find(m.Id());
    if (rel->oid != 0 && rec != records->end() && rec->second.relation_oid == rel->oid) {
      PGCRATE_RETURN_IF_ERROR(db->Run(std::string(rel->kind == 'v' ? "DROP VIEW " : "DROP TABLE ") +
                                      sql::QualifiedName(m.schema, m.name)));
      done += "; dropped " + sql::QualifiedName(m.schema, m.name);
    }
    if (rec != records->end()) PGCRATE_RETURN_IF_ERROR(model::ForgetModel(*db, m.Id()));
  }
  PGCRATE_RETURN_IF_ERROR(base::MakeDirs(dir));
  PGCRATE_RETURN_IF_ERROR(base::CreateNewFile(path, *text));
  if (std::remove(m.path.c_str()) != 0) {
    (void)std::remove(path.c_str());
    return Status(Code::kIo, "cannot remove " + m.path + "; nothing was moved");
  }
  if (txn) PGCRATE_RETURN_IF_ERROR(txn->Commit());
  if (!readers.empty()) {
    session.out().Warn("these models still read " + m.Id() + ": " + base::Join(readers, ", ") +
                       "; edit them to read " + to);
  }
  if (session.out().json()) {
    session.out().Json({{"from", m.Id()}, {"to", to}, {"path", path}, {"dropped_old", drop_old}});
  } else {
    session.out().Data(done + "\nrun `pgcrate model run -s " + to + "` to build it.\n");
  }
  return Status::Ok();
}

}  // namespace pgcrate::app

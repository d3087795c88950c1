// Shared by the model commands: the project's models as a Graph, and creating the models dir.
#pragma once

#include <functional>

#include "app/session.h"
#include "model/graph.h"

namespace pgcrate::app {

// The models under [paths] models (resolved against the project root), as a Graph.
Result<model::Graph> LoadGraph(Session& session);
// LoadGraph and session.Connect() at once: the files are read and parsed on another thread
// while the connection is opened. A file error comes before a connection error.
struct GraphAndConnection {
  model::Graph graph;
  pg::Connection* conn = nullptr;
};
Result<GraphAndConnection> LoadGraphAndConnect(Session& session);
// LoadGraph on another thread while `meanwhile` runs on this one (opening a connection: the
// network round trips overlap the parsing).
Result<model::Graph> LoadGraphWhile(Session& session, const std::function<void()>& meanwhile);
// The models folder; created when `init`, else a missing folder is kNotFound saying how to
// create it (a typo in [paths] models must not pass as "no models").
Result<std::string> RequireModelsDir(Session& session, bool init);
// Creates [paths] models when missing; says so on stderr unless `quiet`.
Status InitModelsDir(Session& session, bool quiet);

}  // namespace pgcrate::app

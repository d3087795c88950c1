#include "app/dev_command.h"

#include <nlohmann/json.hpp>

#include "base/files.h"
#include "dev/cluster.h"

namespace pgcrate::app {
namespace {

void Report(const Session& s, const dev::ClusterStatus& st, const std::string& action) {
  const output::Output& out = s.out();
  if (out.json()) {
    nlohmann::ordered_json doc;
    doc["action"] = action;
    doc["initialized"] = st.initialized;
    doc["running"] = st.running;
    doc["major"] = st.major == 0 ? nlohmann::ordered_json() : nlohmann::ordered_json(st.major);
    doc["port"] = st.port;
    doc["url"] = st.running ? nlohmann::ordered_json(st.url) : nlohmann::ordered_json();
    doc["data_dir"] = st.data_dir;
    doc["socket_dir"] = st.socket_dir;
    out.Json(doc);
    return;
  }
  if (action == "url" || ((action == "start" || action == "reset") && st.running)) {
    out.Data(st.url);
    if (action != "url")
      out.Info("dev cluster (PostgreSQL " + std::to_string(st.major) + ") running on port " +
               std::to_string(st.port) + " (data in " + st.data_dir + ")");
    return;
  }
  if (action == "stop") {
    out.Info("dev cluster stopped");
    return;
  }
  std::string text = std::string("status:  ") +
                     (st.running       ? "running"
                      : st.initialized ? "stopped"
                                       : "not created") +
                     "\ndata:    " + st.data_dir;
  if (st.initialized) text += "\nversion: PostgreSQL " + std::to_string(st.major);
  if (st.running) text += "\nport:    " + std::to_string(st.port) + "\nurl:     " + st.url;
  out.Data(text);
}

}  // namespace

Status RunDev(Session& session, const std::string& action, int major) {
  PGCRATE_RETURN_IF_ERROR(session.LoadConfig());
  const config::Config& cfg = session.config();
  dev::Cluster cluster({.dir = dev::DevClusterDir(cfg.project_root),
                        .bindir = cfg.tools.bindir,
                        .major = major,
                        .pg_caches = dev::DefaultPgCaches(cfg.project_root)});
  Status st;
  if (action == "start") {
    session.out().Info("starting the dev cluster...");
    st = cluster.Start();
  } else if (action == "stop") {
    st = cluster.Stop();
  } else if (action == "reset") {
    session.out().Info("resetting the dev cluster (all its data is deleted)...");
    st = cluster.Reset();
  } else if (action == "url" && !cluster.GetStatus().running) {
    st = Status(Code::kNotFound,
                "the dev cluster is not running; start it with `pgcrate dev start`.");
  }
  PGCRATE_RETURN_IF_ERROR(st);
  Report(session, cluster.GetStatus(), action);
  return Status::Ok();
}

}  // namespace pgcrate::app

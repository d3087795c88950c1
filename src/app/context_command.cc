#include "app/context_command.h"

#include <nlohmann/json.hpp>

#include "app/server_facts.h"
#include "base/process.h"
#include "base/strings.h"
#include "dev/cluster.h"
#include "pg/program_version.h"
#include "pgcrate/version.h"
#include "snapshot/tools.h"

namespace pgcrate::app {
namespace {

using nlohmann::ordered_json;

struct Capability {
  std::string name;
  bool available;
  std::string reason;
};

std::vector<Capability> Capabilities(const ServerFacts& f, const config::Config& cfg) {
  bool writable = !f.in_recovery && !f.default_read_only;
  bool ddl = writable && (f.superuser || f.create_in_database || f.pgcrate_schema_writable);
  bool stats = f.superuser || f.pg_monitor || f.read_all_stats;
  bool pss = false;
  for (const auto& [name, _] : f.extensions) pss |= name == "pg_stat_statements";
  auto why = [](bool ok, const char* yes, const char* no) { return std::string(ok ? yes : no); };
  int major = pg::MajorOf(f.version_num);
  bool supported = major >= pg::kOldestSupportedMajor;
  // The pg_dump `snapshot save` would use: one at least as new as the server.
  auto pg_dump = snapshot::FindTool("pg_dump", cfg.tools.pg_dump, major, "the server");
  std::string dump_reason =
      pg_dump.ok() ? "pg_dump " + pg_dump->version + " (" + pg_dump->path + ") can dump this server"
                   : pg_dump.status().message();
  return {
      {"server_version", supported, ServerSupport(f)},
      {"read", true, "connected as " + f.current_user},
      {"write", writable,
       f.in_recovery ? "the server is a standby (in recovery)"
                     : why(writable, "primary, transactions are read-write",
                           "default_transaction_read_only is on")},
      {"migrate", ddl,
       why(ddl, "can create or write the pgcrate schema",
           "needs CREATE on the database (or on an existing pgcrate schema) on a primary")},
      {"create_database", writable && (f.superuser || f.create_db),
       why(f.superuser || f.create_db, "role has CREATEDB (shadow databases for diff/check)",
           "role lacks CREATEDB; shadow databases will use the pgcrate dev cluster")},
      {"dba.read_all_stats", stats,
       why(stats, "superuser or member of pg_monitor/pg_read_all_stats",
           "needs pg_monitor or pg_read_all_stats to see other sessions' queries")},
      {"dba.pg_stat_statements", pss,
       why(pss, "extension pg_stat_statements is installed",
           "CREATE EXTENSION pg_stat_statements (and shared_preload_libraries) to enable")},
      {"dba.fix", writable,
       why(writable, "primary; fixes still need --read-write --primary",
           "fixes need a writable primary")},
      {"snapshot", pg_dump.ok(), dump_reason},
      {"merge", major >= 17,
       why(major >= 17, "incremental models merge with MERGE",
           "incremental models use INSERT ... ON CONFLICT (MERGE needs PostgreSQL 17)")},
  };
}

ordered_json ContextJson(Session& s, const DatabaseTarget& t, const pg::Connection& c,
                         const ServerFacts& f) {
  ordered_json exts = ordered_json::array();
  for (const auto& [name, ver] : f.extensions) exts.push_back({{"name", name}, {"version", ver}});
  const config::Config& cfg = s.config();
  dev::ClusterStatus dev_status =
      dev::Cluster({.dir = dev::DevClusterDir(cfg.project_root)}).GetStatus();
  ordered_json doc;
  doc["pgcrate"] = {{"version", kVersion}};
  doc["connection"] = {{"source", t.source},
                       {"target", t.display},
                       {"host", c.host()},
                       {"port", c.port()},
                       {"database", f.database},
                       {"user", f.current_user},
                       {"session_user", f.session_user},
                       {"ssl", c.uses_ssl()},
                       {"application_name", f.application_name}};
  doc["server"] = {{"version", f.version},
                   {"version_num", f.version_num},
                   {"major", f.version_num / 10000},
                   {"full_version", f.full_version},
                   {"in_recovery", f.in_recovery},
                   {"encoding", f.encoding},
                   {"timezone", f.timezone},
                   {"started_at", f.started_at},
                   {"uptime_seconds", f.uptime_seconds},
                   {"max_connections", f.max_connections},
                   {"connections", f.connections}};
  doc["privileges"] = {{"superuser", f.superuser},
                       {"create_db", f.create_db},
                       {"create_role", f.create_role},
                       {"replication", f.replication},
                       {"bypass_rls", f.bypass_rls},
                       {"create_in_database", f.create_in_database},
                       {"create_in_public", f.create_in_public},
                       {"pg_monitor", f.pg_monitor},
                       {"pg_read_all_stats", f.read_all_stats}};
  doc["search_path"] = f.search_path;
  doc["extensions"] = exts;
  doc["project"] = {
      {"config_file", cfg.file.empty() ? ordered_json() : ordered_json(cfg.file)},
      {"root", cfg.project_root},
      {"migrations_dir", cfg.paths.migrations},
      {"dev_cluster",
       {{"running", dev_status.running},
        {"url", dev_status.running ? ordered_json(dev_status.url) : ordered_json()}}}};
  return doc;
}

std::string ContextText(const ordered_json& d) {
  auto s = [](const ordered_json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); };
  const auto& c = d["connection"];
  const auto& srv = d["server"];
  const auto& p = d["privileges"];
  std::vector<std::vector<std::string>> rows = {
      {"target", s(c["target"]) + " (from " + s(c["source"]) + ")"},
      {"database", s(c["database"])},
      {"user", s(c["user"]) + (p["superuser"].get<bool>() ? " (superuser)" : "")},
      {"server", "PostgreSQL " + s(srv["version"]) +
                     (srv["in_recovery"].get<bool>() ? " (standby)" : " (primary)")},
      {"connections", s(srv["connections"]) + " of " + s(srv["max_connections"])},
      {"search_path", base::Join(d["search_path"].get<std::vector<std::string>>(), ", ")},
      {"extensions", std::to_string(d["extensions"].size())},
      {"config", s(d["project"]["config_file"])},
      {"dev cluster", d["project"]["dev_cluster"]["running"].get<bool>() ? "running" : "stopped"},
      {"pgcrate", s(d["pgcrate"]["version"])},
  };
  std::string out;
  for (const auto& r : rows) out += r[0] + std::string(13 - r[0].size(), ' ') + r[1] + "\n";
  return out;
}

}  // namespace

Status RunContext(Session& session) {
  auto target = session.Target();
  if (!target.ok()) return target.status();
  session.AllowUnsupportedServer();  // says below whether the server is supported
  auto conn = session.Connect();
  if (!conn.ok()) return conn.status();
  auto facts = LoadServerFacts(*conn.value());
  if (!facts.ok()) return facts.status();
  ordered_json doc = ContextJson(session, target.value(), *conn.value(), facts.value());
  if (session.out().json()) {
    session.out().Json(doc);
  } else {
    session.out().Data(ContextText(doc));
  }
  return Status::Ok();
}

Status RunCapabilities(Session& session) {
  session.AllowUnsupportedServer();  // says below whether the server is supported
  auto conn = session.Connect();
  if (!conn.ok()) return conn.status();
  auto facts = LoadServerFacts(*conn.value());
  if (!facts.ok()) return facts.status();
  auto caps = Capabilities(facts.value(), session.config());
  if (session.out().json()) {
    ordered_json list = ordered_json::array();
    for (const auto& c : caps) {
      list.push_back({{"name", c.name}, {"available", c.available}, {"reason", c.reason}});
    }
    session.out().Json({{"capabilities", list}});
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& c : caps) rows.push_back({c.name, c.available ? "yes" : "no", c.reason});
  session.out().Data(output::RenderTable({"capability", "available", "reason"}, rows, false));
  return Status::Ok();
}

}  // namespace pgcrate::app

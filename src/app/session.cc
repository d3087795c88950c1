#include "app/session.h"

#include <mutex>
#include <vector>

#include "base/files.h"
#include "base/process.h"
#include "dev/cluster.h"
#include "pg/conninfo.h"
#include "pg/program_version.h"

namespace pgcrate::app {
namespace {

// libpq settings that show the user configured a server through the environment.
bool LibpqEnvironmentConfigured() {
  for (const char* v : {"PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGSERVICE"}) {
    if (!base::GetEnv(v).empty()) return true;
  }
  return false;
}

}  // namespace

Session::Session(GlobalOptions options, const output::Output& out)
    : options_(std::move(options)), out_(out) {}

Session::~Session() = default;

void Session::Keep(const void* object) {
  static std::mutex mu;
  static auto* kept = new std::vector<const void*>();  // never destroyed, as what it holds
  std::lock_guard<std::mutex> lock(mu);
  kept->push_back(object);
}

Status Session::LoadConfig() {
  if (config_loaded_) return Status::Ok();
  auto cfg = config::LoadConfig(options_.config_path);
  if (!cfg.ok()) return cfg.status();
  config_ = std::move(cfg).value();
  config_loaded_ = true;
  for (const auto& w : config_.warnings) out_.Warn(w);
  return Status::Ok();
}

Result<DatabaseTarget> Session::Target() {
  PGCRATE_RETURN_IF_ERROR(LoadConfig());
  DatabaseTarget t;
  if (!options_.database_url.empty()) {
    t = {options_.database_url, "--database-url", ""};
  } else if (std::string env = base::GetEnv("DATABASE_URL"); !env.empty()) {
    t = {env, "DATABASE_URL", ""};
  } else if (!config_.database_url.empty()) {
    t = {config_.database_url, "pgcrate.toml", ""};
  } else if (std::string dev = LibpqEnvironmentConfigured()
                                   ? ""
                                   : dev::RunningDevClusterUrl(config_.project_root);
             !dev.empty()) {
    t = {dev, "pgcrate dev", ""};
  } else {
    t = {"", "libpq", ""};  // libpq's environment (PGHOST...), or its defaults
  }
  pg::RegisterConnInfoSecrets(t.conninfo);
  if (!t.conninfo.empty()) {
    auto parsed = pg::ParseConnInfo(t.conninfo);
    if (!parsed.ok()) {
      // A malformed -d is a bad argument; a malformed setting elsewhere is an application error.
      Status st(t.source == "--database-url" ? Code::kUsage : Code::kConfig,
                "in " + t.source + ": " + parsed.status().message());
      return st.WithHint(parsed.status().hint());
    }
  }
  t.display = pg::DescribeConnInfo(t.conninfo);
  return t;
}

pg::SessionOptions Session::MakeSessionOptions(const std::string& application_name) const {
  pg::SessionOptions s;
  s.connect_timeout_ms = options_.connect_timeout_ms;
  s.statement_timeout_ms = options_.statement_timeout_ms;
  s.lock_timeout_ms = options_.lock_timeout_ms;
  s.application_name = application_name;
  const output::Output* out = &out_;
  s.sql_logger = [out](std::string_view sql) { out->Sql(sql); };
  s.notice_handler = [out](std::string_view msg) { out->Info(msg); };
  return s;
}

Result<pg::Connection*> Session::Connect() {
  if (conn_) return conn_.get();
  auto target = Target();
  if (!target.ok()) return target.status();
  if (target->source == "pgcrate dev")
    out_.Info("using the pgcrate dev cluster (" + target->display + ")");
  auto conn = pg::Connection::Open(target->conninfo, MakeSessionOptions("pgcrate"));
  if (!conn.ok()) return conn.status();
  PGCRATE_RETURN_IF_ERROR(CheckServerVersion(*conn.value(), target->display));
  conn_ = std::move(conn).value();
  return conn_.get();
}

Result<std::unique_ptr<pg::Connection>> Session::OpenConnection() {
  auto target = Target();
  if (!target.ok()) return target.status();
  auto conn = pg::Connection::Open(target->conninfo, MakeSessionOptions("pgcrate"));
  if (!conn.ok()) return conn.status();
  PGCRATE_RETURN_IF_ERROR(CheckServerVersion(*conn.value(), target->display));
  return conn;
}

Status Session::CheckServerVersion(const pg::Connection& conn, const std::string& display) const {
  int major = pg::MajorOf(conn.server_version());
  if (allow_unsupported_server_ || major >= pg::kOldestSupportedMajor) return Status::Ok();
  return Status(Code::kRefused, "the server at " + display + " is PostgreSQL " +
                                    std::to_string(major) + "; pgcrate supports PostgreSQL " +
                                    std::to_string(pg::kOldestSupportedMajor) + " and newer.")
      .WithHint(
          "upgrade the server; `pgcrate context` and `pgcrate dba doctor` still report on it.");
}

std::string Session::ProjectPath(const std::string& path) const {
  const std::string& root = config_.project_root;
  if (path.empty() || path[0] == '/' || root.empty()) return path;
  return base::JoinPath(root, path);
}

std::string Session::ProductionReason(const std::string& conninfo) const {
  // Matched on the parsed host, database and user names: never on the password.
  pg::ConnTarget t = pg::ResolveConnTarget(conninfo);
  std::string dbname = t.dbname.empty() ? t.user : t.dbname;  // libpq's default database
  return config::ProductionMatch(config_, {t.host, dbname, t.user});
}

Status Session::CheckProductionGate(bool changes_database, bool yes, const std::string& action) {
  auto target = Target();
  if (!target.ok()) return target.status();
  std::string why = ProductionReason(target->conninfo);
  if (why.empty()) return Status::Ok();
  out_.Warn("production database: " + why + " (" + target->display + ")");
  if (changes_database && !yes) {
    return Status(Code::kRefused, action + " would change a production database (" + why +
                                      "); pass --yes to confirm.");
  }
  return Status::Ok();
}

}  // namespace pgcrate::app

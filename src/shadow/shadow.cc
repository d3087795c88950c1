#include "shadow/shadow.h"

#include <unistd.h>

#include <atomic>
#include <chrono>

#include "dev/cluster.h"
#include "pg/conninfo.h"

namespace pgcrate::shadow {
namespace {

std::string QuoteConnValue(const std::string& v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string NewName() {
  static std::atomic<int> counter{0};
  auto ticks = std::chrono::steady_clock::now().time_since_epoch().count();
  return "pgcrate_shadow_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
         std::to_string(static_cast<unsigned long long>(ticks) % 1000000);
}

// True when the role behind `conn` may run CREATE DATABASE.
Result<bool> CanCreateDatabase(pg::Connection& conn) {
  auto r = conn.Exec(
      "SELECT rolcreatedb OR rolsuper FROM pg_catalog.pg_roles WHERE rolname = "
      "current_user");
  if (!r.ok()) return r.status();
  return r->rows() == 1 && r->boolean(0, 0);
}

Status CreateOn(pg::Connection& admin, const std::string& name) {
  return admin.Run("CREATE DATABASE " + admin.QuoteIdent(name) + " TEMPLATE template0");
}

}  // namespace

Result<std::string> WithDatabase(const std::string& conninfo, const std::string& dbname) {
  auto parsed = pg::ParseConnInfo(conninfo);
  if (!parsed.ok()) return parsed.status();
  std::string out;
  for (const auto& [key, value] : *parsed) {
    if (key == "dbname") continue;
    out += key + "=" + QuoteConnValue(value) + " ";
  }
  return out + "dbname=" + QuoteConnValue(dbname);
}

Result<std::unique_ptr<ShadowDatabase>> ShadowDatabase::Create(const ShadowOptions& o) {
  std::unique_ptr<ShadowDatabase> db(new ShadowDatabase());
  db->name_ = NewName();
  db->session_ = o.session;
  std::string server_error;
  auto admin = pg::Connection::Open(o.server_conninfo, o.session);
  if (admin.ok()) {
    auto can = CanCreateDatabase(**admin);
    Status st = !can.ok() ? can.status()
                : *can    ? CreateOn(**admin, db->name_)
                          : Status(Code::kRefused, "the role may not create databases");
    if (st.ok()) {
      auto conninfo = WithDatabase(o.server_conninfo, db->name_);
      if (!conninfo.ok()) return conninfo.status();
      db->conninfo_ = *conninfo;
      db->admin_conninfo_ = o.server_conninfo;
      db->where_ = "the configured server";
      return db;
    }
    server_error = st.message();
  } else {
    server_error = admin.status().message();
  }
  if (!o.allow_dev_fallback) {
    return Status(Code::kRefused,
                  "cannot create a shadow database on the configured server: " + server_error);
  }
  dev::Cluster cluster({.dir = dev::DevClusterDir(o.project_root), .bindir = o.pg_bindir});
  bool was_running = cluster.GetStatus().running;
  Status started = cluster.Start();
  if (!started.ok()) {
    return Status(Code::kConnection,
                  "cannot create a shadow database: on the configured server: " + server_error +
                      "; on the pgcrate dev cluster: " + started.message());
  }
  if (!was_running) {
    db->stop_dev_cluster_dir_ = dev::DevClusterDir(o.project_root);
    db->dev_bindir_ = o.pg_bindir;
  }
  db->admin_conninfo_ = cluster.Url("postgres");
  db->conninfo_ = cluster.Url(db->name_);
  db->where_ = "the pgcrate dev cluster";
  auto dev_admin = pg::Connection::Open(db->admin_conninfo_, o.session);
  if (!dev_admin.ok()) return dev_admin.status();
  Status st = CreateOn(**dev_admin, db->name_);
  if (!st.ok()) {
    db->dropped_ = true;
    return st;
  }
  return db;
}

Result<std::unique_ptr<pg::Connection>> ShadowDatabase::Connect() const {
  return pg::Connection::Open(conninfo_, session_);
}

Status ShadowDatabase::Drop() {
  if (dropped_) return Status::Ok();
  dropped_ = true;
  pg::SessionOptions o = session_;
  o.sql_logger = nullptr;
  auto admin = pg::Connection::Open(admin_conninfo_, o);
  Status st = admin.ok() ? (*admin)->Run("DROP DATABASE IF EXISTS " + (*admin)->QuoteIdent(name_) +
                                         " WITH (FORCE)")
                         : admin.status();
  if (!stop_dev_cluster_dir_.empty()) {
    (void)dev::Cluster({.dir = stop_dev_cluster_dir_, .bindir = dev_bindir_}).Stop();
  }
  return st;
}

ShadowDatabase::~ShadowDatabase() { (void)Drop(); }

}  // namespace pgcrate::shadow

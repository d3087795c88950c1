#include "shadow/shadow.h"

#include <unistd.h>

#include <atomic>
#include <chrono>

#include "dev/cluster.h"
#include "pg/conninfo.h"
#include "pg/program_version.h"
#include "sql/quote.h"

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

// The lock-holding connection lives as long as the shadow database, possibly longer than
// whatever the logger prints to, so it logs nothing by itself.
pg::SessionOptions Quiet(pg::SessionOptions o) {
  o.sql_logger = nullptr;
  return o;
}

constexpr const char* kStaleSql = R"sql(
SELECT d.datname::text FROM pg_catalog.pg_database d
WHERE d.datname LIKE 'pgcrate\_shadow\_%'
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_locks l
    WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
      AND l.classid::bigint = $1::bigint
      AND l.objid::bigint = (hashtext(d.datname)::bigint & 4294967295))
ORDER BY 1
)sql";

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

Result<std::vector<std::string>> FindStaleShadows(pg::Connection& conn) {
  auto r = conn.Exec(kStaleSql, {std::to_string(kShadowLockClass)});
  if (!r.ok()) return r.status();
  std::vector<std::string> names;
  for (int i = 0; i < r->rows(); ++i) names.push_back(r->str(i, 0));
  return names;
}

std::vector<std::string> DropStaleShadows(pg::Connection& conn) {
  std::vector<std::string> dropped;
  auto stale = FindStaleShadows(conn);
  if (!stale.ok()) return dropped;
  for (const std::string& name : *stale) {
    // Not WITH (FORCE): a database somebody is connected to is not ours to take away.
    if (conn.Run("DROP DATABASE IF EXISTS " + sql::QuoteIdent(name)).ok()) {
      dropped.push_back(name);
    }
  }
  return dropped;
}

// The lock is taken before the database exists, so no other run ever sees it unlocked.
Status ShadowDatabase::CreateOn(Result<std::unique_ptr<pg::Connection>> opened) {
  if (!opened.ok()) return opened.status();
  std::unique_ptr<pg::Connection> admin = std::move(opened).value();
  auto lock = admin->Exec("SELECT pg_advisory_lock($1::int4, hashtext($2))",
                          {std::to_string(kShadowLockClass), name_});
  if (!lock.ok()) return lock.status();
  dropped_stale_ = DropStaleShadows(*admin);
  std::string create = "CREATE DATABASE " + sql::QuoteIdent(name_) + " TEMPLATE template0";
  if (session_.sql_logger) session_.sql_logger(create);
  PGCRATE_RETURN_IF_ERROR(admin->Run(create));
  admin_ = std::move(admin);
  dropped_ = false;  // from now on Drop (and the destructor) has something to drop
  return Status::Ok();
}

Result<std::unique_ptr<ShadowDatabase>> ShadowDatabase::Create(const ShadowOptions& o) {
  std::unique_ptr<ShadowDatabase> db(new ShadowDatabase());
  db->name_ = NewName();
  db->session_ = o.session;
  std::string server_error;
  int server_major = 0;  // unknown when the server cannot be reached
  auto admin = pg::Connection::Open(o.server_conninfo, o.session);
  if (admin.ok()) {
    server_major = pg::MajorOf((*admin)->server_version());
    auto can = CanCreateDatabase(**admin);
    Status st = !can.ok() ? can.status()
                : *can    ? db->CreateOn(pg::Connection::Open(o.server_conninfo, Quiet(o.session)))
                          : Status(Code::kRefused, "the role lacks CREATEDB");
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
  return CreateOnDevCluster(std::move(db), o, server_error, server_major);
}

Result<std::unique_ptr<ShadowDatabase>> ShadowDatabase::CreateOnDevCluster(
    std::unique_ptr<ShadowDatabase> db, const ShadowOptions& o, const std::string& server_error,
    int server_major) {
  dev::Cluster cluster({.dir = dev::DevClusterDir(o.project_root),
                        .bindir = o.pg_bindir,
                        .major = server_major,
                        .pg_caches = o.pg_caches});
  dev::ClusterStatus before = cluster.GetStatus();
  Status started = cluster.Start();
  if (!started.ok()) {
    return Status(Code::kConnection,
                  "cannot create a shadow database: on the configured server: " + server_error +
                      "; on the pgcrate dev cluster: " + started.message())
        .WithHint(started.hint());
  }
  if (!before.running) {
    db->stop_dev_cluster_dir_ = dev::DevClusterDir(o.project_root);
    db->dev_bindir_ = o.pg_bindir;
    db->dev_pg_caches_ = o.pg_caches;
  }
  db->fallback_reason_ = server_error;
  if (!before.initialized) db->fallback_reason_ += "; created the dev cluster for it";
  db->admin_conninfo_ = cluster.Url("postgres");
  db->conninfo_ = cluster.Url(db->name_);
  db->where_ = "the pgcrate dev cluster";
  Status st = db->CreateOn(pg::Connection::Open(db->admin_conninfo_, Quiet(o.session)));
  if (!st.ok()) {
    if (!db->stop_dev_cluster_dir_.empty()) (void)cluster.Stop();
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
  // The connection holding the liveness lock drops the database, then closes (releasing the
  // lock); a fresh connection retries when that one was lost.
  auto drop = [this](pg::Connection& c) {
    return c.Run("DROP DATABASE IF EXISTS " + sql::QuoteIdent(name_) + " WITH (FORCE)");
  };
  Status st = admin_ ? drop(*admin_) : Status(Code::kConnection, "no admin connection");
  admin_.reset();
  if (!st.ok()) {
    auto admin = pg::Connection::Open(admin_conninfo_, Quiet(session_));
    st = admin.ok() ? drop(**admin) : admin.status();
  }
  if (!stop_dev_cluster_dir_.empty()) {
    (void)dev::Cluster(
        {.dir = stop_dev_cluster_dir_, .bindir = dev_bindir_, .pg_caches = dev_pg_caches_})
        .Stop();
  }
  return st;
}

ShadowDatabase::~ShadowDatabase() { (void)Drop(); }

}  // namespace pgcrate::shadow

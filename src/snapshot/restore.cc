#include "snapshot/restore.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "snapshot/child.h"
#include "snapshot/store.h"
#include "snapshot/tools.h"
#include "sql/quote.h"

namespace pgcrate::snapshot {
namespace {

using Clock = std::chrono::steady_clock;

// Drops the temporary database unless it was renamed into place.
class TempDatabase {
 public:
  TempDatabase(pg::Connection& admin, std::string name) : admin_(admin), name_(std::move(name)) {}
  ~TempDatabase() {
    if (!name_.empty()) (void)admin_.Run("DROP DATABASE IF EXISTS " + sql::QuoteIdent(name_));
  }
  TempDatabase(const TempDatabase&) = delete;
  TempDatabase& operator=(const TempDatabase&) = delete;
  const std::string& name() const { return name_; }
  void Release() { name_.clear(); }

 private:
  pg::Connection& admin_;
  std::string name_;
};

Result<Tool> FindRestoreTool(pg::Connection& admin, const Manifest& m, const RestoreOptions& o) {
  int server = pg::MajorOf(admin.server_version());
  auto tool = FindTool("pg_restore", o.pg_restore, server, "the target server");
  if (!tool.ok()) return tool.status();
  int archive = std::atoi(m.pg_dump_version.c_str());
  if (tool->major < archive) {
    return Status(Code::kRefused, "pg_restore " + tool->version + " (" + tool->path + ", from " +
                                      tool->origin + ") is older than the pg_dump " +
                                      m.pg_dump_version + " that wrote snapshot \"" + m.name +
                                      "\"; it cannot read the archive.")
        .WithHint("set [tools] pg_restore in pgcrate.toml to a pg_restore " +
                  std::to_string(archive) + " or newer.");
  }
  return tool;
}

Status LoadDump(const Tool& tool, const Manifest& m, const RestoreOptions& o,
                const std::string& database) {
  auto conn = ForChild(o.conninfo, database);
  if (!conn.ok()) return conn.status();
  std::vector<std::string> argv = {
      tool.path,       "--format=directory", "--jobs=" + std::to_string(o.jobs),
      "--no-password", "--exit-on-error",    "--dbname=" + conn->conninfo};
  if (o.no_owner) {
    argv.push_back("--no-owner");
    argv.push_back("--no-acl");
  }
  argv.push_back(o.folder);
  if (o.progress) {
    o.progress("pg_restore " + tool.version + " --jobs=" + std::to_string(o.jobs) + " of \"" +
               m.name + "\" into a temporary database");
  }
  auto r = RunChild(argv, *conn);
  return r.ok() ? Status::Ok() : r.status();
}

Status CreateFromTemplate(pg::Connection& admin, const Manifest& m, const std::string& tmp) {
  auto exists = DatabaseExists(admin, m.template_database);
  if (!exists.ok()) return exists.status();
  if (!*exists) {
    return Status(Code::kNotFound, "the database \"" + m.template_database +
                                       "\" of template snapshot \"" + m.name +
                                       "\" is not on this server (" + admin.Describe() + ").")
        .WithHint("a template snapshot restores only on the server it was saved on (" +
                  m.source_display + ").");
  }
  return admin.Run("CREATE DATABASE " + sql::QuoteIdent(tmp) + " TEMPLATE " +
                   sql::QuoteIdent(m.template_database));
}

// The old database renamed away and the new one in, in one transaction.
Status Swap(pg::Connection& admin, const std::string& target, const std::string& tmp,
            const std::string& old) {
  auto tx = pg::Transaction::Begin(admin);
  if (!tx.ok()) return tx.status();
  PGCRATE_RETURN_IF_ERROR(admin.Run("ALTER DATABASE " + sql::QuoteIdent(target) + " RENAME TO " +
                                    sql::QuoteIdent(old)));
  PGCRATE_RETURN_IF_ERROR(admin.Run("ALTER DATABASE " + sql::QuoteIdent(tmp) + " RENAME TO " +
                                    sql::QuoteIdent(target)));
  return (*tx)->Commit();
}

Status Prepare(pg::Connection& admin, const Manifest& m, const RestoreOptions& o, bool& exists) {
  if (m.kind == kKindDump) PGCRATE_RETURN_IF_ERROR(VerifyFiles(o.folder, m));
  auto e = DatabaseExists(admin, o.database);
  if (!e.ok()) return e.status();
  exists = *e;
  if (exists && !o.replace) {
    return Status(Code::kRefused, "database \"" + o.database + "\" already exists.")
        .WithHint("pass --replace --yes to replace it (atomically), or --to another database.");
  }
  return admin.Run("SET statement_timeout = 0");
}

}  // namespace

Result<RestoreResult> Restore(pg::Connection& admin, const Manifest& m, const RestoreOptions& o) {
  auto start = Clock::now();
  bool exists = false;
  PGCRATE_RETURN_IF_ERROR(Prepare(admin, m, o, exists));
  RestoreResult result{o.database, exists, m.kind == kKindDump ? "pg_restore" : "template", 0, ""};
  std::string pid = std::to_string(::getpid());
  TempDatabase tmp(admin, "pgcrate_restore_" + pid);
  PGCRATE_RETURN_IF_ERROR(admin.Run("DROP DATABASE IF EXISTS " + sql::QuoteIdent(tmp.name())));
  if (m.kind == kKindDump) {
    auto tool = FindRestoreTool(admin, m, o);
    if (!tool.ok()) return tool.status();
    std::string enc = m.encoding.empty() ? "" : " ENCODING " + sql::QuoteLiteral(m.encoding);
    PGCRATE_RETURN_IF_ERROR(
        admin.Run("CREATE DATABASE " + sql::QuoteIdent(tmp.name()) + " TEMPLATE template0" + enc));
    PGCRATE_RETURN_IF_ERROR(LoadDump(*tool, m, o, tmp.name()));
  } else {
    PGCRATE_RETURN_IF_ERROR(CreateFromTemplate(admin, m, tmp.name()));
  }
  std::string old = "pgcrate_old_" + pid;
  if (exists) {
    PGCRATE_RETURN_IF_ERROR(RunAlone(admin, o.database, o.wait,
                                     [&] { return Swap(admin, o.database, tmp.name(), old); }));
    tmp.Release();
    Status dropped = admin.Run("DROP DATABASE " + sql::QuoteIdent(old));
    if (!dropped.ok()) {
      result.warning = "the replaced database was renamed to \"" + old +
                       "\" but could not be dropped: " + dropped.message();
    }
  } else {
    PGCRATE_RETURN_IF_ERROR(admin.Run("ALTER DATABASE " + sql::QuoteIdent(tmp.name()) +
                                      " RENAME TO " + sql::QuoteIdent(o.database)));
    tmp.Release();
  }
  result.elapsed_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  return result;
}

}  // namespace pgcrate::snapshot

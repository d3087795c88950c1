// `snapshot save` and `snapshot restore`.
#include <unistd.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <thread>

#include "app/anonymize/anonymize_command.h"
#include "app/snapshot/common.h"
#include "app/snapshot/snapshot_command.h"
#include "app/source.h"
#include "base/clock.h"
#include "migrate/store.h"
#include "output/output.h"
#include "pg/conninfo.h"
#include "snapshot/names.h"
#include "snapshot/restore.h"
#include "snapshot/save.h"
#include "snapshot/store.h"
#include "sql/quote.h"

namespace pgcrate::app {
namespace {

using Json = nlohmann::ordered_json;
using snapshot_cmd::Size;

int DefaultJobs(int jobs) {
  if (jobs > 0) return jobs;
  return static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 4u));
}

Status CheckSaveFlags(const SnapshotSaveOptions& o) {
  if (o.anonymize && (o.template_db || o.schema_only)) {
    return Status(Code::kUsage,
                  "--anonymize applies to the data of a dump snapshot; it cannot "
                  "be combined with --template or --schema-only.");
  }
  if (o.allow_random_salt && !o.anonymize) {
    return Status(Code::kUsage, "--allow-random-salt goes with --anonymize.");
  }
  bool filtered = o.schema_only || !o.schemas.empty() || !o.exclude_schemas.empty() ||
                  !o.tables.empty() || !o.exclude_table_data.empty();
  if (o.template_db && filtered) {
    return Status(Code::kUsage,
                  "--template copies the whole database; --schema-only, --schema, "
                  "--exclude-schema, --table and --exclude-table-data apply to dump snapshots.");
  }
  return Status::Ok();
}

// The newest applied migration, through migrate's store ("" when none or no table).
Result<std::string> MigrationVersion(pg::Connection& conn) {
  auto versions = migrate::ReadAppliedVersions(conn);
  if (!versions.ok()) return versions.status();
  return versions->empty() ? std::string() : *versions->rbegin();
}

void PrintSaved(Session& session, const snapshot::SaveResult& r) {
  if (session.out().json()) {
    session.out().Json({{"snapshot", snapshot::ToJson(r.manifest)},
                        {"path", r.path},
                        {"elapsed_ms", static_cast<int64_t>(r.elapsed_ms)}});
    return;
  }
  session.out().Data("Saved snapshot " + r.manifest.name + " (" + r.manifest.kind + ", " +
                     Size(r.manifest.total_bytes) + ", " +
                     std::to_string(r.manifest.tables.size()) + " tables) in " +
                     std::to_string(static_cast<int64_t>(r.elapsed_ms)) + " ms: " + r.path + "\n");
}

Result<snapshot::SaveResult> SaveTemplateSnapshot(Session& session, const DatabaseTarget& target,
                                                  snapshot::SaveOptions& so,
                                                  const SnapshotSaveOptions& o) {
  if (std::string why = session.ProductionReason(target.conninfo); !why.empty()) {
    return Status(Code::kRefused,
                  "snapshot save --template needs the source database to itself "
                  "and is refused on a production database (" +
                      why + ").")
        .WithHint("save a dump snapshot instead (without --template).");
  }
  snapshot::SourceFacts facts;
  {
    // Closed before CREATE DATABASE ... TEMPLATE, which needs the source to itself.
    auto source = session.OpenConnection();
    if (!source.ok()) return source.status();
    auto f = snapshot::ReadSourceFacts(**source);
    if (!f.ok()) return f.status();
    facts = std::move(f).value();
    auto version = MigrationVersion(**source);
    if (!version.ok()) return version.status();
    so.migration_version = *version;
  }
  auto admin = snapshot_cmd::OpenAdmin(session, target.conninfo, facts.database);
  if (!admin.ok()) return admin.status();
  snapshot::WaitOptions wait{o.wait_seconds, o.terminate, so.progress};
  return snapshot::SaveTemplate(**admin, facts, so, wait);
}

// Drops the temporary database of an anonymized save when it goes out of scope.
class TemporaryDatabase {
 public:
  TemporaryDatabase(pg::Connection& admin, std::string name)
      : admin_(admin), name_(std::move(name)) {}
  ~TemporaryDatabase() {
    (void)admin_.Run("DROP DATABASE IF EXISTS " + sql::QuoteIdent(name_) + " WITH (FORCE)");
  }
  TemporaryDatabase(const TemporaryDatabase&) = delete;
  TemporaryDatabase& operator=(const TemporaryDatabase&) = delete;

 private:
  pg::Connection& admin_;
  std::string name_;
};

// --anonymize: the source copied with the [anonymize] rules into a temporary database on the
// same server (the source only read), dumped from there, the temporary database dropped
// whatever happens. The manifest names the original source and says `anonymized`.
Result<snapshot::SaveResult> SaveAnonymizedSnapshot(Session& session, const DatabaseTarget& target,
                                                    snapshot::SaveOptions& so,
                                                    const SnapshotSaveOptions& o) {
  // Rules and salt first: nothing is created when the copy could not run.
  PGCRATE_RETURN_IF_ERROR(CheckAnonymizeReady(session, o.allow_random_salt));
  auto source = session.Connect();
  if (!source.ok()) return source.status();
  auto version = MigrationVersion(**source);
  if (!version.ok()) return version.status();
  so.migration_version = *version;
  std::string source_db = (*source)->database();
  auto admin = snapshot_cmd::OpenAdmin(session, target.conninfo, source_db);
  if (!admin.ok()) return admin.status();
  std::string tmp = "pgcrate_anon_" + std::to_string(getpid());
  PGCRATE_RETURN_IF_ERROR((*admin)->Run("CREATE DATABASE " + sql::QuoteIdent(tmp)));
  TemporaryDatabase guard(**admin, tmp);
  auto tmp_conninfo = pg::ConnInfoForDatabase(target.conninfo, tmp);
  if (!tmp_conninfo.ok()) return tmp_conninfo.status();
  Result<snapshot::SaveResult> r = Status(Code::kInternal, "not saved");
  {
    auto copy = OpenSource(session, *tmp_conninfo);
    if (!copy.ok()) return copy.status();
    session.out().Info("anonymizing into the temporary database " + tmp);
    int64_t rows = 0;
    PGCRATE_RETURN_IF_ERROR(
        CopyAnonymized(session, **source, *copy->conn, *tmp_conninfo, o.allow_random_salt, &rows));
    so.conninfo = *tmp_conninfo;
    so.recorded_conninfo = target.conninfo;
    so.recorded_database = source_db;
    so.anonymized = true;
    r = snapshot::SaveDump(*copy->conn, so);
  }  // the copy's connection closes before the guard drops the database
  return r;
}

}  // namespace

Status RunSnapshotSave(Session& session, const SnapshotSaveOptions& o) {
  PGCRATE_RETURN_IF_ERROR(CheckSaveFlags(o));
  std::string name = o.name.empty() ? base::MigrationTimestamp(std::time(nullptr)) : o.name;
  PGCRATE_RETURN_IF_ERROR(snapshot::ValidateName(name));
  auto dir = snapshot_cmd::SnapshotsDir(session);
  if (!dir.ok()) return dir.status();
  auto target = session.Target();
  if (!target.ok()) return target.status();
  const output::Output& out = session.out();
  snapshot::SaveOptions so;
  so.name = name;
  so.dir = *dir;
  so.conninfo = target->conninfo;
  so.pg_dump = session.config().tools.pg_dump;
  so.schema_only = o.schema_only;
  so.filters = {o.schemas, o.exclude_schemas, o.tables, o.exclude_table_data};
  so.jobs = DefaultJobs(o.jobs);
  so.created_at = snapshot_cmd::NowIso();
  so.progress = [&out](const std::string& msg) { out.Info(msg); };
  Result<snapshot::SaveResult> r = Status(Code::kInternal, "not saved");
  if (o.template_db) {
    r = SaveTemplateSnapshot(session, *target, so, o);
  } else if (o.anonymize) {
    r = SaveAnonymizedSnapshot(session, *target, so, o);
  } else {
    auto conn = session.Connect();
    if (!conn.ok()) return conn.status();
    auto version = MigrationVersion(**conn);
    if (!version.ok()) return version.status();
    so.migration_version = *version;
    r = snapshot::SaveDump(**conn, so);
  }
  if (!r.ok()) return r.status();
  PrintSaved(session, *r);
  return Status::Ok();
}

namespace {

struct RestoreTarget {
  std::string conninfo;  // of the target server (any database)
  std::string database;
};

Result<RestoreTarget> ResolveRestoreTarget(Session& session, const snapshot::Manifest& m,
                                           const SnapshotRestoreOptions& o) {
  RestoreTarget t;
  if (!o.to.empty()) {
    auto parsed = pg::ParseConnInfo(o.to);
    if (!parsed.ok()) return Status(Code::kUsage, "--to: " + parsed.status().message());
    pg::RegisterConnInfoSecrets(o.to);
    t.conninfo = o.to;
    auto db = parsed->find("dbname");
    if (db != parsed->end()) t.database = db->second;
  } else {
    auto target = session.Target();
    if (!target.ok()) return target.status();
    t.conninfo = target->conninfo;
  }
  if (t.database.empty()) t.database = m.source_database + "_" + m.name;
  if (t.database.size() > 63) {
    return Status(Code::kUsage, "the target database name \"" + t.database +
                                    "\" is longer than PostgreSQL's 63 bytes.")
        .WithHint("name the target database with --to URL.");
  }
  return t;
}

// Replacing needs --replace and --yes and is refused outright on a production target;
// creating a new database on a production server needs --yes.
Status CheckRestoreGates(Session& session, const RestoreTarget& t,
                         const SnapshotRestoreOptions& o) {
  auto with_db = pg::ConnInfoForDatabase(t.conninfo, t.database);
  if (!with_db.ok()) return Status(Code::kUsage, with_db.status().message());
  std::string why = session.ProductionReason(*with_db);
  if (o.replace && !why.empty()) {
    return Status(Code::kRefused,
                  "snapshot restore --replace is refused on a production "
                  "database (" +
                      why + ").");
  }
  if (o.replace && !o.yes) {
    return Status(Code::kRefused, "snapshot restore --replace drops database \"" + t.database +
                                      "\" once the snapshot is in place; pass --yes to confirm.");
  }
  if (!why.empty()) {
    session.out().Warn("production server: " + why);
    if (!o.yes) {
      return Status(Code::kRefused, "snapshot restore would create database \"" + t.database +
                                        "\" on a production server (" + why +
                                        "); pass --yes to confirm.");
    }
  }
  return Status::Ok();
}

void PrintRestored(Session& session, const snapshot::Manifest& m,
                   const snapshot::RestoreResult& r) {
  if (!r.warning.empty()) session.out().Warn(r.warning);
  if (session.out().json()) {
    session.out().Json({{"snapshot", m.name},
                        {"kind", m.kind},
                        {"database", r.database},
                        {"replaced", r.replaced},
                        {"method", r.method},
                        {"elapsed_ms", static_cast<int64_t>(r.elapsed_ms)},
                        {"warning", r.warning.empty() ? Json() : Json(r.warning)}});
    return;
  }
  session.out().Data(std::string(r.replaced ? "Replaced" : "Restored") + " database " + r.database +
                     " from snapshot " + m.name + " (" + r.method + ") in " +
                     std::to_string(static_cast<int64_t>(r.elapsed_ms)) + " ms\n");
}

}  // namespace

Status RunSnapshotRestore(Session& session, const SnapshotRestoreOptions& o) {
  PGCRATE_RETURN_IF_ERROR(snapshot::ValidateName(o.name));
  auto dir = snapshot_cmd::SnapshotsDir(session);
  if (!dir.ok()) return dir.status();
  auto m = snapshot::LoadSnapshot(*dir, o.name);
  if (!m.ok()) return m.status();
  auto t = ResolveRestoreTarget(session, *m, o);
  if (!t.ok()) return t.status();
  PGCRATE_RETURN_IF_ERROR(CheckRestoreGates(session, *t, o));
  auto admin = snapshot_cmd::OpenAdmin(session, t->conninfo, t->database);
  if (!admin.ok()) return admin.status();
  const output::Output& out = session.out();
  snapshot::RestoreOptions ro;
  ro.folder = snapshot::SnapshotPath(*dir, o.name);
  ro.database = t->database;
  ro.conninfo = t->conninfo;
  ro.pg_restore = session.config().tools.pg_restore;
  ro.jobs = DefaultJobs(o.jobs);
  ro.replace = o.replace;
  ro.no_owner = o.no_owner;
  ro.progress = [&out](const std::string& msg) { out.Info(msg); };
  ro.wait = {o.wait_seconds, o.terminate, ro.progress};
  auto r = snapshot::Restore(**admin, *m, ro);
  if (!r.ok()) return r.status();
  PrintRestored(session, *m, *r);
  return Status::Ok();
}

}  // namespace pgcrate::app

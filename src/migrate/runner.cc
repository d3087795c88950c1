#include "migrate/runner.h"

#include <memory>

#include "base/strings.h"
#include "migrate/overview.h"
#include "migrate/prepare.h"
#include "migrate/replaces.h"
#include "migrate/schema_state.h"
#include "migrate/store.h"

namespace pgcrate::migrate {
namespace {

using LockPtr = std::unique_ptr<pg::AdvisoryLock>;

}  // namespace

Result<std::unique_ptr<pg::AdvisoryLock>> AcquireMigrationLock(pg::Connection& conn,
                                                               const LockOptions& o) {
  if (!o.use_lock) return LockPtr();
  auto first = pg::AdvisoryLock::Acquire(conn, kMigrationLockKey, 0);
  if (first.ok() || first.status().code() != Code::kConflict) return first;
  if (o.on_wait) {
    o.on_wait("another pgcrate migration run holds the migration lock; waiting up to " +
              std::to_string(o.wait_ms / 1000) + "s for it to finish...");
  }
  auto lock = pg::AdvisoryLock::Acquire(conn, kMigrationLockKey, o.wait_ms);
  if (lock.ok() || lock.status().code() != Code::kConflict) return lock;
  return Status(Code::kConflict,
                "another pgcrate migration run still holds the migration lock "
                "after " +
                    std::to_string(o.wait_ms / 1000) + "s.")
      .WithHint(
          "wait for it to finish, raise --lock-wait SECONDS, or (if you are sure nothing "
          "else migrates) pass --no-lock.");
}

namespace {

// Takes the lock (unless told not to) and makes sure the tracking table exists.
Result<LockPtr> LockAndEnsure(pg::Connection& conn, const LockOptions& o, const Tracking& t) {
  auto lock = AcquireMigrationLock(conn, o);
  if (!lock.ok()) return lock.status();
  PGCRATE_RETURN_IF_ERROR(EnsureTrackingTable(conn, t));
  return lock;
}

// What a run starts from: the lock (none for a dry run; the tracking table is then not
// created either) and the applied rows, read under it.
struct RunStart {
  LockPtr lock;
  std::vector<AppliedMigration> applied;
};

Result<RunStart> LockAndRead(pg::Connection& conn, bool dry_run, const LockOptions& lock,
                             const Tracking& t) {
  RunStart out;
  if (!dry_run) {
    auto l = LockAndEnsure(conn, lock, t);
    if (!l.ok()) return l.status();
    out.lock = std::move(l).value();
  }
  auto applied = ReadApplied(conn, t);
  if (!applied.ok()) return applied.status();
  out.applied = std::move(applied).value();
  return out;
}

// After a successful run: the module schema's object hashes (schema_state.h), re-recorded when
// the run changed something, recorded once when there is no baseline yet.
Status RecordState(pg::Connection& conn, const ApplyOptions& o, const RunResult& r) {
  if (o.state_schema.empty()) return Status::Ok();
  return RecordSchemaState(conn, o.tracking, o.state_schema, /*only_if_missing=*/r.done.empty());
}

std::string Short(const std::string& checksum) {
  return checksum.size() > 12 ? checksum.substr(0, 12) : checksum;
}

Status CheckChanged(const Overview& ov, bool allow) {
  if (ov.changed.empty() || allow) return Status::Ok();
  std::vector<std::string> lines;
  for (const auto& c : ov.changed) {
    lines.push_back(c.file->path + ": recorded checksum " + c.recorded_checksum + ", file now " +
                    c.file->checksum);
  }
  const ChangedFile& first = ov.changed.front();
  return Status(Code::kConflict, "migration " + first.file->file_name +
                                     " changed after it was "
                                     "applied (recorded checksum " +
                                     Short(first.recorded_checksum) + "..., file now " +
                                     Short(first.file->checksum) + "...).")
      .WithLocation({first.file->path, 0, 0})
      .WithDetails(base::Join(lines, "\n"))
      .WithHint(
          "restore the applied file and put the change in a new migration; "
          "--allow-changed runs anyway.");
}

Result<std::vector<const MigrationFile*>> SelectPending(const Overview& ov,
                                                        const std::string& to_version) {
  if (!to_version.empty() && !ov.FileFor(to_version)) {
    return Status(Code::kNotFound, "no migration file has version " + to_version + ".")
        .WithHint("`pgcrate migrate status` lists the versions.");
  }
  std::vector<const MigrationFile*> out;
  for (const MigrationFile* f : ov.pending) {
    if (to_version.empty() || !VersionLess(to_version, f->version)) out.push_back(f);
  }
  return out;
}

Status CheckOutOfOrder(const std::vector<const MigrationFile*>& selected, const std::string& latest,
                       bool allow) {
  if (allow) return Status::Ok();
  for (const MigrationFile* f : selected) {
    if (!VersionLess(f->version, latest)) continue;
    return Status(Code::kConflict, "pending migration " + f->file_name +
                                       " is older than the "
                                       "latest applied migration " +
                                       latest + " (out of order).")
        .WithLocation({f->path, 0, 0})
        .WithHint("give it a newer timestamp if it may run after " + latest +
                  ", or pass --allow-out-of-order to apply it anyway.");
  }
  return Status::Ok();
}

Status RunCheck(const UpOptions& o, const std::vector<const MigrationFile*>& selected) {
  if (!o.pre_run_check || selected.empty()) return Status::Ok();
  std::vector<MigrationFile> copies;
  copies.reserve(selected.size());
  for (const MigrationFile* f : selected) copies.push_back(*f);
  return o.pre_run_check(copies);
}

}  // namespace

Status MigrateUp(pg::Connection& conn, const std::vector<MigrationFile>& files, const UpOptions& o,
                 RunResult* result) {
  auto start = LockAndRead(conn, o.dry_run, o.lock, o.apply.tracking);
  if (!start.ok()) return start.status();
  const std::vector<AppliedMigration>& applied = start->applied;
  Overview ov = Compare(files, applied);
  for (const auto* a : ov.missing) result->missing.push_back(a->version);
  PGCRATE_RETURN_IF_ERROR(CheckChanged(ov, o.allow_changed));
  auto selected = SelectPending(ov, o.to_version);
  if (!selected.ok()) return selected.status();
  PGCRATE_RETURN_IF_ERROR(
      CheckOutOfOrder(selected.value(), ov.latest_applied, o.allow_out_of_order));
  PGCRATE_RETURN_IF_ERROR(CheckPartlyReplaced(selected.value(), applied));
  auto prepared = PrepareMigrations(selected.value(), Direction::kUp, conn.server_version());
  if (!prepared.ok()) return prepared.status();
  result->planned = selected.value();
  PGCRATE_RETURN_IF_ERROR(RunCheck(o, selected.value()));
  if (o.dry_run) return Status::Ok();
  Status st = o.wrap.empty() ? RunPrepared(conn, prepared.value(), o.apply, &result->done)
                             : RunPreparedInOneTransaction(conn, prepared.value(), o.apply, o.wrap,
                                                           &result->done);
  return st.ok() ? RecordState(conn, o.apply, *result) : st;
}

namespace {

// The applied migrations to roll back, newest first: the `steps` most recent, or with
// `to_version` every one newer than it (it must be applied itself). Each needs its file and a
// down section, checked before anything runs.
Result<std::vector<const MigrationFile*>> SelectRollback(const Overview& ov, int steps,
                                                         const std::string& to_version) {
  if (!to_version.empty()) {
    bool found = false;
    for (const auto* a : ov.applied) found = found || a->version == to_version;
    if (!found) {
      return Status(Code::kNotFound, "migration " + to_version +
                                         " is not applied, so there is "
                                         "nothing to roll back to.")
          .WithHint("`pgcrate migrate status` lists the applied versions.");
    }
    steps = 0;
    for (const auto* a : ov.applied) steps += VersionLess(to_version, a->version) ? 1 : 0;
  }
  std::vector<const MigrationFile*> out;
  for (auto it = ov.applied.rbegin(); it != ov.applied.rend() && steps-- > 0; ++it) {
    const MigrationFile* f = ov.FileFor((*it)->version);
    if (!f) {
      return Status(Code::kNotFound, "cannot roll back migration " + (*it)->version +
                                         ": its file is not in the migrations directory.")
          .WithHint("restore the file (with its -- down section) first.");
    }
    if (!f->has_down) {
      return Status(Code::kRefused, "migration " + f->file_name +
                                        " has no down section, so it "
                                        "cannot be rolled back; nothing was rolled back.")
          .WithLocation({f->path, 0, 0})
          .WithHint("add a `-- down` section with the SQL that undoes the migration.");
    }
    out.push_back(f);
  }
  return out;
}

}  // namespace

Status MigrateDown(pg::Connection& conn, const std::vector<MigrationFile>& files,
                   const DownOptions& o, RunResult* result) {
  if (o.steps < 1 && o.to_version.empty())
    return Status(Code::kUsage, "the number of migrations to roll back must be at least 1.");
  auto start = LockAndRead(conn, o.dry_run, o.lock, o.apply.tracking);
  if (!start.ok()) return start.status();
  const std::vector<AppliedMigration>& applied = start->applied;
  Overview ov = Compare(files, applied);
  auto selected = SelectRollback(ov, o.steps, o.to_version);
  if (!selected.ok()) return selected.status();
  auto prepared = PrepareMigrations(selected.value(), Direction::kDown, conn.server_version());
  if (!prepared.ok()) return prepared.status();
  result->planned = selected.value();
  if (o.dry_run) return Status::Ok();
  // A squashed file rolled back on a database that applied its old files marks their rows too.
  TransactionHooks cleanup = SupersededRowsCleanup(selected.value(), applied, o.apply.tracking);
  Status st = cleanup.empty() ? RunPrepared(conn, prepared.value(), o.apply, &result->done)
                              : RunPreparedInOneTransaction(conn, prepared.value(), o.apply,
                                                            cleanup, &result->done);
  return st.ok() ? RecordState(conn, o.apply, *result) : st;
}

namespace {

Status RecordAll(pg::Connection& conn, const std::vector<const MigrationFile*>& files,
                 const Tracking& t) {
  return RecordAppliedAll(conn, files, t);  // one statement: all or nothing
}

}  // namespace

Status Baseline(pg::Connection& conn, const std::vector<MigrationFile>& files,
                const std::string& to_version, const LockOptions& lock_options, RunResult* result,
                const Tracking& t) {
  auto lock = LockAndEnsure(conn, lock_options, t);
  if (!lock.ok()) return lock.status();
  auto applied = ReadApplied(conn, t);
  if (!applied.ok()) return applied.status();
  Overview ov = Compare(files, applied.value());
  auto selected = SelectPending(ov, to_version);
  if (!selected.ok()) return selected.status();
  PGCRATE_RETURN_IF_ERROR(RecordAll(conn, selected.value(), t));
  result->planned = selected.value();
  return Status::Ok();
}

Status Stamp(pg::Connection& conn, const std::vector<MigrationFile>& files,
             const std::string& version, const LockOptions& lock_options, RunResult* result,
             const Tracking& t) {
  auto lock = LockAndEnsure(conn, lock_options, t);
  if (!lock.ok()) return lock.status();
  auto applied = ReadApplied(conn, t);
  if (!applied.ok()) return applied.status();
  Overview ov = Compare(files, applied.value());
  const MigrationFile* f = ov.FileFor(version);
  if (!f) {
    return Status(Code::kNotFound, "no migration file has version " + version + ".")
        .WithHint("`pgcrate migrate status` lists the versions.");
  }
  for (const auto* a : ov.applied) {
    if (a->version == version) {
      return Status(Code::kConflict, "migration " + f->file_name + " is already applied.");
    }
  }
  PGCRATE_RETURN_IF_ERROR(RecordApplied(conn, *f, std::nullopt, t));
  result->planned = {f};
  return Status::Ok();
}

}  // namespace pgcrate::migrate

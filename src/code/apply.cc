#include "code/apply.h"

#include <map>

#include "base/strings.h"
#include "code/state.h"
#include "migrate/apply.h"
#include "migrate/overview.h"
#include "migrate/store.h"
#include "pg/error.h"

namespace pgcrate::code {
namespace {

constexpr const char* kRolledBack =
    "the apply was rolled back as a whole: nothing of it was applied and pgcrate.code_objects "
    "is unchanged.";
constexpr const char* kSplitRolledBack =
    "this part of the apply was rolled back; the migrations before it stay applied (a "
    "no-transaction migration split the apply), and `pgcrate apply` again creates what is "
    "missing.";

SourceLocation LocationIn(const CodeObject& o, const Status& st) {
  if (st.position() <= 0) return {o.file, o.line, o.column};
  size_t off = pg::ErrorPositionToOffset(o.create_sql, st.position());
  auto [l, c] = base::LineColumnAt(o.create_sql, off);
  return {o.file, o.sql_line + l - 1, l == 1 ? o.sql_column + c - 1 : c};
}

class Runner {
 public:
  Runner(pg::Connection& conn, const CodeSet& code, const Plan& plan, const ApplyOptions& o)
      : conn_(conn),
        code_(code),
        plan_(plan),
        o_(o),
        note_(plan.single_transaction ? kRolledBack : kSplitRolledBack) {
    IndexAttachments();
  }

  Status Drops() {
    for (const Step& s : plan_.steps) {
      if (s.kind != Step::Kind::kDrop) continue;
      Status st = conn_.Run(s.sql);
      if (!st.ok()) {
        return st.Prefix("dropping " + s.identity + " failed: ")
            .WithDetails(st.details().empty() ? note_ : st.details() + "\n" + note_)
            .WithHint(
                "pgcrate drops only objects it created from the code folder, never with "
                "CASCADE: an object outside the code folder depends on it; make that "
                "object a code object too, or use CREATE OR REPLACE with an unchanged "
                "signature.");
      }
      if (o_.observer) o_.observer(s);
    }
    return Status::Ok();
  }

  Status CreatesAndState() {
    for (size_t k = 0; k < plan_.steps.size(); ++k) {
      const Step& s = plan_.steps[k];
      if (s.kind != Step::Kind::kCreate && s.kind != Step::Kind::kReplace) continue;
      const CodeObject& o = code_.objects[static_cast<size_t>(s.object)];
      Status st = conn_.Run(o.create_sql);
      if (!st.ok()) return Failed(st, "creating " + o.identity, LocationIn(o, st));
      for (size_t a : after_[k]) {
        const Attachment& att = code_.attachments[a];
        Status at = conn_.Run(att.sql);
        if (!at.ok())
          return Failed(at, "a COMMENT/GRANT of " + o.identity, {att.file, att.line, att.column});
      }
      if (o_.observer) o_.observer(s);
    }
    PGCRATE_RETURN_IF_ERROR(EnsureStateTable(conn_));
    PGCRATE_RETURN_IF_ERROR(RecordObjects(conn_, code_, plan_.record));
    return ForgetObjects(conn_, plan_.forget);
  }

 private:
  // Each attachment runs once, after the last of its targets that this plan creates.
  void IndexAttachments() {
    std::map<size_t, size_t> step_of;  // object -> step index
    for (size_t k = 0; k < plan_.steps.size(); ++k) {
      const Step& s = plan_.steps[k];
      if (s.object >= 0) step_of[static_cast<size_t>(s.object)] = k;
    }
    for (size_t a = 0; a < code_.attachments.size(); ++a) {
      long last = -1;
      for (size_t t : code_.attachments[a].targets) {
        auto it = step_of.find(t);
        if (it != step_of.end()) last = std::max(last, static_cast<long>(it->second));
      }
      if (last >= 0) after_[static_cast<size_t>(last)].push_back(a);
    }
  }

  Status Failed(Status st, const std::string& what, const SourceLocation& loc) const {
    return st.Prefix(what + " failed: ")
        .WithLocation(loc)
        .WithDetails(st.details().empty() ? note_ : st.details() + "\n" + note_);
  }

  pg::Connection& conn_;
  const CodeSet& code_;
  const Plan& plan_;
  const ApplyOptions& o_;
  std::string note_;                             // what a failure left behind
  std::map<size_t, std::vector<size_t>> after_;  // step index -> attachments
};

// Runs `work` in its own transaction.
Status InTransaction(pg::Connection& conn, const std::function<Status()>& work) {
  auto tx = pg::Transaction::Begin(conn);
  if (!tx.ok()) return tx.status();
  PGCRATE_RETURN_IF_ERROR(work());
  return (*tx)->Commit();
}

Status RunSplit(pg::Connection& conn, Runner& runner,
                const std::vector<migrate::MigrationFile>& files, const ApplyOptions& o,
                ApplyResult* result) {
  PGCRATE_RETURN_IF_ERROR(InTransaction(conn, [&] { return runner.Drops(); }));
  migrate::RunResult run;
  Status st = migrate::MigrateUp(conn, files, o.up, &run);
  result->migrations = run.done;
  if (!st.ok()) {
    return st.WithHint(
        "the code objects dropped before the migrations stay dropped; fix the "
        "migration and run `pgcrate apply` again, which recreates them.");
  }
  return InTransaction(conn, [&] { return runner.CreatesAndState(); });
}

}  // namespace

Result<std::vector<const migrate::MigrationFile*>> PendingMigrations(
    pg::Connection& conn, const std::vector<migrate::MigrationFile>& files) {
  auto applied = migrate::ReadApplied(conn);
  if (!applied.ok()) return applied.status();
  migrate::Overview ov = migrate::Compare(files, applied.value());
  return ov.pending;
}

Status Apply(pg::Connection& conn, const CodeSet& code,
             const std::vector<migrate::MigrationFile>& files, const ApplyOptions& options,
             ApplyResult* result) {
  auto lock = migrate::AcquireMigrationLock(conn, options.up.lock);
  if (!lock.ok()) return lock.status();
  std::vector<const migrate::MigrationFile*> pending;
  if (!options.plan.code_only) {
    auto p = PendingMigrations(conn, files);
    if (!p.ok()) return p.status();
    pending = std::move(p).value();
  }
  auto plan = MakePlan(conn, code, pending, options.plan);
  if (!plan.ok()) return plan.status();
  result->plan = std::move(plan).value();
  if (options.dry_run || result->plan.Empty()) return Status::Ok();

  Runner runner(conn, code, result->plan, options);
  ApplyOptions o = options;
  o.up.lock.use_lock = false;  // held above
  if (!result->plan.single_transaction) return RunSplit(conn, runner, files, o, result);
  o.up.wrap.before = [&](pg::Connection&) { return runner.Drops(); };
  o.up.wrap.after = [&](pg::Connection&) { return runner.CreatesAndState(); };
  if (options.plan.code_only) {
    return migrate::RunPreparedInOneTransaction(conn, {}, o.up.apply, o.up.wrap, nullptr);
  }
  migrate::RunResult run;
  Status st = migrate::MigrateUp(conn, files, o.up, &run);
  result->migrations = run.done;
  return st;
}

}  // namespace pgcrate::code

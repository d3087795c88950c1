// `migrate up` knows about the code folder: when a pending migration alters or drops a table or
// type that code objects in the database depend on (the "cannot alter type of a column used by
// a view" family), it stops before running anything and points at `pgcrate apply`, which drops
// and recreates those objects around the migration in one transaction.
#include <set>

#include "app/migrate/commands_internal.h"
#include "base/files.h"
#include "base/strings.h"
#include "code/plan.h"

namespace pgcrate::migrate::internal {
namespace {

// The objects the plan drops because a migration affects them (not because of code edits).
std::vector<std::string> AffectedAndPresent(const code::Plan& plan) {
  std::set<std::string> affected;
  for (const auto& m : plan.migrations)
    for (const auto& a : m.affected) affected.insert(a.identity);
  std::vector<std::string> out;
  for (const auto& s : plan.steps) {
    if (s.kind == code::Step::Kind::kDrop && affected.count(s.identity)) out.push_back(s.identity);
  }
  return out;
}

Status CheckCode(app::Session& session, pg::Connection& conn, const std::string& dir,
                 const std::vector<MigrationFile>& pending) {
  auto path = code::ServerSearchPath(conn);
  if (!path.ok()) return path.status();
  auto set = code::LoadCodeFolder(dir, {path.value()});
  std::vector<const MigrationFile*> ptrs;
  for (const auto& f : pending) ptrs.push_back(&f);
  Result<code::Plan> plan =
      set.ok() ? code::MakePlan(conn, set.value(), ptrs, {}) : Result<code::Plan>(set.status());
  if (!plan.ok()) {
    session.out().Warn("the code folder " + dir + " could not be planned (" +
                       plan.status().message() + "); migrate up does not check code objects.");
    return Status::Ok();
  }
  std::vector<std::string> hit = AffectedAndPresent(plan.value());
  if (hit.empty()) return Status::Ok();
  return Status(Code::kRefused,
                "the pending migrations alter or drop what code objects depend on: " +
                    base::Join(hit, ", ") +
                    "; migrate up would fail on them or leave them stale, so "
                    "nothing was applied.")
      .WithHint(
          "run `pgcrate apply`: it drops those objects, runs the migrations and recreates "
          "them from the code folder in one transaction (`pgcrate plan` shows the order).");
}

}  // namespace

PendingCheck WithCodeGate(app::Session& session, pg::Connection& conn, PendingCheck inner) {
  std::string dir = session.ProjectPath(session.config().paths.code);
  if (!base::IsDirectory(dir)) return inner;
  return [&session, &conn, dir, inner](const std::vector<MigrationFile>& pending) -> Status {
    if (inner) PGCRATE_RETURN_IF_ERROR(inner(pending));
    return CheckCode(session, conn, dir, pending);
  };
}

}  // namespace pgcrate::migrate::internal

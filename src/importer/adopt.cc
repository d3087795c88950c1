#include "importer/adopt.h"

#include <algorithm>
#include <set>

#include "base/strings.h"
#include "importer/convert.h"
#include "migrate/foreign_tracking.h"
#include "migrate/store.h"
#include "sql/quote.h"

namespace pgcrate::importer {
namespace {

std::string DefaultTable(Tool tool) {
  switch (tool) {
    case Tool::kFlyway:
      return "flyway_schema_history";
    case Tool::kSqitch:
      return "sqitch.changes";
    default:
      return "schema_migrations";
  }
}

// "schema.table" / "table" as quoted SQL; kUsage for anything else.
Result<std::string> QuotedTable(const std::string& name) {
  auto parts = base::Split(name, '.');
  if (parts.size() > 2 || parts.front().empty() || parts.back().empty()) {
    return Status(Code::kUsage, "--table takes TABLE or SCHEMA.TABLE, not '" + name + "'.");
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ".") + sql::QuoteIdent(p);
  return out;
}

// Fails with kNotFound unless `quoted` names an existing table (search_path applies).
Status RequireTable(pg::Connection& conn, Tool tool, const std::string& quoted) {
  auto r = conn.Exec("SELECT pg_catalog.to_regclass($1) IS NOT NULL", {quoted});
  if (!r.ok()) return r.status();
  if (r->str(0, 0) == "t") return Status::Ok();
  return Status(Code::kNotFound, std::string(ToolName(tool)) + "'s tracking table " + quoted +
                                     " does not exist in this database, so there is nothing to "
                                     "adopt.")
      .WithHint("check the database URL, or name the table with --table SCHEMA.TABLE.");
}

// Numbers written without leading zeros: compared by length, then digits.
bool NumberLessEq(const std::string& a, const std::string& b) {
  return a.size() != b.size() ? a.size() < b.size() : a <= b;
}

// Flyway versions "1.2.3" part by part (missing parts are 0).
bool FlywayLessEq(const std::string& a, const std::string& b) {
  auto pa = base::Split(a, '.'), pb = base::Split(b, '.');
  for (size_t i = 0; i < std::max(pa.size(), pb.size()); ++i) {
    std::string x = i < pa.size() ? pa[i] : "0", y = i < pb.size() ? pb[i] : "0";
    if (x != y) return NumberLessEq(x, y);
  }
  return true;
}

// Fills `st` from the set of applied tracking keys.
void Match(const ImportPlan& plan, const std::set<std::string>& keys, AdoptState& st) {
  std::set<std::string> matched;
  for (size_t i = 0; i < plan.migrations.size(); ++i) {
    if (keys.count(plan.migrations[i].tracking_key)) {
      st.applied.push_back(i);
      matched.insert(plan.migrations[i].tracking_key);
    }
  }
  for (const auto& k : keys) {
    if (!matched.count(k)) st.without_file.push_back(k);
  }
}

Status ReadDbmate(pg::Connection& conn, const ImportPlan& plan, AdoptState& st) {
  auto r = conn.Exec("SELECT version::text FROM " + st.table);
  if (!r.ok()) return r.status();
  std::set<std::string> keys;
  for (int i = 0; i < r->rows(); ++i) keys.insert(r->str(i, 0));
  Match(plan, keys, st);
  return Status::Ok();
}

Status ReadGolang(pg::Connection& conn, const ImportPlan& plan, AdoptState& st) {
  auto r = conn.Exec("SELECT version::text, dirty FROM " + st.table);
  if (!r.ok()) return r.status();
  if (r->rows() == 0) return Status::Ok();
  if (r->rows() > 1) {
    return Status(Code::kRefused, st.table + " holds " + std::to_string(r->rows()) +
                                      " rows; golang-migrate keeps exactly one (the current "
                                      "version), so its state is unclear.");
  }
  std::string current = r->str(0, 0);
  if (r->str(0, 1) == "t") {
    return Status(Code::kRefused, "golang-migrate's state is dirty: version " + current +
                                      " failed half-way, so what is applied is unknown; "
                                      "nothing was imported.")
        .WithHint(
            "repair the database, then `migrate force VERSION` with golang-migrate, and "
            "import again.");
  }
  bool found = false;
  for (size_t i = 0; i < plan.migrations.size(); ++i) {
    const std::string& key = plan.migrations[i].tracking_key;
    if (NumberLessEq(key, current)) st.applied.push_back(i);
    found = found || key == current;
  }
  if (!found) st.without_file.push_back(current);
  return Status::Ok();
}

Status ReadFlyway(pg::Connection& conn, const ImportPlan& plan, AdoptState& st) {
  auto r = conn.Exec("SELECT version, type FROM " + st.table +
                     " WHERE success AND version IS NOT NULL ORDER BY installed_rank");
  if (!r.ok()) return r.status();
  std::set<std::string> keys;
  std::string baseline;
  for (int i = 0; i < r->rows(); ++i) {
    std::string v = internal::NormaliseFlywayVersion(r->str(i, 0)), type = r->str(i, 1);
    if (v.empty() || type == "SCHEMA") continue;
    if (type == "BASELINE") {
      baseline = v;
    } else if (base::StartsWith(type, "UNDO_") || type == "DELETE") {
      keys.erase(v);
    } else {
      keys.insert(v);
    }
  }
  if (!baseline.empty()) {
    for (const auto& m : plan.migrations) {
      if (FlywayLessEq(m.tracking_key, baseline)) keys.insert(m.tracking_key);
    }
  }
  Match(plan, keys, st);
  return Status::Ok();
}

Status ReadSqitch(pg::Connection& conn, const ImportPlan& plan, AdoptState& st) {
  if (plan.project.empty()) {
    return Status(Code::kParse,
                  "sqitch.plan has no %project=NAME pragma; --adopt needs it to "
                  "find the project's rows in " +
                      st.table + ".");
  }
  auto r = conn.Exec(
      "SELECT change || '@' || to_char(planned_at AT TIME ZONE 'UTC', "
      "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM " +
          st.table + " WHERE project = $1",
      {plan.project});
  if (!r.ok()) return r.status();
  std::set<std::string> keys;
  for (int i = 0; i < r->rows(); ++i) keys.insert(r->str(i, 0));
  Match(plan, keys, st);
  return Status::Ok();
}

}  // namespace

Result<AdoptState> ReadToolState(pg::Connection& conn, const ImportPlan& plan,
                                 const std::string& table) {
  if (!CanAdopt(plan.tool)) {
    return Status(Code::kUsage, std::string("--adopt needs a tool with a tracking table; ") +
                                    ToolName(plan.tool) + " has none.");
  }
  auto quoted = QuotedTable(table.empty() ? DefaultTable(plan.tool) : table);
  if (!quoted.ok()) return quoted.status();
  AdoptState st;
  st.table = *quoted;
  PGCRATE_RETURN_IF_ERROR(RequireTable(conn, plan.tool, st.table));
  Status read;
  switch (plan.tool) {
    case Tool::kDbmate:
      read = ReadDbmate(conn, plan, st);
      break;
    case Tool::kGolangMigrate:
      read = ReadGolang(conn, plan, st);
      break;
    case Tool::kFlyway:
      read = ReadFlyway(conn, plan, st);
      break;
    default:
      read = ReadSqitch(conn, plan, st);
      break;
  }
  if (!read.ok())
    return read.Prefix(std::string("reading ") + ToolName(plan.tool) + "'s " + st.table + ": ");
  return st;
}

Status RecordAdopted(pg::Connection& conn, const ImportPlan& plan, const AdoptState& state,
                     const migrate::LockOptions& lock, const std::function<Status()>& before_commit,
                     AdoptResult* result) {
  auto held = migrate::AcquireMigrationLock(conn, lock);
  if (!held.ok()) return held.status();
  PGCRATE_RETURN_IF_ERROR(migrate::EnsureTrackingTable(conn));
  PGCRATE_RETURN_IF_ERROR(migrate::EnsureForeignTrackingStore(conn));
  PGCRATE_RETURN_IF_ERROR(conn.Run("BEGIN"));
  auto fail = [&conn](Status st) {
    (void)conn.Run("ROLLBACK");
    return st;
  };
  auto have = migrate::ReadAppliedVersions(conn);
  if (!have.ok()) return fail(have.status());
  AdoptResult r;
  std::vector<const migrate::MigrationFile*> record;
  for (size_t i : state.applied) {
    const migrate::MigrationFile& f = plan.migrations[i].file;
    if (have->count(f.version)) {
      r.already_recorded.push_back(i);
      continue;
    }
    record.push_back(&f);
    r.recorded.push_back(i);
  }
  Status recorded = migrate::RecordAppliedAll(conn, record);  // one statement for all
  if (!recorded.ok()) return fail(recorded);
  // The tool's table stays (the way back), left out of drift checks from now on; sqitch's
  // registry is a schema of its own.
  Status foreign = migrate::RecordForeignTracking(conn, ToolName(plan.tool), state.table,
                                                  plan.tool == Tool::kSqitch);
  if (!foreign.ok()) return fail(foreign);
  if (before_commit) {
    Status st = before_commit();
    if (!st.ok()) return fail(st);
  }
  PGCRATE_RETURN_IF_ERROR(conn.Run("COMMIT"));
  if (result) *result = std::move(r);
  return Status::Ok();
}

}  // namespace pgcrate::importer

#include "app/dba/doctor.h"

#include "app/dba/commands.h"
#include "app/dba/render.h"
#include "app/server_facts.h"
#include "base/files.h"
#include "base/strings.h"
#include "dba/registry.h"
#include "migrate/migration_file.h"
#include "migrate/overview.h"
#include "migrate/store.h"
#include "pg/program_version.h"
#include "shadow/shadow.h"
#include "sql/quote.h"

namespace pgcrate::dba {
namespace {

using nlohmann::ordered_json;

enum class Level { kOk, kWarning, kError };

struct Item {
  std::string name;
  Level level = Level::kOk;
  std::string message;
  std::vector<std::string> notes;  // findings or hints, one line each
  ordered_json details = ordered_json::object();
};

const char* LevelName(Level l) {
  return l == Level::kOk ? "ok" : l == Level::kWarning ? "warning" : "error";
}

Item ConfigItem(app::Session& s) {
  const config::Config& c = s.config();
  Item it{"config",
          Level::kOk,
          c.file.empty() ? "no pgcrate.toml; using defaults" : c.file + " is valid",
          {},
          {}};
  if (!c.warnings.empty()) {
    it.level = Level::kWarning;
    it.message = c.file + " has " + std::to_string(c.warnings.size()) + " warnings";
    it.notes = c.warnings;
  }
  it.details = {{"file", c.file}, {"warnings", c.warnings}};
  return it;
}

Item ServerItem(const app::ServerFacts& f) {
  Item it{"server",
          Level::kOk,
          "PostgreSQL " + f.version + (f.in_recovery ? " (standby)" : ""),
          {},
          {}};
  int major = pg::MajorOf(f.version_num);
  if (major < pg::kOldestSupportedMajor) {
    it.level = Level::kError;
    it.message = app::ServerSupport(f);
  } else if (major > pg::kNewestTestedMajor) {
    it.level = Level::kWarning;
    it.message = app::ServerSupport(f);
  }
  it.notes.push_back(app::ServerSupport(f));
  bool stats = f.superuser || f.pg_monitor || f.read_all_stats;
  if (!stats) {
    it.notes.push_back("role " + f.current_user +
                       " lacks pg_monitor: checks see only its own "
                       "sessions' queries");
  }
  it.details = {{"version", f.version},
                {"version_num", f.version_num},
                {"in_recovery", f.in_recovery},
                {"supported", major >= pg::kOldestSupportedMajor},
                {"user", f.current_user},
                {"superuser", f.superuser},
                {"pg_monitor", f.pg_monitor || f.superuser}};
  return it;
}

std::vector<std::string> Versions(const std::vector<const migrate::MigrationFile*>& files) {
  std::vector<std::string> out;
  for (const auto* f : files) out.push_back(f->file_name);
  return out;
}

Item MigrationsItem(app::Session& s, pg::Connection& conn) {
  std::string dir = base::JoinPath(s.config().project_root, s.config().paths.migrations);
  Item it{"migrations", Level::kOk, "", {}, {{"directory", s.config().paths.migrations}}};
  auto files = migrate::DiscoverMigrations(dir);
  if (!files.ok() && files.status().code() != Code::kNotFound) {
    return {"migrations", Level::kError, files.status().ToString(), {}, it.details};
  }
  std::vector<migrate::MigrationFile> list =
      files.ok() ? files.value() : std::vector<migrate::MigrationFile>{};
  auto applied = migrate::ReadApplied(conn);
  if (!applied.ok()) {
    return {"migrations",
            Level::kError,
            "cannot read pgcrate.schema_migrations: " + applied.status().ToString(),
            {},
            it.details};
  }
  migrate::Overview o = migrate::Compare(list, applied.value());
  it.details["files"] = list.size();
  it.details["applied"] = o.applied.size();
  it.details["pending"] = Versions(o.pending);
  it.message = std::to_string(o.applied.size()) + " applied, " + std::to_string(o.pending.size()) +
               " pending" +
               (files.ok() ? "" : " (no " + s.config().paths.migrations + " directory)");
  if (!o.pending.empty()) {
    it.level = Level::kWarning;
    it.notes.push_back("pending: " + base::Join(Versions(o.pending), ", ") +
                       " -> run `pgcrate migrate up`");
  }
  for (const auto* m : o.missing) {
    it.level = Level::kWarning;
    it.notes.push_back("applied " + m->version + " has no file in " + s.config().paths.migrations);
  }
  for (const auto& c : o.changed) {
    it.level = Level::kWarning;
    it.notes.push_back(c.file->file_name + " changed after it was applied (checksum differs)");
  }
  return it;
}

// Shadow databases of `migrate check`/`autogenerate` runs that were killed: nobody holds
// their liveness lock (shadow/shadow.h). The next such run on this server drops them.
Item ShadowItem(pg::Connection& conn) {
  Item it{"shadow-databases", Level::kOk, "no stale shadow databases", {}, {}};
  auto stale = shadow::FindStaleShadows(conn);
  if (!stale.ok()) {
    it.message = "cannot list shadow databases: " + stale.status().message();
    return it;
  }
  it.details = {{"stale", *stale}};
  if (stale->empty()) return it;
  it.level = Level::kWarning;
  it.message = std::to_string(stale->size()) +
               " shadow database(s) left behind by pgcrate processes that no longer run";
  for (const std::string& name : *stale) {
    it.notes.push_back(name + " -> dropped by the next `pgcrate migrate check`, or DROP DATABASE " +
                       sql::QuoteIdent(name));
  }
  return it;
}

Item CheckItem(app::Session& s, pg::Connection& conn, const CheckDescriptor& check) {
  auto r = RunConfiguredCheck(s, conn, check.id, CheckOptions{});
  if (!r.ok()) return {check.id, Level::kError, r.status().ToString(), {}, {}};
  Item it{check.id, Level::kOk, r->summary, {}, ReportJson(r.value(), true)};
  if (r->status == Severity::kCritical) it.level = Level::kError;
  if (r->status == Severity::kWarning) it.level = Level::kWarning;
  for (const Finding& f : r->findings) {
    if (f.severity < Severity::kWarning) continue;
    it.notes.push_back((f.object.empty() ? "" : f.object + ": ") + f.message + " -> " +
                       (f.fix ? f.fix->command : f.action));
  }
  return it;
}

ordered_json DoctorJson(const std::vector<Item>& items, Level worst) {
  ordered_json checks = ordered_json::array();
  ordered_json counts = {{"ok", 0}, {"warning", 0}, {"error", 0}};
  for (const Item& i : items) {
    counts[LevelName(i.level)] = counts[LevelName(i.level)].get<int>() + 1;
    checks.push_back({{"name", i.name},
                      {"status", LevelName(i.level)},
                      {"message", i.message},
                      {"notes", i.notes},
                      {"details", i.details}});
  }
  return {{"status", LevelName(worst)}, {"summary", counts}, {"checks", checks}};
}

std::string DoctorText(const std::vector<Item>& items, bool verbose) {
  std::string body;
  int counts[3] = {0, 0, 0};
  for (const Item& i : items) {
    counts[static_cast<int>(i.level)]++;
    if (i.level == Level::kOk && !verbose) continue;
    std::string label = i.level == Level::kOk        ? "ok"
                        : i.level == Level::kWarning ? "WARNING"
                                                     : "ERROR";
    body += "  " + label + std::string(9 - label.size(), ' ') + i.name + ": " + i.message + "\n";
    for (const auto& n : i.notes) body += "           " + n + "\n";
  }
  return "doctor: " + std::to_string(counts[2]) + " errors, " + std::to_string(counts[1]) +
         " warnings, " + std::to_string(counts[0]) + " ok\n" + body;
}

void Fatal(app::Session& s, const DoctorOptions& o, const Status& st) {
  if (!o.quiet) s.out().Error(st);
}

}  // namespace

DoctorVerdict RunDoctor(app::Session& session, const DoctorOptions& options) {
  Status cfg = session.LoadConfig();
  if (!cfg.ok()) return Fatal(session, options, cfg), DoctorVerdict::kFatal;
  auto target = session.Target();
  if (!target.ok()) return Fatal(session, options, target.status()), DoctorVerdict::kFatal;
  session.AllowUnsupportedServer();  // the server item says whether it is supported
  auto conn = session.Connect();
  if (!conn.ok()) return Fatal(session, options, conn.status()), DoctorVerdict::kFatal;
  std::vector<Item> items = {ConfigItem(session)};
  items.push_back(
      {"connection", Level::kOk, target->display + " (from " + target->source + ")", {}, {}});
  auto facts = app::LoadServerFacts(*conn.value());
  if (!facts.ok()) return Fatal(session, options, facts.status()), DoctorVerdict::kFatal;
  items.push_back(ServerItem(facts.value()));
  items.push_back(MigrationsItem(session, *conn.value()));
  items.push_back(ShadowItem(*conn.value()));
  for (const CheckDescriptor* c : DoctorChecks())
    items.push_back(CheckItem(session, *conn.value(), *c));
  Level worst = Level::kOk;
  for (const Item& i : items) worst = std::max(worst, i.level);
  if (!options.quiet) {
    if (session.out().json()) {
      session.out().Json(DoctorJson(items, worst));
    } else {
      session.out().Data(DoctorText(items, options.verbose));
    }
  }
  if (worst == Level::kError) return DoctorVerdict::kErrors;
  return worst == Level::kWarning ? DoctorVerdict::kWarnings : DoctorVerdict::kOk;
}

}  // namespace pgcrate::dba

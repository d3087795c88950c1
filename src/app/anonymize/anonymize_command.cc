#include "app/anonymize/anonymize_command.h"

#include <nlohmann/json.hpp>

#include "anonymize/catalog.h"
#include "anonymize/check.h"
#include "anonymize/copy.h"
#include "anonymize/keyed_hash.h"
#include "app/source.h"
#include "base/process.h"
#include "output/output.h"
#include "pg/conninfo.h"
#include "pg/program_version.h"
#include "snapshot/tools.h"

namespace pgcrate::app {
namespace {

using Json = nlohmann::ordered_json;

Result<anonymize::RuleSet> LoadRules(Session& session) {
  PGCRATE_RETURN_IF_ERROR(session.LoadConfig());
  std::vector<anonymize::RuleEntry> entries;
  for (const config::AnonymizeEntry& e : session.config().anonymize) {
    entries.push_back({e.key, e.strategy, e.line});
  }
  return anonymize::ParseRules(entries, session.config().file);
}

// The salt, from the environment or random for this run only; never printed.
Result<std::string> Salt(Session& session, bool allow_random) {
  std::string salt = base::GetEnv(kAnonSaltEnv);
  if (!salt.empty()) return salt;
  if (!allow_random) {
    return Status(Code::kConfig, std::string(kAnonSaltEnv) +
                                     " is not set: anonymize needs a secret salt so that the "
                                     "same input maps to the same output in every run.")
        .WithHint("export " + std::string(kAnonSaltEnv) +
                  "=<a long secret> (keep it out of the repository), or pass "
                  "--allow-random-salt for a one-off copy whose values differ from run to run.");
  }
  session.out().Warn("no " + std::string(kAnonSaltEnv) +
                     ": using a random salt for this run; a second run gives other values");
  return anonymize::RandomSalt();
}

Status CheckTargetUrl(Session& session, const std::string& to) {
  if (to.empty()) return Status(Code::kUsage, "--to URL is required (an empty database).");
  auto parsed = pg::ParseConnInfo(to);
  if (!parsed.ok()) return Status(Code::kUsage, "--to: " + parsed.status().message());
  pg::RegisterConnInfoSecrets(to);
  pg::ConnTarget t = pg::ResolveConnTarget(to);
  std::string db = t.dbname.empty() ? t.user : t.dbname;
  std::string why = config::ProductionMatch(session.config(), {t.host, db, t.user});
  if (why.empty()) return Status::Ok();
  return Status(Code::kRefused, "the --to database is a production database (" + why +
                                    "); anonymize writes copies for development only.")
      .WithHint("pick a development database, or adjust [production] patterns.");
}

Result<anonymize::CopyOptions> CopyOptionsFor(Session& session, const AnonymizeOptions& options,
                                              anonymize::RuleSet rules, int server_version) {
  anonymize::CopyOptions o;
  const config::Tools& tools = session.config().tools;
  // One home for finding the client programs and checking their versions: snapshot's.
  auto pg_dump =
      snapshot::FindTool("pg_dump", tools.pg_dump, pg::MajorOf(server_version), "the server");
  if (!pg_dump.ok()) return pg_dump.status();
  auto psql = snapshot::FindTool("psql", tools.psql, 0, "the server");
  if (!psql.ok()) return psql.status();
  auto salt = Salt(session, options.allow_random_salt);
  if (!salt.ok()) return salt.status();
  auto target = session.Target();
  if (!target.ok()) return target.status();
  o.source_conninfo = target->conninfo;
  o.target_conninfo = options.to;
  o.pg_dump = pg_dump->path;
  o.psql = psql->path;
  o.rules = std::move(rules);
  o.rules_file = session.config().file;
  o.salt = std::move(salt).value();
  const output::Output* out = &session.out();
  o.progress = [out](const std::string& what) { out->Info("anonymize: " + what); };
  return o;
}

void PrintCopy(const Session& session, const anonymize::CopyResult& r, const std::string& source,
               const std::string& target) {
  if (session.out().json()) {
    Json tables = Json::array();
    for (const anonymize::CopiedTable& t : r.tables) {
      tables.push_back({{"table", t.name},
                        {"rows", t.rows},
                        {"bytes", t.bytes},
                        {"anonymized_columns", t.changed},
                        {"elapsed_ms", t.elapsed_ms}});
    }
    session.out().Json({{"source", source},
                        {"target", target},
                        {"tables", tables},
                        {"rows", r.rows},
                        {"bytes", r.bytes},
                        {"sequences", r.sequences},
                        {"elapsed_ms", r.elapsed_ms}});
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const anonymize::CopiedTable& t : r.tables) {
    std::string changed;
    for (const std::string& c : t.changed) changed += (changed.empty() ? "" : ", ") + c;
    rows.push_back({t.name, std::to_string(t.rows), changed.empty() ? "-" : changed});
  }
  std::string text = output::RenderTable({"table", "rows", "anonymized"}, rows, false);
  text += "Copied " + std::to_string(r.tables.size()) + " table(s), " + std::to_string(r.rows) +
          " rows, " + std::to_string(r.sequences) + " sequence(s) from " + source + " to " +
          target + " in " + std::to_string(static_cast<int64_t>(r.elapsed_ms)) + " ms.\n";
  session.out().Data(text);
}

Result<anonymize::RuleSet> NonEmptyRules(Session& session) {
  auto rules = LoadRules(session);
  if (!rules.ok()) return rules.status();
  if (rules->rules.empty()) {
    return Status(Code::kConfig,
                  "pgcrate.toml has no [anonymize] rules: the copy would not be "
                  "anonymized.")
        .WithHint(
            "add rules such as \"public.users.email\" = \"email\"; `pgcrate anonymize "
            "check` lists the columns that look like personal data.");
  }
  return rules;
}

}  // namespace

Status CheckAnonymizeReady(Session& session, bool allow_random_salt) {
  auto rules = NonEmptyRules(session);
  if (!rules.ok()) return rules.status();
  return Salt(session, allow_random_salt).status();
}

Status CopyAnonymized(Session& session, pg::Connection& source, pg::Connection& target,
                      const std::string& target_conninfo, bool allow_random_salt, int64_t* rows) {
  auto rules = NonEmptyRules(session);
  if (!rules.ok()) return rules.status();
  AnonymizeOptions options{target_conninfo, allow_random_salt};
  auto copy = CopyOptionsFor(session, options, std::move(rules).value(), source.server_version());
  if (!copy.ok()) return copy.status();
  auto result = anonymize::CopyDatabase(source, target, *copy);
  if (!result.ok()) return result.status();
  if (rows) *rows = result->rows;
  return Status::Ok();
}

Status RunAnonymize(Session& session, const AnonymizeOptions& options) {
  auto rules = NonEmptyRules(session);
  if (!rules.ok()) return rules.status();
  PGCRATE_RETURN_IF_ERROR(CheckTargetUrl(session, options.to));
  auto source = session.Connect();
  if (!source.ok()) return source.status();
  auto target = OpenSource(session, options.to);
  if (!target.ok()) return target.status();
  auto copy =
      CopyOptionsFor(session, options, std::move(rules).value(), (*source)->server_version());
  if (!copy.ok()) return copy.status();
  auto result = anonymize::CopyDatabase(**source, *target->conn, *copy);
  if (!result.ok()) return result.status();
  PrintCopy(session, *result, (*source)->Describe(), target->label);
  return Status::Ok();
}

Status RunAnonymizeCheck(Session& session, bool& covered) {
  auto rules = LoadRules(session);
  if (!rules.ok()) return rules.status();
  auto conn = session.Connect();
  if (!conn.ok()) return conn.status();
  auto tables = anonymize::LoadTables(**conn);
  if (!tables.ok()) return tables.status();
  anonymize::CheckResult r = anonymize::CheckCoverage(*tables, *rules);
  covered = r.ok();
  if (session.out().json()) {
    Json uncovered = Json::array();
    for (const auto& u : r.uncovered) {
      uncovered.push_back({{"schema", u.schema},
                           {"table", u.table},
                           {"column", u.column},
                           {"type", u.type},
                           {"reason", u.reason}});
    }
    Json stale = Json::array();
    for (const auto& s : r.stale) {
      stale.push_back({{"key", s.key}, {"line", s.line}, {"reason", s.reason}});
    }
    session.out().Json({{"covered", covered},
                        {"columns_checked", r.columns_checked},
                        {"rules", r.rules},
                        {"uncovered", uncovered},
                        {"unknown_rules", stale}});
    return Status::Ok();
  }
  std::string text;
  for (const auto& u : r.uncovered) {
    text += u.schema + "." + u.table + "." + u.column + " (" + u.type + "): " + u.reason +
            ", no [anonymize] rule\n";
  }
  for (const auto& s : r.stale) {
    text += session.config().file + ":" + std::to_string(s.line) + ": rule \"" + s.key +
            "\" names nothing: " + s.reason + "\n";
  }
  text += covered ? "All " + std::to_string(r.columns_checked) +
                        " columns checked: every personal-data column has a rule.\n"
                  : std::to_string(r.uncovered.size()) + " column(s) without a rule, " +
                        std::to_string(r.stale.size()) + " rule(s) naming nothing.\n";
  session.out().Data(text);
  return Status::Ok();
}

}  // namespace pgcrate::app

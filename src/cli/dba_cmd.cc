// Registers `pgcrate dba ...`: one subcommand per check in dba/registry.cc, plus triage,
// doctor, explain and `dba fix sequence|index|vacuum|bloat`. Exit codes for checks:
// 0 healthy, 1 warning, 2 critical, 10 operational failure, 11 refused by a fix gate, 12 usage
// error (bad arguments).
#include <CLI/CLI.hpp>
#include <memory>

#include "app/dba/commands.h"
#include "app/dba/doctor.h"
#include "app/dba/fix_command.h"
#include "base/files.h"
#include "cli/cli.h"
#include "dba/registry.h"
#include "output/exit_codes.h"

namespace pgcrate::cli {
namespace dba_cmd {
namespace {

int DbaExit(const output::Output& out, const Result<dba::Outcome>& r) {
  if (!r.ok()) {
    out.Error(r.status());
    if (r.status().code() == Code::kUsage) return output::kExitDbaUsage;
    return r.status().code() == Code::kRefused ? output::kExitDbaRefused
                                               : output::kExitDbaOperational;
  }
  if (r->failed) return output::kExitDbaOperational;
  if (r->severity == dba::Severity::kCritical) return output::kExitDbaCritical;
  if (r->severity == dba::Severity::kWarning) return output::kExitDbaWarning;
  return output::kExitOk;
}

// doctor's own codes: 0 ok (warnings too), 1 errors (or warnings with --strict), 2 fatal.
int DoctorExit(dba::DoctorVerdict v, bool strict) {
  switch (v) {
    case dba::DoctorVerdict::kFatal:
      return output::kExitUsage;
    case dba::DoctorVerdict::kErrors:
      return output::kExitFailure;
    case dba::DoctorVerdict::kWarnings:
      return strict ? output::kExitFailure : output::kExitOk;
    case dba::DoctorVerdict::kOk:
      return output::kExitOk;
  }
  return output::kExitFailure;
}

void RegisterChecks(CLI::App* dba, CliContext& ctx) {
  for (const dba::CheckDescriptor* check : dba::AllChecks()) {
    if (check->id == "explain") continue;
    auto limit = std::make_shared<int>(10);
    CLI::App* cmd = dba->add_subcommand(check->id, check->summary);
    WholeNumber(
        cmd->add_option("--limit", *limit, "Rows to list where a check lists top items (10)"), 1);
    std::string id = check->id;
    cmd->callback([&ctx, id, limit] {
      ctx.action = [id, limit](app::Session& s) {
        dba::CheckOptions o;
        o.limit = *limit;
        return DbaExit(s.out(), dba::RunCheckCommand(s, id, o));
      };
    });
  }
}

void RegisterExplain(CLI::App* dba, CliContext& ctx) {
  struct Flags {
    std::string query, file;
    bool analyze = false, include_actions = false;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* cmd = dba->add_subcommand("explain", "Query plan analysis with recommendations");
  cmd->add_option("query", f->query, "The statement to explain");
  cmd->add_option("--file", f->file, "Read the statement from a file")->type_name("FILE");
  cmd->add_flag("--analyze", f->analyze, "Execute it (EXPLAIN ANALYZE, rolled back)");
  cmd->add_flag("--include-actions", f->include_actions, "Add fix actions to --json output");
  cmd->callback([&ctx, f] {
    ctx.action = [f](app::Session& s) {
      dba::CheckOptions o;
      o.query = f->query;
      o.analyze = f->analyze;
      o.allow_write = s.options().read_write;
      if (!f->file.empty()) {
        auto text = base::ReadFile(f->file);
        if (!text.ok()) return DbaExit(s.out(), text.status());
        o.query = text.value();
        o.query_file = f->file;
      }
      if (o.query.empty()) {
        return DbaExit(s.out(), Status(Code::kUsage,
                                       "dba explain needs a statement: pass it "
                                       "as an argument or with --file."));
      }
      return DbaExit(s.out(), dba::RunExplainCommand(s, o, f->include_actions));
    };
  });
}

void RegisterTriageDoctor(CLI::App* dba, CliContext& ctx) {
  auto fixes = std::make_shared<bool>(false);
  CLI::App* triage = dba->add_subcommand("triage",
                                         "Quick triage: locks, connections, xid, "
                                         "sequences, replication");
  triage->add_flag("--include-fixes", *fixes, "Add the fix command and SQL for each finding");
  triage->callback([&ctx, fixes] {
    ctx.action = [fixes](app::Session& s) { return DbaExit(s.out(), dba::RunTriage(s, *fixes)); };
  });
  auto d = std::make_shared<dba::DoctorOptions>();
  CLI::App* doctor = dba->add_subcommand("doctor",
                                         "One-command health check (connection, "
                                         "version, migrations, config, database)");
  doctor->add_flag("--verbose", d->verbose, "Show passing checks too");
  doctor->add_flag("--strict", d->strict, "Treat warnings as errors (exit 1)");
  doctor->add_flag("--quiet", d->quiet, "No output, exit code only");
  doctor->callback([&ctx, d] {
    ctx.action = [d](app::Session& s) {
      dba::DoctorOptions o = *d;
      o.quiet = o.quiet || s.out().mode().quiet;
      return DoctorExit(dba::RunDoctor(s, o), o.strict);
    };
  });
}

void RegisterFixes(CLI::App* dba, CliContext& ctx) {
  CLI::App* fix = dba->add_subcommand("fix", "Remediation commands (gated)");
  fix->require_subcommand(1);
  auto f = std::make_shared<dba::FixOptions>();
  auto common = [f](CLI::App* c) {
    c->add_flag("--dry-run", f->dry_run, "Print the exact SQL and change nothing");
    c->add_flag("-y,--yes", f->yes, "Confirm a medium or high risk fix");
    c->add_flag("--verify", f->verify, "Re-run the check afterwards");
  };
  CLI::App* seq = fix->add_subcommand("sequence", "Upgrade a sequence's type (ALTER SEQUENCE)");
  seq->add_option("sequence", f->object, "Schema-qualified sequence")->required();
  seq->add_option("--upgrade-to", f->upgrade_to, "integer or bigint")->required();
  CLI::App* idx = fix->add_subcommand("index", "Drop an index (DROP INDEX CONCURRENTLY)");
  idx->add_option("--drop", f->object, "Schema-qualified index to drop")->required();
  CLI::App* vac = fix->add_subcommand("vacuum", "VACUUM a table");
  vac->add_option("table", f->object, "Schema-qualified table")->required();
  vac->add_flag("--full", f->full, "VACUUM FULL (ACCESS EXCLUSIVE lock; high risk)");
  vac->add_flag("--analyze", f->analyze, "Also update statistics");
  vac->add_flag("--freeze", f->freeze, "Freeze tuples (xid wraparound)");
  CLI::App* bloat = fix->add_subcommand("bloat", "REINDEX a bloated index");
  bloat->add_option("index", f->object, "Schema-qualified index")->required();
  bloat->add_flag("--blocking", f->blocking, "Plain REINDEX (blocks writes; high risk)");
  for (CLI::App* c : {seq, idx, vac, bloat}) {
    common(c);
    std::string kind = c->get_name();
    c->callback([&ctx, f, kind] {
      ctx.action = [f, kind](app::Session& s) {
        return DbaExit(s.out(), dba::RunFix(s, kind, *f));
      };
    });
  }
}

void RegisterDba(CLI::App& app, CliContext& ctx) {
  CLI::App* dba = Namespace(app, "dba", "DBA diagnostics, health checks and gated fixes");
  RegisterTriageDoctor(dba, ctx);
  RegisterChecks(dba, ctx);
  RegisterExplain(dba, ctx);
  RegisterFixes(dba, ctx);
}

const Registrar kRegistrar(60, {"dba"}, RegisterDba);

}  // namespace
}  // namespace dba_cmd
}  // namespace pgcrate::cli

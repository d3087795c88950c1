#include "app/lint/lint_command.h"

#include <unistd.h>

#include "app/migration_units.h"
#include "base/files.h"
#include "base/process.h"
#include "lint/render.h"
#include "lint/sources.h"
#include "pgcrate/version.h"

namespace pgcrate::lint {
namespace {

// The connection for DB-aware rules, or nullptr (offline, nothing configured, unreachable).
pg::Connection* MaybeConnect(app::Session& s, bool offline) {
  if (offline) return nullptr;
  auto target = s.Target();
  if (!target.ok() || target->conninfo.empty()) return nullptr;
  auto conn = s.Connect();
  if (!conn.ok()) {
    s.out().Warn("warning: " + conn.status().message() + " Linting without the live catalog.");
    return nullptr;
  }
  return conn.value();
}

// Hands the report to stdout piece by piece (see Output::DataPart), ending with a newline as
// Output::Data does.
class StdoutSink : public Sink {
 public:
  explicit StdoutSink(const output::Output& out) : out_(out) {}
  ~StdoutSink() override { out_.DataPart(last_ == '\n' ? "" : "\n", true); }
  void Write(std::string_view text) override {
    if (text.empty()) return;
    out_.DataPart(text, false);
    last_ = text.back();
  }

 private:
  const output::Output& out_;
  char last_ = 0;
};

void Print(const output::Output& out, const LintReport& report, Format format) {
  StdoutSink sink(out);
  switch (format) {
    case Format::kJson:
      WriteJson(report, true, sink);
      break;
    case Format::kGithub:
      WriteGithub(report, sink);
      break;
    case Format::kSarif:
      WriteSarif(report, kVersion, sink);
      break;
    case Format::kText:
      WriteText(report, base::IsTty(STDOUT_FILENO) && base::GetEnv("NO_COLOR").empty(), sink);
      break;
  }
}

}  // namespace

RuleConfig RuleConfigOf(const app::Session& session) {
  const config::Lint& cfg = session.config().lint;
  RuleConfig rules;
  rules.disable = cfg.disable;
  rules.severity = cfg.severity;
  rules.naming = cfg.naming;
  rules.large_table_rows = cfg.large_table_rows;
  return rules;
}

namespace {

// The pending migrations of the project and of every module (templates expanded).
Result<std::vector<LintFile>> PendingUnitFiles(app::Session& session, pg::Connection* conn) {
  auto units = app::SelectUnits(session, "");
  if (!units.ok()) return units.status();
  std::vector<LintFile> out;
  for (const auto& unit : units.value()) {
    auto files =
        unit.module.empty()
            ? PendingLintFiles(base::JoinPath(session.config().project_root, unit.dir), conn)
            : PendingLintFiles(unit.dir, conn, unit.discover, unit.tracking);
    if (!files.ok()) return files.status();
    for (auto& f : files.value()) out.push_back(std::move(f));
  }
  return out;
}

// The modules' directories, for files given on the command line.
std::vector<ModuleDir> ModuleDirs(app::Session& session) {
  std::vector<ModuleDir> out;
  if (!app::HasModules(session)) return out;
  auto units = app::SelectUnits(session, "");
  if (!units.ok()) return out;  // a config error surfaces where the units are needed
  for (const auto& unit : *units) {
    if (!unit.module.empty()) out.push_back({unit.dir, unit.discover});
  }
  return out;
}

}  // namespace

Result<LintReport> RunLint(app::Session& session, const LintCommandOptions& options) {
  Format format = Format::kText;
  if (!ParseFormat(options.format, format)) {
    return Status(Code::kUsage,
                  "unknown --format '" + options.format + "'; use text, json, github or sarif.");
  }
  if (session.out().json()) format = Format::kJson;
  PGCRATE_RETURN_IF_ERROR(session.LoadConfig());
  pg::Connection* conn = MaybeConnect(session, options.offline);
  Catalog catalog;
  if (conn) {
    auto loaded = LoadCatalog(*conn);
    if (!loaded.ok()) return loaded.status();
    catalog = std::move(loaded.value());
  }
  auto files = options.files.empty() ? PendingUnitFiles(session, conn)
                                     : ReadLintFiles(options.files, ModuleDirs(session));
  if (!files.ok()) return files.status();
  if (options.files.empty()) {
    auto code = CodeLintFiles(session.ProjectPath(session.config().paths.code));
    if (!code.ok()) return code.status();
    for (auto& f : code.value()) files->push_back(std::move(f));
  }
  auto lint_options = OptionsFor(RuleConfigOf(session), &catalog);
  if (!lint_options.ok()) return lint_options.status();
  LintReport report = Lint(files.value(), lint_options.value());
  Print(session.out(), report, format);
  return report;
}

migrate::PendingCheck GateFor(app::Session& session, pg::Connection& conn) {
  GateOptions gate;
  if (!session.LoadConfig().ok() || !ParseGateMode(session.config().migrate.lint, gate.mode)) {
    return {};
  }
  gate.rules = RuleConfigOf(session);
  const output::Output* out = &session.out();
  gate.on_findings = [out](const LintReport& report) {
    if (!out->json()) out->Warn(RenderText(report, false));
  };
  return MakeGate(conn, std::move(gate));
}

}  // namespace pgcrate::lint

#include "lint/gate.h"

#include <memory>

#include "lint/sources.h"

namespace pgcrate::lint {
namespace {

Status Check(pg::Connection& conn, const GateOptions& o,
             const std::vector<migrate::MigrationFile>& pending) {
  if (pending.empty()) return Status::Ok();
  Catalog catalog;
  if (auto loaded = LoadCatalog(conn); loaded.ok()) catalog = std::move(loaded.value());
  auto files = ReadMigrations(pending);
  if (!files.ok()) return files.status();
  auto options = OptionsFor(o.rules, &catalog);
  if (!options.ok()) return options.status();
  LintReport report = Lint(files.value(), options.value());
  if (report.findings.empty()) return Status::Ok();
  if (o.on_findings) o.on_findings(report);
  if (o.mode == GateMode::kError && report.errors > 0) {
    return Status(Code::kRefused, "migrate lint found " + std::to_string(report.errors) +
                                      " error(s) in the pending migrations; nothing was applied.")
        .WithHint(
            "fix them, add `-- pgcrate-lint: ignore <rule-id>` on the statement, or set "
            "[migrate] lint = \"warn\".");
  }
  return Status::Ok();
}

}  // namespace

bool ParseGateMode(const std::string& name, GateMode& out) {
  if (name == "off") {
    out = GateMode::kOff;
  } else if (name == "warn") {
    out = GateMode::kWarn;
  } else if (name == "error") {
    out = GateMode::kError;
  } else {
    return false;
  }
  return true;
}

Result<LintOptions> OptionsFor(const RuleConfig& rules, const Catalog* catalog) {
  LintOptions o;
  PGCRATE_RETURN_IF_ERROR(ApplyConfig(rules.disable, rules.severity, rules.naming, o));
  o.large_table_rows = rules.large_table_rows;
  o.catalog = catalog && catalog->loaded ? catalog : nullptr;
  if (o.catalog) o.settings.server_version_num = catalog->server_version_num;
  return o;
}

migrate::PendingCheck MakeGate(pg::Connection& conn, GateOptions options) {
  if (options.mode == GateMode::kOff) return {};
  auto shared = std::make_shared<const GateOptions>(std::move(options));
  return [&conn, shared](const std::vector<migrate::MigrationFile>& pending) {
    return Check(conn, *shared, pending);
  };
}

}  // namespace pgcrate::lint

// The `[migrate] lint` gate of a migration run: before anything is applied, the migrations
// about to run are linted with the live catalog of the database they go to, and the run is
// refused (kRefused, nothing applied) when the mode is kError and a finding is an error. The
// same gate serves `pgcrate migrate up` and the embeddable Migrator::Up, which install it as
// migrate::UpOptions::pre_run_check.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "lint/facts.h"
#include "lint/linter.h"
#include "migrate/runner.h"
#include "pg/connection.h"
#include "pgcrate/status.h"

namespace pgcrate::lint {

enum class GateMode { kOff, kWarn, kError };

// "off" | "warn" | "error" (the values pgcrate.toml accepts); false otherwise.
bool ParseGateMode(const std::string& name, GateMode& out);

// The [lint] section: the rule settings every lint run uses.
struct RuleConfig {
  std::vector<std::string> disable;             // rule ids that never run
  std::map<std::string, std::string> severity;  // rule id -> "error" | "warning" | "off"
  std::map<std::string, std::string> naming;    // [lint.naming] kind -> pattern
  int64_t large_table_rows = 10000;
};

// The linter's options for `rules`, using `catalog` when it is loaded (else none); kConfig for
// an unknown rule id or severity (see ApplyConfig).
Result<LintOptions> OptionsFor(const RuleConfig& rules, const Catalog* catalog);

struct GateOptions {
  GateMode mode = GateMode::kOff;
  RuleConfig rules;
  // Called once with the report when it has findings, before the run is refused or goes on
  // (the CLI prints them on stderr; the library keeps them).
  std::function<void(const LintReport&)> on_findings;
};

// The check to install as UpOptions::pre_run_check; empty when the mode is kOff. It loads the
// catalog of `conn` (linting without it when that fails), so `conn` must outlive it.
migrate::PendingCheck MakeGate(pg::Connection& conn, GateOptions options);

}  // namespace pgcrate::lint

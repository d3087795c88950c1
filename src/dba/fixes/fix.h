// The engine of `pgcrate dba fix sequence|index|vacuum|bloat`: remediations behind gates. A
// fix is planned (the exact SQL, its risk), gated (write access and the primary confirmed by
// the caller, --yes for medium/high risk ones such as DROP INDEX CONCURRENTLY, REINDEX or
// VACUUM FULL, never on a standby or a read-only session) and executed statement by statement
// with a snapshot of the object before and after. Printing, the production gate and --verify
// are the command's (app/dba/fix_command.h).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dba/check.h"
#include "pg/connection.h"
#include "pgcrate/status.h"

namespace pgcrate::dba {

struct FixOptions {
  std::string object;      // schema-qualified sequence, index or table
  std::string upgrade_to;  // fix sequence: "integer" | "bigint"
  bool dry_run = false;
  bool yes = false;
  bool verify = false;
  bool full = false;      // fix vacuum --full
  bool analyze = false;   // fix vacuum --analyze
  bool freeze = false;    // fix vacuum --freeze
  bool blocking = false;  // fix bloat --blocking (plain REINDEX)
  // The gates the caller decided (the CLI's --read-write and --primary).
  bool read_write = false;
  bool primary = false;
};

// What a fix will do: the exact statements, the risk, how to snapshot the object's state
// before and after, and which check --verify re-runs.
struct FixPlan {
  std::string kind;    // "sequence" | "index" | "vacuum" | "bloat"
  std::string object;  // the resolved, quoted, schema-qualified name
  std::string risk;    // "low" | "medium" | "high"
  std::vector<std::string> sql;
  std::string state_sql;  // one row describing the object; $1 = object
  // A state_sql column the statistics system changes once the fix ran ("" = none): before
  // PostgreSQL 15 the stats collector reports it a little later, and ExecuteFix waits for it.
  std::string stats_column;
  std::string verify_check;        // the check --verify re-runs
  std::vector<std::string> notes;  // what the fix does not do, lock taken, ...
};

// Resolves the object and plans fix `kind`; changes nothing. A bad object or flag is
// kUsage/kNotFound, an unknown kind kUsage.
Result<FixPlan> PlanFix(pg::Connection& conn, const std::string& kind, const FixOptions& options);

// The fix as the words of its command line ("dba fix <kind> <object>", shell-quoted), for
// messages and the production gate.
std::string FixAction(const FixPlan& plan);

// The engine's gates: options.read_write and options.primary, options.yes for a medium/high
// risk plan, and a server that is neither a standby nor read-only. A refusal is kRefused.
Status CheckFixGates(pg::Connection& conn, const FixPlan& plan, const FixOptions& options);

struct FixRun {
  double duration_ms = 0;
  nlohmann::ordered_json before;  // the object's state (plan.state_sql) before and after
  nlohmann::ordered_json after;
};

// Runs the plan's statements one by one outside a transaction (VACUUM and CONCURRENTLY need
// that), with a snapshot of the object before and after.
Result<FixRun> ExecuteFix(pg::Connection& conn, const FixPlan& plan);

// `report` (of plan.verify_check run on the fixed object) narrowed to the findings about
// plan.object, with a summary saying what remains.
CheckReport VerifyReport(const CheckReport& report, const FixPlan& plan);

}  // namespace pgcrate::dba

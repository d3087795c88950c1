// The shape every DBA check shares: a descriptor (id, summary, default thresholds, run
// function), the context it runs in (one connection, the effective thresholds, per-command
// options) and the report it fills (findings with a severity, a recommended action and,
// where pgcrate has one, the exact fix command). One check per file in checks/, registered
// once in registry.cc.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "pg/connection.h"
#include "pgcrate/status.h"

namespace pgcrate::dba {

// Ordered: a report's status is its worst finding.
enum class Severity { kOk = 0, kInfo = 1, kWarning = 2, kCritical = 3 };

// "healthy" | "info" | "warning" | "critical".
const char* SeverityName(Severity s);

// A remediation pgcrate can run itself (`pgcrate dba fix ...`).
struct Fix {
  std::string command;  // the full command line, gates included
  std::string sql;      // the exact SQL the fix runs
  std::string risk;     // "low" | "medium" | "high"
};

struct Finding {
  std::string kind;  // snake_case problem id, e.g. "sequence_exhaustion"
  Severity severity = Severity::kWarning;
  std::string object;   // schema-qualified object, or a pid, or "" when global
  std::string message;  // what is wrong, one sentence with the measured value
  std::string action;   // what a DBA should do about it
  std::optional<Fix> fix;
  nlohmann::ordered_json details = nlohmann::ordered_json::object();  // measured values
};

// A default threshold a check declares; [dba.<check>] <name> = value overrides it.
struct Threshold {
  std::string name;
  double value;
  std::string help;
};

// The effective thresholds of one check.
class Thresholds {
 public:
  Thresholds() = default;
  explicit Thresholds(std::map<std::string, double> values) : values_(std::move(values)) {}
  // The value of `name`; asserts that the check declared it.
  double Get(const std::string& name) const;
  const std::map<std::string, double>& values() const { return values_; }

 private:
  std::map<std::string, double> values_;
};

// Inputs some checks take from their command line.
struct CheckOptions {
  std::string query;         // explain: the statement
  std::string query_file;    // explain: where it came from ("" = argument)
  bool analyze = false;      // explain --analyze
  bool allow_write = false;  // explain --analyze of a write (from --read-write)
  int limit = 10;            // rows shown by list-style checks (queries, storage)
  std::string object;        // restrict to one object (used by fix --verify)
};

struct CheckContext {
  pg::Connection& conn;
  int server_version;  // e.g. 150004
  const Thresholds& thresholds;
  const CheckOptions& options;
};

struct CheckReport {
  std::string check;
  Severity status = Severity::kOk;
  std::string skipped;  // "needs pg_stat_statements" when the check could not run
  std::string summary;  // one line for humans
  std::vector<Finding> findings;
  // The table the text output shows, and the same rows as JSON objects.
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
  nlohmann::ordered_json data = nlohmann::ordered_json::object();

  // Appends `f` and raises status to its severity.
  void Add(Finding f);
  // Marks the check skipped (status stays healthy) with the reason.
  void Skip(std::string reason);
};

using CheckFn = Status (*)(CheckContext& ctx, CheckReport& report);

struct CheckDescriptor {
  std::string id;       // kebab-case command name, e.g. "stats-age"
  std::string summary;  // one line for --help
  std::vector<Threshold> thresholds;
  CheckFn run;
};

// Helpers shared by the check files.
// "12.3" style rendering of a double with `decimals` places.
std::string Fixed(double v, int decimals = 1);
// "1.2 MB" style rendering of a byte count.
std::string HumanBytes(double bytes);
// "3h 12m" style rendering of a duration in seconds.
std::string HumanSeconds(double seconds);
// The command line of a gated fix, `pgcrate --read-write --primary dba fix <words...>`, each
// word shell-quoted (base::ShellQuote): object names may hold any character.
std::string FixCommand(const std::vector<std::string>& words);
// The severity of `value` against a warning and a critical threshold (>=).
Severity Grade(double value, double warning, double critical);

}  // namespace pgcrate::dba

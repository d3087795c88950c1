// Helpers shared by the dba_*_itest.cc files: run `pgcrate --json dba ...` on the test's
// database with an optional pgcrate.toml, read the JSON, find findings, wait for statistics.
#pragma once

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "pg/connection.h"
#include "support/pg_test.h"

namespace pgcrate::testing {

struct DbaRun {
  int exit_code = -1;
  nlohmann::json doc;
  std::string out, err;
};

// Runs pgcrate with `args` against `url` in a temp directory holding `toml` as pgcrate.toml.
inline DbaRun RunDba(const std::string& url, std::vector<std::string> args,
                     const std::string& toml = "") {
  TempDir dir;
  if (!toml.empty()) dir.Write("pgcrate.toml", toml);
  args.insert(args.begin(), {"-d", url});
  CliOptions o;
  o.cwd = dir.path();
  CliRun r = RunPgcrate(args, o);
  DbaRun out{r.exit_code, nlohmann::json::parse(r.out, nullptr, false), r.out, r.err};
  return out;
}

// The findings of a check report (or of one check inside a triage report).
inline std::vector<nlohmann::json> Findings(const nlohmann::json& report, const std::string& kind) {
  std::vector<nlohmann::json> out;
  if (!report.is_object() || !report.contains("findings")) return out;
  for (const auto& f : report["findings"]) {
    if (f.value("kind", "") == kind) out.push_back(f);
  }
  return out;
}

inline bool HasFinding(const nlohmann::json& report, const std::string& kind,
                       const std::string& object) {
  for (const auto& f : Findings(report, kind)) {
    if (f["object"].is_string() && f["object"].get<std::string>() == object) return true;
  }
  return false;
}

// A connection of its own to `url`; lock_timeout off so it can wait behind a lock.
inline std::unique_ptr<pg::Connection> OpenExtra(const std::string& url,
                                                 const std::string& app = "dba-itest") {
  pg::SessionOptions o;
  o.statement_timeout_ms = 60000;
  o.lock_timeout_ms = 0;
  o.application_name = app;
  auto c = pg::Connection::Open(url, o);
  if (!c.ok()) {
    ADD_FAILURE() << c.status().ToString();
    return nullptr;
  }
  return std::move(c).value();
}

}  // namespace pgcrate::testing

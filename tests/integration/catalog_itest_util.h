// Helpers shared by the catalog/diff/generate integration tests: extra databases on the test
// cluster, the corpus files, and a pg_dump comparison that includes owners, GRANT/REVOKE and
// ALTER DEFAULT PRIVILEGES (every test database is created and read by the same role, so
// owners compare equal unless an object is owned by another role).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <memory>
#include <string>

#include "base/files.h"
#include "base/process.h"
#include "base/strings.h"
#include "dev/cluster.h"
#include "pg/connection.h"
#include "sql/quote.h"
#include "support/pg_test.h"

namespace pgcrate::testing {

// A database created on the test cluster for the lifetime of the object.
class ExtraDb {
 public:
  explicit ExtraDb(const std::string& tag) {
    static std::atomic<int> counter{0};
    name_ = "x_" + tag + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    Admin([&](pg::Connection& c) { return c.Run("CREATE DATABASE " + sql::QuoteIdent(name_)); });
    url_ = ClusterUrl(name_);
  }
  ~ExtraDb() {
    Admin([&](pg::Connection& c) {
      return c.Run("DROP DATABASE IF EXISTS " + sql::QuoteIdent(name_) + " WITH (FORCE)");
    });
  }
  const std::string& url() const { return url_; }
  // Runs `sql` (a script) in this database; fails the test on error.
  void Exec(const std::string& sql) const {
    auto c = pg::Connection::Open(url_, {.statement_timeout_ms = 120000});
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    Status st = (*c)->Run(sql);
    ASSERT_TRUE(st.ok()) << st.ToString() << " (at position " << st.position() << ")";
  }

 private:
  template <typename F>
  void Admin(F fn) {
    auto c = pg::Connection::Open(ClusterUrl(), {});
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    Status st = fn(**c);
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  std::string name_, url_;
};

// The real-world corpus copied into the repository (tests/corpus, each folder with its
// license and SOURCE.md), or $PGCRATE_CORPUS_DIR when set.
inline std::string CorpusDir() {
  std::string env = base::GetEnv("PGCRATE_CORPUS_DIR");
  if (!env.empty()) return env;
  return std::string(PGCRATE_SOURCE_DIR) + "/tests/corpus";
}

inline std::string ReadOrFail(const std::string& path) {
  auto text = base::ReadFile(path);
  EXPECT_TRUE(text.ok()) << text.status().ToString();
  return text.ok() ? *text : "";
}

// pg_dump --schema-only with owners and privileges, without comment lines, blank lines, SET
// lines and the random \restrict tokens; pgcrate's own schema is left out.
// On a server newer than the system's pg_dump (--pg 17) both sides get the same placeholder:
// the tests still compare through pgcrate's own catalog (Identical), not through pg_dump.
inline std::string NormalizedDump(const std::string& url) {
  if (std::string why = PgDumpTooOld(); !why.empty()) return "(not compared: " + why + ")\n";
  std::string pg_dump = DefaultPgDump();
  auto r = base::RunProcess({pg_dump, "--schema-only", "--exclude-schema=pgcrate", "-d", url},
                            {.separate_stderr = true});
  EXPECT_TRUE(r.ok() && r->exit_code == 0) << (r.ok() ? r->error_output : r.status().ToString());
  if (!r.ok()) return "";
  std::string out;
  for (const std::string& line : base::Split(r->output, '\n')) {
    if (line.empty() || base::StartsWith(line, "--") || base::StartsWith(line, "SET ") ||
        base::StartsWith(line, "\\restrict") || base::StartsWith(line, "\\unrestrict") ||
        base::StartsWith(line, "SELECT pg_catalog.set_config")) {
      continue;
    }
    out += line + "\n";
  }
  return out;
}

// "" when the dumps are equal, else the first lines where they differ (short, readable).
inline std::string DumpDifference(const std::string& a, const std::string& b) {
  std::vector<std::string> la = base::Split(a, '\n'), lb = base::Split(b, '\n');
  size_t i = 0;
  while (i < la.size() && i < lb.size() && la[i] == lb[i]) ++i;
  if (i == la.size() && i == lb.size()) return "";
  std::string out = "first difference at dump line " + std::to_string(i + 1) + ":\n";
  for (size_t k = i; k < i + 4; ++k) {
    out += "  A: " + (k < la.size() ? la[k] : "<end>") + "\n";
    out += "  B: " + (k < lb.size() ? lb[k] : "<end>") + "\n";
  }
  return out;
}

// Runs `pgcrate -d from --json inspect diff --to to` and returns the parsed "identical".
inline bool Identical(const std::string& from, const std::string& to, std::string* text = nullptr) {
  CliRun run = RunPgcrate({"-d", from, "--json", "inspect", "diff", "--to", to});
  if (text != nullptr) *text = JsonField(run.out, "/formatted_diff");
  std::string identical = JsonField(run.out, "/identical");
  EXPECT_EQ(run.exit_code, identical == "true" ? 0 : 1) << run.out << run.err;
  return identical == "true";
}

}  // namespace pgcrate::testing

// The integration-test harness. ctest starts ONE throwaway PostgreSQL 15 cluster per run (a
// FIXTURES_SETUP test running `pgcrate dev start` in the build tree) and stops and deletes it
// afterwards (FIXTURES_CLEANUP, which runs even when tests fail). Each test gets a fresh
// database, dropped in TearDown. Helpers run the real pgcrate binary.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pg/connection.h"

namespace pgcrate::testing {

// The URL of `database` on the test cluster; fails the test when the cluster is not there.
std::string ClusterUrl(const std::string& database = "postgres");

// The test cluster's TCP port on 127.0.0.1 and its unix socket directory.
int ClusterPort();
std::string ClusterSocketDir();
// The test cluster's PostgreSQL major version (15, or $PGCRATE_TEST_PG: scripts/test.sh --pg).
int ServerMajor();

// The pg_dump the tests and pgcrate find by default (the system's), and why it cannot dump the
// test cluster ("" when it can): pg_dump refuses servers newer than itself, and Debian 12 has
// no pg_dump newer than 15, so on 16+ the tests of pg_dump-based commands skip, saying so.
std::string DefaultPgDump();
std::string PgDumpTooOld();
#define PGCRATE_SKIP_WITHOUT_PG_DUMP()                                                    \
  if (std::string pg_dump_why = ::pgcrate::testing::PgDumpTooOld(); !pg_dump_why.empty()) \
  GTEST_SKIP() << pg_dump_why

// Parses `text` as JSON, failing the test (and returning null) when it is not JSON.
std::string JsonField(const std::string& text, const std::string& pointer);

// A directory under /tmp, deleted with everything in it when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  // Writes `content` to path()/relative (creating directories) and returns the full path.
  std::string Write(const std::string& relative, const std::string& content) const;

 private:
  std::string path_;
};

struct CliRun {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

struct CliOptions {
  std::string stdin_data;
  bool use_stdin = false;        // give the child a pipe as stdin (else /dev/null)
  std::string cwd;               // "" = a fresh empty temp directory
  std::vector<std::string> env;  // extra "KEY=value"
};

// The pgcrate binary the tests run: the one of this build, or $PGCRATE_TEST_BINARY when set
// (scripts/test.sh runs the CLI tests against the sanitizer build's binary that way).
std::string PgcrateBinary();

// Runs the pgcrate binary with `args`, and checks what a --json run printed against its schema
// in docs/schemas/ (support/json_contract.h), failing the test when it does not match.
// DATABASE_URL and libpq's PG* variables are removed
// from its environment so that only what the test passes counts.
CliRun RunPgcrate(const std::vector<std::string>& args, const CliOptions& options = {});

// The pgcrate binary running in the background (stdout and stderr each to a file), for tests
// that race, signal or kill it mid-command. Killed with SIGKILL if still running when
// destroyed. The environment is cleaned as for RunPgcrate.
class BackgroundPgcrate {
 public:
  BackgroundPgcrate(const std::vector<std::string>& args, const std::string& cwd);
  ~BackgroundPgcrate();
  BackgroundPgcrate(const BackgroundPgcrate&) = delete;
  BackgroundPgcrate& operator=(const BackgroundPgcrate&) = delete;
  void Signal(int signal) const;
  // Waits for the process; its exit status, or 128+signal.
  int Wait();
  // Waits up to `milliseconds`; the exit status (as Wait) or nullopt when it is still running,
  // so a hung command fails a test instead of blocking it.
  std::optional<int> WaitFor(int milliseconds);
  // What it printed so far on stdout / stderr.
  std::string out() const;
  std::string err() const;

 private:
  // The exit status of a finished process, after checking its --json output (json_contract.h).
  int Exited(int status) const;

  std::vector<std::string> args_;
  TempDir scratch_;
  int pid_ = -1;
};

// Polls `sql` (which returns one boolean) on `conn` every 50 ms until it is true; false after
// `seconds`. Flushes this backend's statistics first so pg_stat_* views are current.
bool WaitUntil(pg::Connection& conn, const std::string& sql, int seconds = 30);

// A fixture with a fresh database per test.
class PgTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // URL of this test's database.
  const std::string& url() const { return url_; }
  const std::string& db_name() const { return db_; }
  // A connection to this test's database (opened on first use).
  pg::Connection& conn();
  // Runs SQL on this test's database and fails the test on error.
  void Exec(const std::string& sql);
  // The first column of the first row of `sql`.
  std::string Scalar(const std::string& sql);

 private:
  std::string db_;
  std::string url_;
  std::unique_ptr<pg::Connection> conn_;
};

}  // namespace pgcrate::testing

// Fault injection against the real server (issue 17, part 4): a pgcrate command runs in the
// background and, at a random moment, its sessions are killed with pg_terminate_backend from
// another session or the server is restarted (`pg_ctl restart -m fast`, `-m immediate`: the
// crash case). The command must stop with a clear error (or have finished), the database must
// agree with pgcrate's tracking tables, no lock may be left, and a rerun must complete.
//
// Restarting a server would break every other test of the shared suite cluster, so each suite
// starts its own private cluster (what `pgcrate dev start` does, in a temporary project). The
// moments are drawn from a seeded generator and printed with the seed: PGCRATE_FAULT_SEED=<seed>
// replays them, PGCRATE_FAULT_POINTS=<n> runs n points per command instead of 20
// (scripts/fault.sh).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "base/files.h"
#include "base/process.h"
#include "dev/cluster.h"
#include "sql/quote.h"
#include "support/pg_test.h"

namespace pgcrate::testing {

enum class Fault { kTerminate, kRestartFast, kRestartImmediate };

inline const char* FaultName(Fault f) {
  switch (f) {
    case Fault::kTerminate:
      return "pg_terminate_backend";
    case Fault::kRestartFast:
      return "pg_ctl restart -m fast";
    case Fault::kRestartImmediate:
      return "pg_ctl restart -m immediate";
  }
  return "";
}

inline std::unique_ptr<pg::Connection> OpenOrFail(const std::string& url) {
  pg::SessionOptions o;
  o.statement_timeout_ms = 60000;
  auto c = pg::Connection::Open(url, o);
  if (!c.ok()) {
    ADD_FAILURE() << "cannot connect: " << c.status().ToString();
    return nullptr;
  }
  return std::move(c).value();
}

// A cluster of its own under a temporary project directory, started by the code of `pgcrate dev
// start` and stopped (then deleted with the directory) when the object goes away.
class FaultCluster {
 public:
  FaultCluster() {
    Status st = Cluster().Start();
    started_ = st.ok();
    EXPECT_TRUE(started_) << "the private cluster did not start: " << st.ToString();
  }
  ~FaultCluster() {
    if (started_) (void)Cluster().Stop();
  }
  FaultCluster(const FaultCluster&) = delete;
  FaultCluster& operator=(const FaultCluster&) = delete;

  bool started() const { return started_; }
  std::string Url(const std::string& database) const { return Cluster().Url(database); }
  std::unique_ptr<pg::Connection> Admin() const { return OpenOrFail(Url("postgres")); }
  // The server's unix socket file (.s.PGSQL.<port> in the socket directory).
  std::string SocketPath() const {
    dev::ClusterStatus st = Cluster().GetStatus();
    return st.socket_dir + "/.s.PGSQL." + std::to_string(st.port);
  }

  void CreateDatabase(const std::string& name) const {
    auto admin = Admin();
    ASSERT_TRUE(admin);
    Status st = admin->Run("CREATE DATABASE " + sql::QuoteIdent(name));
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  void DropDatabase(const std::string& name) const {
    if (auto admin = Admin()) {
      (void)admin->Run("DROP DATABASE IF EXISTS " + sql::QuoteIdent(name) + " WITH (FORCE)");
    }
  }

  // Terminates every session on `database` (but the asking one); how many there were.
  int TerminateSessions(const std::string& database) const {
    auto admin = Admin();
    if (!admin) return 0;
    auto r = admin->Exec(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND "
        "pid <> pg_backend_pid()",
        {database});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::atoi(r->str(0, 0).c_str()) : 0;
  }

  // pg_ctl restart as `pgcrate dev` runs pg_ctl: as the postgres OS user when root, the data
  // directory in PGDATA, the server's output appended to the cluster's log.
  void Restart(bool immediate) const {
    dev::ClusterStatus st = Cluster().GetStatus();
    std::string pg_ctl = base::FindProgram("pg_ctl", {dev::FindPgBinDir("")});
    base::ProcessOptions po;
    po.run_as_user = base::IsRoot() ? "postgres" : "";
    po.env = {"PGDATA=" + st.data_dir};
    po.output_file = base::JoinPath(ClusterDir(), "server.log");
    auto r = base::RunProcess(
        {pg_ctl, "restart", "-m", immediate ? "immediate" : "fast", "-w", "-t", "60"}, po);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_EQ(r->exit_code, 0) << "pg_ctl restart failed; see " << po.output_file;
  }

 private:
  std::string ClusterDir() const { return dev::DevClusterDir(home_.path()); }
  // What `pgcrate dev start` runs, with commits made durable at once: the dev cluster's
  // synchronous_commit = off would let a crash (immediate restart) lose a commit the client
  // was told about, which is the server's bargain, not pgcrate's bug.
  dev::Cluster Cluster() const {
    return dev::Cluster({.dir = ClusterDir(), .bindir = "", .settings = {"synchronous_commit=on"}});
  }

  TempDir home_;
  bool started_ = false;
};

// One random moment of one run: which fault, and how long after the command started.
struct FaultPoint {
  int index = 0;
  int total = 0;
  Fault fault = Fault::kTerminate;
  int delay_ms = 0;
  uint64_t seed = 0;

  std::string Describe() const {
    return "point " + std::to_string(index + 1) + "/" + std::to_string(total) + ": " +
           FaultName(fault) + " " + std::to_string(delay_ms) +
           " ms after the start (replay with PGCRATE_FAULT_SEED=" + std::to_string(seed) + ")";
  }
};

inline uint64_t FaultSeed() {
  static const uint64_t seed = []() -> uint64_t {
    const char* fixed = std::getenv("PGCRATE_FAULT_SEED");
    if (fixed != nullptr && *fixed != '\0') return std::strtoull(fixed, nullptr, 10);
    return std::random_device{}() % 1000000;
  }();
  return seed;
}

inline int FaultPointCount() {
  const char* n = std::getenv("PGCRATE_FAULT_POINTS");
  int points = n != nullptr ? std::atoi(n) : 0;
  return points > 0 ? points : 20;
}

// `count` points spread over a run that takes about `run_ms`: the delays are uniform over
// 0..110% of it (so some land after the end), the faults rotate terminate / fast restart /
// terminate / immediate restart.
inline std::vector<FaultPoint> MakeFaultPoints(uint64_t seed, int count, int run_ms) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> at(0.0, 1.1);
  const Fault rotation[] = {Fault::kTerminate, Fault::kRestartFast, Fault::kTerminate,
                            Fault::kRestartImmediate};
  std::vector<FaultPoint> out;
  for (int i = 0; i < count; ++i) {
    int delay = static_cast<int>(at(rng) * run_ms);
    out.push_back({i, count, rotation[i % 4], delay, seed});
  }
  return out;
}

struct FaultOutcome {
  int exit_code = -1;
  bool injected = false;  // false when the command had finished before the moment came
  bool hung = false;
  std::string out;
  std::string err;
};

// A command of the workload: `args` after `-d <url>`, run in `cwd`.
struct Command {
  std::vector<std::string> args;
  std::string cwd;
};

inline std::vector<std::string> WithUrl(const FaultCluster& c, const std::string& db,
                                        const Command& cmd) {
  std::vector<std::string> args = {"-d", c.Url(db)};
  args.insert(args.end(), cmd.args.begin(), cmd.args.end());
  return args;
}

// Runs `cmd` on `db` to its end (60 s at most); exit code, or -1 and a failure when it hung.
inline CliRun RunToEnd(const FaultCluster& c, const std::string& db, const Command& cmd) {
  BackgroundPgcrate run(WithUrl(c, db, cmd), cmd.cwd);
  std::optional<int> code = run.WaitFor(60000);
  CliRun r;
  r.exit_code = code.value_or(-1);
  r.out = run.out();
  r.err = run.err();
  if (!code) ADD_FAILURE() << "pgcrate " << cmd.args[0] << " hung (killed after 60 s): " << r.err;
  return r;
}

// Runs `cmd` and injects `p`'s fault `p.delay_ms` after it started (unless it already ended).
inline FaultOutcome RunWithFault(const FaultCluster& c, const std::string& db, const Command& cmd,
                                 const FaultPoint& p) {
  FaultOutcome o;
  BackgroundPgcrate run(WithUrl(c, db, cmd), cmd.cwd);
  // The delay is the fault's moment, not a synchronization: the command is not waited for.
  std::optional<int> early = run.WaitFor(p.delay_ms);
  if (!early) {
    o.injected = true;
    if (p.fault == Fault::kTerminate) {
      (void)c.TerminateSessions(db);
    } else {
      c.Restart(p.fault == Fault::kRestartImmediate);
    }
  }
  std::optional<int> code = early ? early : run.WaitFor(60000);
  o.hung = !code;
  o.exit_code = code.value_or(-1);
  o.out = run.out();
  o.err = run.err();
  return o;
}

// What a failed run must print: an error saying why (the lost connection or the server going
// away), exit code 1, never a pgcrate bug, a crash or a configuration error. stdout counts too:
// `model run` reports each model's error in its summary there.
inline void ExpectClearError(const FaultOutcome& o) {
  if (o.exit_code == 0) return;
  std::string printed = o.err + o.out;
  EXPECT_EQ(o.exit_code, 1) << printed;
  EXPECT_NE(printed.find("error"), std::string::npos) << printed;
  EXPECT_EQ(printed.find("pgcrate bug"), std::string::npos) << printed;
  // The configuration is not to blame (a lost connection once read as an invalid setting).
  EXPECT_EQ(printed.find("invalid ["), std::string::npos) << printed;
  bool says_why = false;
  for (const char* why : {"connection", "terminat", "server closed", "shut down", "shutdown",
                          "starting up", "recovery mode", "Connection refused"}) {
    says_why = says_why || printed.find(why) != std::string::npos;
  }
  EXPECT_TRUE(says_why) << "the error does not say the connection or server went away:\n"
                        << printed;
}

// No session of the faulted command is left on `conn`'s database (a terminated backend may
// take a moment to exit) and no advisory lock (the migration lock) is held.
inline void ExpectNothingLeftBehind(pg::Connection& conn) {
  EXPECT_TRUE(WaitUntil(conn,
                        "SELECT count(*) = 0 FROM pg_stat_activity WHERE datname = "
                        "current_database() AND pid <> pg_backend_pid()",
                        30))
      << "a session of the faulted command is still there";
  auto locks = conn.Exec("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'");
  ASSERT_TRUE(locks.ok()) << locks.status().ToString();
  EXPECT_EQ(locks->str(0, 0), "0") << "an advisory lock outlived the faulted command";
}

// One command under fault: for each point, a fresh database prepared by `prepare`, the
// command with the fault, `check_after_fault` on what it left, then a rerun without fault that
// must succeed and leave `check_complete`'s state.
struct FaultWorkload {
  Command command;
  std::function<void(const std::string& db, const FaultPoint& p)> prepare;
  std::function<void(pg::Connection& conn, const FaultOutcome& o)> check_after_fault;
  std::function<void(pg::Connection& conn)> check_complete;
};

// Times one clean run of the workload (prepared as point 0 is), in milliseconds.
inline int CalibrateMs(const FaultCluster& c, const FaultWorkload& w) {
  const std::string db = "calibrate";
  c.CreateDatabase(db);
  w.prepare(db, FaultPoint{});
  auto start = std::chrono::steady_clock::now();
  CliRun r = RunToEnd(c, db, w.command);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  c.DropDatabase(db);
  return static_cast<int>(ms);
}

inline void RunFaultPoint(const FaultCluster& c, const FaultWorkload& w, const FaultPoint& p,
                          int& interrupted) {
  SCOPED_TRACE(p.Describe());
  auto started = std::chrono::steady_clock::now();
  const std::string db = "point_" + std::to_string(p.index);
  c.CreateDatabase(db);
  w.prepare(db, p);
  if (::testing::Test::HasFatalFailure()) return;
  FaultOutcome o = RunWithFault(c, db, w.command, p);
  ASSERT_FALSE(o.hung) << "pgcrate hung after the fault: " << o.err;
  // The error line (model run prints its errors in the summary on stdout).
  std::string printed = o.err + o.out;
  size_t at = printed.find("error:");
  std::string said = at == std::string::npos ? "" : printed.substr(at, printed.find('\n', at) - at);
  std::printf("[fault] %s -> exit %d%s%s\n", p.Describe().c_str(), o.exit_code,
              o.injected ? "" : " (finished before the fault)",
              o.exit_code == 0 ? "" : (": " + said.substr(0, 200)).c_str());
  if (o.exit_code != 0) ++interrupted;
  ExpectClearError(o);
  {
    auto conn = OpenOrFail(c.Url(db));
    ASSERT_TRUE(conn);
    ExpectNothingLeftBehind(*conn);
    w.check_after_fault(*conn, o);
  }
  CliRun again = RunToEnd(c, db, w.command);
  EXPECT_EQ(again.exit_code, 0) << "the rerun after the fault failed:\n" << again.err;
  {
    auto conn = OpenOrFail(c.Url(db));
    ASSERT_TRUE(conn);
    w.check_complete(*conn);
  }
  c.DropDatabase(db);
  std::printf("[fault]   checked and rerun; the point took %lld ms\n",
              static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                         std::chrono::steady_clock::now() - started)
                                         .count()));
}

// Runs every point of the workload; at least a quarter of them must have interrupted the
// command (otherwise the moments missed it and the test proved nothing).
inline void RunFaultPoints(const FaultCluster& c, const FaultWorkload& w) {
  int run_ms = CalibrateMs(c, w);
  std::vector<FaultPoint> points = MakeFaultPoints(FaultSeed(), FaultPointCount(), run_ms);
  std::printf("[fault] %s: a clean run takes %d ms; %zu points, PGCRATE_FAULT_SEED=%llu\n",
              w.command.args[0].c_str(), run_ms, points.size(),
              static_cast<unsigned long long>(FaultSeed()));
  int interrupted = 0;
  for (const FaultPoint& p : points) {
    RunFaultPoint(c, w, p, interrupted);
    if (::testing::Test::HasFatalFailure()) return;
  }
  std::printf("[fault] %d of %zu runs were interrupted\n", interrupted, points.size());
  EXPECT_GE(interrupted * 4, static_cast<int>(points.size()))
      << "too few points interrupted the command; the workload is too short for its timing";
}

// The fixture of the FaultInjection* suites: one private cluster per suite, one project
// directory per test.
class FaultInjectionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { cluster_ = new FaultCluster; }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(cluster_->started()); }

  // Runs SQL on `db` of the private cluster, failing the test on error.
  static void Sql(const std::string& db, const std::string& sql) {
    auto conn = OpenOrFail(cluster_->Url(db));
    ASSERT_TRUE(conn);
    Status st = conn->Run(sql);
    ASSERT_TRUE(st.ok()) << st.ToString() << "\n" << sql;
  }
  // The first column of the first row of `sql` on `conn` ("" and a failure on error).
  static std::string Scalar(pg::Connection& conn, const std::string& sql) {
    auto r = conn.Exec(sql);
    if (!r.ok()) {
      ADD_FAILURE() << r.status().ToString() << "\n" << sql;
      return "";
    }
    return r->rows() > 0 && !r->is_null(0, 0) ? r->str(0, 0) : "";
  }

  static inline FaultCluster* cluster_ = nullptr;
  TempDir project_;
};

}  // namespace pgcrate::testing

#include "support/pg_test.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "base/files.h"
#include "base/process.h"
#include "dev/cluster.h"
#include "pg/program_version.h"
#include "sql/quote.h"
#include "support/json_contract.h"

namespace pgcrate::testing {
namespace {

std::unique_ptr<pg::Connection> Open(const std::string& url) {
  pg::SessionOptions opts;
  opts.statement_timeout_ms = 60000;
  auto c = pg::Connection::Open(url, opts);
  if (!c.ok()) {
    ADD_FAILURE() << "cannot connect to the test cluster: " << c.status().ToString();
    return nullptr;
  }
  return std::move(c).value();
}

// The binaries of other PostgreSQL versions (scripts/setup.sh) for the `dev start --pg N` the
// tests run, unless the caller points elsewhere.
const bool kPgCacheSet = [] {
  return ::setenv("PGCRATE_PG_CACHE", PGCRATE_SOURCE_DIR "/.cache/pg", /*overwrite=*/0) == 0;
}();

const std::vector<std::string>& ClientEnvironmentToUnset() {
  static const std::vector<std::string> names = {
      "DATABASE_URL", "PGHOST",     "PGHOSTADDR", "PGPORT",    "PGDATABASE",
      "PGUSER",       "PGPASSWORD", "PGSERVICE",  "PGOPTIONS", "NO_COLOR"};
  return names;
}

}  // namespace

std::string ClusterUrl(const std::string& database) {
  std::string dir = base::GetEnv("PGCRATE_TEST_CLUSTER_DIR");
  if (dir.empty()) {
    ADD_FAILURE() << "PGCRATE_TEST_CLUSTER_DIR is not set: run integration tests through ctest, "
                     "which starts the throwaway cluster.";
    return "";
  }
  dev::Cluster cluster({.dir = dir});
  dev::ClusterStatus st = cluster.GetStatus();
  if (!st.running) ADD_FAILURE() << "the test cluster in " << dir << " is not running.";
  return cluster.Url(database);
}

namespace {
dev::ClusterStatus TestClusterStatus() {
  return dev::Cluster({.dir = base::GetEnv("PGCRATE_TEST_CLUSTER_DIR")}).GetStatus();
}
}  // namespace

int ClusterPort() { return TestClusterStatus().port; }
int ServerMajor() {
  static const int major = TestClusterStatus().major;
  return major;
}

std::string DefaultPgDump() { return base::FindProgram("pg_dump", {dev::FindPgBinDir("")}); }

std::string PgDumpTooOld() {
  static const std::string why = [] {
    auto v = pg::ProbeProgram(DefaultPgDump(), "the system");
    if (!v.ok()) return "no usable pg_dump: " + v.status().message();
    if (v->major >= ServerMajor()) return std::string();
    return "pg_dump " + v->version + " cannot dump PostgreSQL " + std::to_string(ServerMajor()) +
           " (it refuses newer servers; this system has no newer pg_dump)";
  }();
  return why;
}
std::string ClusterSocketDir() { return TestClusterStatus().socket_dir; }

std::string JsonField(const std::string& text, const std::string& pointer) {
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded()) {
    ADD_FAILURE() << "not JSON: " << text;
    return "";
  }
  nlohmann::json::json_pointer ptr(pointer);
  if (!doc.contains(ptr)) return "<missing>";
  const auto& v = doc.at(ptr);
  return v.is_string() ? v.get<std::string>() : v.dump();
}

TempDir::TempDir() {
  std::string tmpl = "/tmp/pgcrate-test-XXXXXX";
  char* p = ::mkdtemp(tmpl.data());
  path_ = p ? p : "/tmp";
  // Searchable by others, so a dev cluster inside runs as the postgres user when we are root.
  ::chmod(path_.c_str(), 0755);
}

TempDir::~TempDir() {
  if (path_ != "/tmp") (void)base::RemoveAll(path_);
}

std::string TempDir::Write(const std::string& relative, const std::string& content) const {
  std::string full = base::JoinPath(path_, relative);
  (void)base::MakeDirs(std::filesystem::path(full).parent_path().string());
  std::ofstream(full, std::ios::binary) << content;
  return full;
}

std::string PgcrateBinary() {
  const char* other = std::getenv("PGCRATE_TEST_BINARY");
  return other != nullptr && *other != '\0' ? other : PGCRATE_BINARY;
}

CliRun RunPgcrate(const std::vector<std::string>& args, const CliOptions& options) {
  std::vector<std::string> argv = {PgcrateBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  TempDir scratch;
  base::ProcessOptions po;
  po.separate_stderr = true;
  po.cwd = options.cwd.empty() ? scratch.path() : options.cwd;
  po.stdin_data = options.stdin_data;
  po.use_stdin = options.use_stdin || !options.stdin_data.empty();
  po.env = options.env;
  po.unset_env = ClientEnvironmentToUnset();
  auto r = base::RunProcess(argv, po);
  CliRun run;
  if (!r.ok()) {
    ADD_FAILURE() << r.status().ToString();
    return run;
  }
  run.exit_code = r->exit_code;
  run.out = r->output;
  CheckJsonContract(args, run.out);
  run.err = r->error_output;
  return run;
}

BackgroundPgcrate::BackgroundPgcrate(const std::vector<std::string>& args, const std::string& cwd)
    : args_(args) {
  std::vector<std::string> argv = {PgcrateBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> cargv;
  for (auto& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  std::string out = scratch_.path() + "/out", err = scratch_.path() + "/err";
  pid_ = ::fork();
  if (pid_ != 0) {
    if (pid_ < 0) ADD_FAILURE() << "fork failed";
    return;
  }
  int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  int devnull = ::open("/dev/null", O_RDONLY);
  if (out_fd < 0 || err_fd < 0 || devnull < 0 || ::dup2(devnull, 0) < 0 || ::dup2(out_fd, 1) < 0 ||
      ::dup2(err_fd, 2) < 0 || (!cwd.empty() && ::chdir(cwd.c_str()) != 0)) {
    ::_exit(127);
  }
  for (const auto& name : ClientEnvironmentToUnset()) ::unsetenv(name.c_str());
  ::execv(cargv[0], cargv.data());
  ::_exit(127);
}

BackgroundPgcrate::~BackgroundPgcrate() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  (void)Wait();
}

void BackgroundPgcrate::Signal(int signal) const {
  if (pid_ > 0) ::kill(pid_, signal);
}

int BackgroundPgcrate::Exited(int status) const {
  if (!WIFEXITED(status)) return 128 + WTERMSIG(status);
  // Only a process that ended by itself has printed a whole answer (a killed one did not).
  CheckJsonContract(args_, out());
  return WEXITSTATUS(status);
}

int BackgroundPgcrate::Wait() {
  if (pid_ <= 0) return -1;
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  return Exited(status);
}

std::optional<int> BackgroundPgcrate::WaitFor(int milliseconds) {
  if (pid_ <= 0) return -1;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(milliseconds);
  for (;;) {
    int status = 0;
    pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      pid_ = -1;
      return Exited(status);
    }
    if (done < 0 && errno != EINTR) return std::nullopt;
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

namespace {
std::string ReadOrEmpty(const std::string& path) {
  auto text = base::ReadFile(path);
  return text.ok() ? *text : "";
}
}  // namespace

std::string BackgroundPgcrate::out() const { return ReadOrEmpty(scratch_.path() + "/out"); }
std::string BackgroundPgcrate::err() const { return ReadOrEmpty(scratch_.path() + "/err"); }

void PgTest::SetUp() {
  static std::atomic<int> counter{0};
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  db_ = "t_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  auto admin = Open(ClusterUrl());
  ASSERT_TRUE(admin) << info->name();
  Status st = admin->Run("CREATE DATABASE " + sql::QuoteIdent(db_));
  ASSERT_TRUE(st.ok()) << st.ToString();
  url_ = ClusterUrl(db_);
}

void PgTest::TearDown() {
  conn_.reset();
  if (db_.empty()) return;
  if (auto admin = Open(ClusterUrl())) {
    (void)admin->Run("DROP DATABASE IF EXISTS " + sql::QuoteIdent(db_) + " WITH (FORCE)");
  }
}

pg::Connection& PgTest::conn() {
  if (!conn_) conn_ = Open(url_);
  return *conn_;
}

void PgTest::Exec(const std::string& sql) {
  Status st = conn().Run(sql);
  ASSERT_TRUE(st.ok()) << st.ToString() << "\n" << sql;
}

std::string PgTest::Scalar(const std::string& sql) {
  auto r = conn().Exec(sql);
  if (!r.ok()) {
    ADD_FAILURE() << r.status().ToString() << "\n" << sql;
    return "";
  }
  return r->rows() > 0 ? r->str(0, 0) : "";
}

bool WaitUntil(pg::Connection& conn, const std::string& sql, int seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    (void)conn.Run("SELECT pg_stat_force_next_flush()");
    auto r = conn.Exec(sql);
    if (r.ok() && r->rows() > 0 && r->boolean(0, 0)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

}  // namespace pgcrate::testing

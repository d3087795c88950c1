#include "dev/cluster.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <random>

#include "base/files.h"
#include "base/process.h"
#include "base/strings.h"

namespace pgcrate::dev {
namespace {

constexpr const char* kServerUser = "postgres";

// Unix socket paths are limited to about 107 bytes.
constexpr size_t kMaxSocketDirLength = 80;

int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), len) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

bool PortIsFree(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

// Hands `path` to the server's OS user when we are root (the server refuses to run as root).
Status GiveToServerUser(const std::string& path) {
  if (!base::IsRoot()) return Status::Ok();
  struct passwd* pw = ::getpwnam(kServerUser);
  if (!pw) {
    return Status(Code::kIo, "running as root, but there is no 'postgres' OS user to run the "
                             "server as; install the postgresql package or run as a normal user.");
  }
  if (::chown(path.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
    return Status(Code::kIo, "cannot hand " + path + " to the postgres user.");
  }
  return Status::Ok();
}

std::string RandomPassword() {
  std::random_device rd;
  static const char* kChars = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string out;
  for (int i = 0; i < 24; ++i) out += kChars[rd() % 57];
  return out;
}

std::string RunAs() { return base::IsRoot() ? kServerUser : ""; }

std::string ReadFirstLine(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return base::Trim(line);
}

bool ServerAlive(const std::string& data_dir) {
  std::string pid = ReadFirstLine(base::JoinPath(data_dir, "postmaster.pid"));
  if (pid.empty()) return false;
  return ::kill(std::atoi(pid.c_str()), 0) == 0;
}

}  // namespace

Cluster::Cluster(ClusterOptions options) : options_(std::move(options)) {
  options_.dir = base::AbsolutePath(options_.dir);
}

std::string Cluster::DataDir() const { return base::JoinPath(options_.dir, "data"); }

std::string Cluster::SocketDir() const {
  std::string local = base::JoinPath(options_.dir, "socket");
  if (local.size() <= kMaxSocketDirLength) return local;
  size_t h = std::hash<std::string>{}(options_.dir);
  return "/tmp/pgcrate-" + std::to_string(h % 1000000007ULL);
}

int Cluster::ReadPort() const {
  return std::atoi(ReadFirstLine(base::JoinPath(options_.dir, "port")).c_str());
}

std::string Cluster::LogTail() const {
  auto log = base::ReadFile(base::JoinPath(options_.dir, "server.log"));
  if (!log.ok()) return "";
  const std::string& s = log.value();
  return s.size() > 1500 ? s.substr(s.size() - 1500) : s;
}

Result<std::string> Cluster::BinDir() const {
  std::string dir = FindPgBinDir(options_.bindir);
  if (base::FindProgram("initdb", {dir}).empty() || base::FindProgram("pg_ctl", {dir}).empty()) {
    return Status(Code::kNotFound, "cannot find initdb and pg_ctl (looked in " +
                                       (dir.empty() ? std::string("PATH") : dir + " and PATH") +
                                       ").")
        .WithHint("install the postgresql server package, or set [tools] bindir in pgcrate.toml.");
  }
  return dir;
}

namespace {

// When root, the server runs as `postgres`, which must be able to reach `dir`.
Status CheckServerUserCanReach(const std::string& dir) {
  if (!base::IsRoot()) return Status::Ok();
  auto r = base::RunProcess({"test", "-w", dir}, {.run_as_user = kServerUser});
  if (r.ok() && r->exit_code == 0) return Status::Ok();
  return Status(Code::kIo, "the postgres OS user (which runs the server when pgcrate runs as "
                           "root) cannot reach " + dir + ".")
      .WithHint("make every parent directory searchable (chmod o+x), or run pgcrate as a "
                "normal user.");
}

}  // namespace

Status Cluster::PrepareDirectories() {
  PGCRATE_RETURN_IF_ERROR(base::MakeDirs(options_.dir));
  PGCRATE_RETURN_IF_ERROR(base::MakeDirs(SocketDir()));
  ::chmod(SocketDir().c_str(), 0700);
  PGCRATE_RETURN_IF_ERROR(GiveToServerUser(options_.dir));
  PGCRATE_RETURN_IF_ERROR(GiveToServerUser(SocketDir()));
  return CheckServerUserCanReach(options_.dir);
}

Status Cluster::Init(const std::string& bindir) {
  PGCRATE_RETURN_IF_ERROR(PrepareDirectories());
  std::string pwfile = base::JoinPath(options_.dir, "password");
  PGCRATE_RETURN_IF_ERROR(base::WriteFile(pwfile, RandomPassword() + "\n", true));
  ::chmod(pwfile.c_str(), 0600);
  PGCRATE_RETURN_IF_ERROR(GiveToServerUser(pwfile));
  auto r = base::RunProcess({base::FindProgram("initdb", {bindir}), "-D", DataDir(), "-U",
                             kServerUser, "--auth-local=trust", "--auth-host=scram-sha-256",
                             "--pwfile=" + pwfile, "-E", "UTF8", "--locale=C", "--no-sync"},
                            {.run_as_user = RunAs()});
  if (!r.ok()) return r.status();
  if (r->exit_code != 0) {
    return Status(Code::kIo, "initdb failed for " + DataDir() + ".").WithDetails(r->output);
  }
  // Trust only over the socket, whose directory only the server's OS user (and root) can
  // enter; loopback TCP needs the generated password (in .pgcrate/dev/password).
  std::string hba =
      "# Written by pgcrate dev.\n"
      "local all all trust\n"
      "host  all all 127.0.0.1/32 scram-sha-256\n";
  std::string hba_path = base::JoinPath(DataDir(), "pg_hba.conf");
  PGCRATE_RETURN_IF_ERROR(base::WriteFile(hba_path, hba, true));
  return GiveToServerUser(hba_path);
}

Status Cluster::Start() {
  if (GetStatus().running) return Status::Ok();
  auto bindir = BinDir();
  if (!bindir.ok()) return bindir.status();
  if (!base::Exists(base::JoinPath(DataDir(), "PG_VERSION"))) {
    PGCRATE_RETURN_IF_ERROR(Init(bindir.value()));
  }
  PGCRATE_RETURN_IF_ERROR(PrepareDirectories());
  int port = ReadPort();
  if (port <= 0 || !PortIsFree(port)) port = FreePort();
  PGCRATE_RETURN_IF_ERROR(base::WriteFile(base::JoinPath(options_.dir, "port"),
                                          std::to_string(port) + "\n", true));
  std::string opts = "-p " + std::to_string(port) + " -k '" + SocketDir() +
                     "' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
                     " -c full_page_writes=off";
  for (const auto& s : options_.settings) opts += " -c '" + s + "'";
  std::string log = base::JoinPath(options_.dir, "server.log");
  if (!base::Exists(log)) {
    PGCRATE_RETURN_IF_ERROR(base::WriteFile(log, "", false));
    PGCRATE_RETURN_IF_ERROR(GiveToServerUser(log));
  }
  auto r = base::RunProcess({base::FindProgram("pg_ctl", {bindir.value()}), "-D", DataDir(), "-l",
                             log, "-w", "-t", "60", "-o", opts, "start"},
                            {.run_as_user = RunAs()});
  if (!r.ok()) return r.status();
  if (r->exit_code != 0) {
    return Status(Code::kIo, "the dev PostgreSQL server did not start (data in " + DataDir() + ").")
        .WithDetails(r->output + LogTail());
  }
  return Status::Ok();
}

Status Cluster::Stop() {
  if (!GetStatus().running) return Status::Ok();
  auto bindir = BinDir();
  if (!bindir.ok()) return bindir.status();
  auto r = base::RunProcess({base::FindProgram("pg_ctl", {bindir.value()}), "-D", DataDir(), "-m",
                             "fast", "-w", "-t", "60", "stop"},
                            {.run_as_user = RunAs()});
  if (!r.ok()) return r.status();
  if (r->exit_code != 0 && GetStatus().running) {
    return Status(Code::kIo, "cannot stop the dev PostgreSQL server.").WithDetails(r->output);
  }
  return Status::Ok();
}

Status Cluster::Reset() {
  PGCRATE_RETURN_IF_ERROR(Stop());
  PGCRATE_RETURN_IF_ERROR(base::RemoveAll(options_.dir));
  return Start();
}

ClusterStatus Cluster::GetStatus() const {
  ClusterStatus s;
  s.data_dir = DataDir();
  s.socket_dir = SocketDir();
  s.initialized = base::Exists(base::JoinPath(DataDir(), "PG_VERSION"));
  s.running = s.initialized && ServerAlive(DataDir());
  s.port = ReadPort();
  if (s.running) s.url = Url();
  return s;
}

std::string Cluster::Url(const std::string& database) const {
  return "postgresql://postgres@/" + database + "?host=" + SocketDir() +
         "&port=" + std::to_string(ReadPort());
}

std::string FindPgBinDir(const std::string& configured) {
  if (!configured.empty()) return configured;
  std::string pg_config = base::FindProgram("pg_config");
  if (!pg_config.empty()) {
    auto r = base::RunProcess({pg_config, "--bindir"});
    if (r.ok() && r->exit_code == 0) {
      std::string dir = base::Trim(r->output);
      if (!base::FindProgram("initdb", {dir}).empty()) return dir;
    }
  }
  std::string best;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
    std::string bin = e.path().string() + "/bin";
    if (!base::FindProgram("initdb", {bin}).empty() && bin > best) best = bin;
  }
  return best;
}

std::string DevClusterDir(const std::string& project_root) {
  return base::JoinPath(project_root, ".pgcrate/dev");
}

std::string RunningDevClusterUrl(const std::string& project_root) {
  Cluster c({.dir = DevClusterDir(project_root)});
  return c.GetStatus().url;
}

}  // namespace pgcrate::dev

#include "dev/cluster.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
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
    return Status(Code::kIo,
                  "running as root, but there is no 'postgres' OS user to run the "
                  "server as; install the postgresql package or run as a normal user.");
  }
  if (::chown(path.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
    return Status(Code::kIo, "cannot hand " + path + " to the postgres user.");
  }
  return Status::Ok();
}

std::string RandomPassword() {
  std::random_device rd;
  static constexpr char kChars[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
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

constexpr const char* kSettingsFile = "pgcrate.conf";
constexpr const char* kIncludeLine = "include_if_exists = 'pgcrate.conf'\n";

// A postgresql.conf string literal: single quotes, with quotes and backslashes escaped.
std::string ConfQuote(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += c;
    out += c;
  }
  return out + "'";
}

bool IsSettingName(const std::string& name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.') return false;
  }
  return true;
}

// Only these characters go into the socket path, which ends up in URLs (?host=...) and in
// unix_socket_directories (a comma-separated list); anything else moves it under /tmp.
bool IsPlainPath(const std::string& path) {
  for (char c : path) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '/' && c != '.' && c != '_' &&
        c != '-') {
      return false;
    }
  }
  return true;
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
  if (local.size() <= kMaxSocketDirLength && IsPlainPath(local)) return local;
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

int Cluster::DataMajor() const {
  return std::atoi(ReadFirstLine(base::JoinPath(DataDir(), "PG_VERSION")).c_str());
}

Result<std::string> Cluster::BinDir() const {
  int existing = DataMajor();
  int major = existing != 0 ? existing : options_.major;
  std::string dir;
  if (major == 0) {
    dir = FindPgBinDir(options_.bindir);
  } else {
    auto found = FindPgBinDirForMajor(major, options_.bindir, options_.pg_caches);
    if (!found.ok()) return found.status();
    dir = found.value();
  }
  if (base::FindProgram("initdb", {dir}).empty() || base::FindProgram("pg_ctl", {dir}).empty()) {
    return Status(Code::kNotFound, "cannot find initdb and pg_ctl (looked in " +
                                       (dir.empty() ? std::string("PATH") : dir + " and PATH") +
                                       ").")
        .WithHint("install the postgresql server package, or set [tools] bindir in pgcrate.toml.");
  }
  // pg_ctl starts the server through `/bin/sh -c "exec \"<its own dir>/postgres\" ..."`: in
  // that double-quoted word, these characters would be read by the shell.
  std::string pg_ctl = base::FindProgram("pg_ctl", {dir});
  if (pg_ctl.find_first_of("\"$`\\\n") != std::string::npos) {
    return Status(Code::kRefused, "refusing to run " + pg_ctl +
                                      ": pg_ctl pastes its own directory into a /bin/sh command "
                                      "line, where a '\"', '$', '`', '\\' or newline in it "
                                      "would run as shell syntax.")
        .WithHint(
            "install or link the PostgreSQL binaries under a plain path, and point "
            "[tools] bindir at it.");
  }
  return dir;
}

namespace {

// When root, the server runs as `postgres`, which must be able to reach `dir`.
Status CheckServerUserCanReach(const std::string& dir) {
  if (!base::IsRoot()) return Status::Ok();
  auto r = base::RunProcess({"test", "-w", dir}, {.run_as_user = kServerUser});
  if (r.ok() && r->exit_code == 0) return Status::Ok();
  return Status(Code::kIo,
                "the postgres OS user (which runs the server when pgcrate runs as "
                "root) cannot reach " +
                    dir + ".")
      .WithHint(
          "make every parent directory searchable (chmod o+x), or run pgcrate as a "
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

Status Cluster::WriteServerSettings(int port) const {
  std::string conf =
      "# Written by pgcrate dev at every start (included from postgresql.conf); do not edit.\n"
      "port = " +
      std::to_string(port) + "\n" + "unix_socket_directories = " + ConfQuote(SocketDir()) + "\n" +
      "listen_addresses = '127.0.0.1'\n"
      "fsync = off\n"
      "synchronous_commit = off\n"
      "full_page_writes = off\n";
  for (const auto& setting : options_.settings) {
    size_t eq = setting.find('=');
    std::string name = base::Trim(setting.substr(0, eq));
    if (eq == std::string::npos || !IsSettingName(name)) {
      return Status(Code::kConfig,
                    "invalid server setting '" + setting + "': expected name=value.");
    }
    conf += name + " = " + ConfQuote(base::Trim(setting.substr(eq + 1))) + "\n";
  }
  std::string path = base::JoinPath(DataDir(), kSettingsFile);
  PGCRATE_RETURN_IF_ERROR(base::WriteFile(path, conf, true));
  PGCRATE_RETURN_IF_ERROR(GiveToServerUser(path));
  // Clusters made before pgcrate.conf existed get the include line on their next start.
  std::string main_conf = base::JoinPath(DataDir(), "postgresql.conf");
  auto text = base::ReadFile(main_conf);
  if (!text.ok()) return text.status();
  if (text->find(kIncludeLine) != std::string::npos) return Status::Ok();
  std::string updated = *text + (text->empty() || text->back() == '\n' ? "" : "\n") +
                        "# Added by pgcrate dev: the settings it manages.\n" + kIncludeLine;
  PGCRATE_RETURN_IF_ERROR(base::WriteFile(main_conf, updated, true));
  return GiveToServerUser(main_conf);
}

// pg_ctl start runs the server through `/bin/sh -c` with -D, -l and -o pasted into the
// command line, so nothing path-like or user-provided is given to it: the data directory is
// in PGDATA, the settings in pgcrate.conf, and its output (and the server's log) goes to
// server.log through a file we open ourselves.
Status Cluster::Start() {
  int existing = DataMajor();
  if (options_.major != 0 && existing != 0 && existing != options_.major) {
    std::string m = std::to_string(options_.major);
    return Status(Code::kConflict, "the dev cluster in " + DataDir() + " is PostgreSQL " +
                                       std::to_string(existing) + ", not " + m + ".")
        .WithHint("`pgcrate dev reset --pg " + m + "` replaces it with a PostgreSQL " + m +
                  " cluster (deleting its data); `pgcrate dev start` keeps using it.");
  }
  if (GetStatus().running) return Status::Ok();
  auto bindir = BinDir();
  if (!bindir.ok()) return bindir.status();
  if (!base::Exists(base::JoinPath(DataDir(), "PG_VERSION"))) {
    PGCRATE_RETURN_IF_ERROR(Init(bindir.value()));
  }
  PGCRATE_RETURN_IF_ERROR(PrepareDirectories());
  int port = ReadPort();
  if (port <= 0 || !PortIsFree(port)) port = FreePort();
  PGCRATE_RETURN_IF_ERROR(
      base::WriteFile(base::JoinPath(options_.dir, "port"), std::to_string(port) + "\n", true));
  PGCRATE_RETURN_IF_ERROR(WriteServerSettings(port));
  std::string log = base::JoinPath(options_.dir, "server.log");
  if (!base::Exists(log)) {
    PGCRATE_RETURN_IF_ERROR(base::WriteFile(log, "", false));
    PGCRATE_RETURN_IF_ERROR(GiveToServerUser(log));
  }
  base::ProcessOptions po = PgCtlOptions();
  po.output_file = log;
  auto r = base::RunProcess(
      {base::FindProgram("pg_ctl", {bindir.value()}), "-w", "-t", "60", "start"}, po);
  if (!r.ok()) return r.status();
  if (r->exit_code != 0) {
    return Status(Code::kIo, "the dev PostgreSQL server did not start (data in " + DataDir() + ").")
        .WithDetails(LogTail());
  }
  return Status::Ok();
}

base::ProcessOptions Cluster::PgCtlOptions() const {
  base::ProcessOptions po;
  po.run_as_user = RunAs();
  po.env = {"PGDATA=" + DataDir()};
  return po;
}

Status Cluster::Stop() {
  if (!GetStatus().running) return Status::Ok();
  auto bindir = BinDir();
  if (!bindir.ok()) return bindir.status();
  auto r = base::RunProcess(
      {base::FindProgram("pg_ctl", {bindir.value()}), "-m", "fast", "-w", "-t", "60", "stop"},
      PgCtlOptions());
  if (!r.ok()) return r.status();
  if (r->exit_code != 0 && GetStatus().running) {
    return Status(Code::kIo, "cannot stop the dev PostgreSQL server.").WithDetails(r->output);
  }
  return Status::Ok();
}

Status Cluster::Reset() {
  PGCRATE_RETURN_IF_ERROR(Stop());  // with the binaries of the data directory's version
  PGCRATE_RETURN_IF_ERROR(base::RemoveAll(options_.dir));
  return Start();
}

ClusterStatus Cluster::GetStatus() const {
  ClusterStatus s;
  s.data_dir = DataDir();
  s.socket_dir = SocketDir();
  s.initialized = base::Exists(base::JoinPath(DataDir(), "PG_VERSION"));
  s.major = DataMajor();
  s.running = s.initialized && ServerAlive(DataDir());
  s.port = ReadPort();
  if (s.running) s.url = Url();
  return s;
}

std::string Cluster::Url(const std::string& database) const {
  return "postgresql://postgres@/" + database + "?host=" + SocketDir() +
         "&port=" + std::to_string(ReadPort());
}

std::string DevClusterDir(const std::string& project_root) {
  return base::JoinPath(project_root, ".pgcrate/dev");
}

std::string RunningDevClusterUrl(const std::string& project_root) {
  Cluster c({.dir = DevClusterDir(project_root)});
  return c.GetStatus().url;
}

}  // namespace pgcrate::dev

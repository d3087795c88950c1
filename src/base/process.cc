#include "base/process.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>

#include "base/files.h"
#include "base/interrupt.h"
#include "base/strings.h"

namespace pgcrate::base {
namespace {

std::vector<std::string> WithRunAs(const std::vector<std::string>& argv, const std::string& user) {
  if (user.empty() || !IsRoot()) return argv;
  std::vector<std::string> out = {FindProgram("runuser"), "-u", user, "--"};
  out.insert(out.end(), argv.begin(), argv.end());
  return out;
}

struct Pipes {
  int in[2] = {-1, -1};
  int out[2] = {-1, -1};
  int err[2] = {-1, -1};
};

[[noreturn]] void ExecChild(const std::vector<std::string>& argv, const ProcessOptions& options,
                            const Pipes& p) {
  if (!options.output_file.empty()) {
    int fd = ::open(options.output_file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) _exit(126);
    ::dup2(fd, STDOUT_FILENO);
    ::dup2(fd, STDERR_FILENO);
  } else if (p.out[1] >= 0) {
    ::dup2(p.out[1], STDOUT_FILENO);
    ::dup2(p.err[1] >= 0 ? p.err[1] : p.out[1], STDERR_FILENO);
  }
  if (p.in[0] >= 0) {
    ::dup2(p.in[0], STDIN_FILENO);
  } else if (int devnull = ::open("/dev/null", O_RDONLY); devnull >= 0) {
    ::dup2(devnull, STDIN_FILENO);
  }
  if (!options.cwd.empty() && ::chdir(options.cwd.c_str()) != 0) _exit(126);
  for (const auto& name : options.unset_env) ::unsetenv(name.c_str());
  for (const auto& kv : options.env) ::putenv(const_cast<char*>(kv.c_str()));
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  ::execvp(args[0], args.data());
  _exit(127);
}

// Feeds stdin and drains stdout/stderr together so that no pipe fills up and deadlocks.
void Pump(Pipes& p, const std::string& input, ProcessResult& result) {
  size_t written = 0;
  if (p.in[1] >= 0 && input.empty()) {
    ::close(p.in[1]);
    p.in[1] = -1;
  }
  while (p.out[0] >= 0 || p.err[0] >= 0 || p.in[1] >= 0) {
    pollfd fds[3] = {{p.out[0], POLLIN, 0}, {p.err[0], POLLIN, 0}, {p.in[1], POLLOUT, 0}};
    if (::poll(fds, 3, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buf[8192];
      ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        (i == 0 ? result.output : result.error_output).append(buf, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        ::close(fds[i].fd);
        (i == 0 ? p.out[0] : p.err[0]) = -1;
      }
    }
    if (p.in[1] >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
      ssize_t n = ::write(p.in[1], input.data() + written, input.size() - written);
      if (n > 0) written += static_cast<size_t>(n);
      if (n < 0 || written == input.size()) {
        ::close(p.in[1]);
        p.in[1] = -1;
      }
    }
  }
}

// An interrupt canceller (async-signal-safe): SIGTERM to the child whose pid `arg` points to.
void TerminateChild(void* arg) { ::kill(*static_cast<pid_t*>(arg), SIGTERM); }

}  // namespace

Result<ProcessResult> RunProcess(const std::vector<std::string>& raw_argv,
                                 const ProcessOptions& options) {
  std::vector<std::string> argv = WithRunAs(raw_argv, options.run_as_user);
  if (argv.empty() || argv[0].empty()) return Status(Code::kIo, "no program to run.");
  Pipes p;
  bool ok = true;
  bool capture = options.capture && options.output_file.empty();
  if (capture) ok &= ::pipe2(p.out, O_CLOEXEC) == 0;
  if (capture && options.separate_stderr) ok &= ::pipe2(p.err, O_CLOEXEC) == 0;
  if (options.use_stdin || !options.stdin_data.empty()) ok &= ::pipe2(p.in, O_CLOEXEC) == 0;
  if (!ok) return Status(Code::kIo, std::string("cannot create a pipe: ") + std::strerror(errno));
  pid_t pid = ::fork();
  if (pid < 0) return Status(Code::kIo, std::string("cannot fork: ") + std::strerror(errno));
  if (pid == 0) ExecChild(argv, options, p);
  int slot = options.forward_interrupt ? RegisterCanceller(TerminateChild, &pid) : -1;
  if (slot >= 0 && Interrupted()) ::kill(pid, SIGTERM);  // the signal came before registration
  for (int fd : {p.out[1], p.err[1], p.in[0]}) {
    if (fd >= 0) ::close(fd);
  }
  ProcessResult result;
  ::signal(SIGPIPE, SIG_IGN);
  Pump(p, options.stdin_data, result);
  int status = 0;
  if (slot >= 0) {
    // Wait without reaping first: the canceller may kill `pid` until it is unregistered, and
    // an unreaped child's pid cannot be reused by another process.
    siginfo_t info{};
    while (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT) < 0 &&
           errno == EINTR) {
    }
    UnregisterCanceller(slot);
  }
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (result.exit_code == 127) {
    return Status(Code::kIo, "cannot run " + raw_argv[0] + ": program not found.");
  }
  if (result.exit_code == 126 && !options.output_file.empty()) {
    return Status(Code::kIo, "cannot run " + raw_argv[0] + ": cannot open " + options.output_file +
                                 " for its output.");
  }
  return result;
}

std::string FindProgram(const std::string& name, const std::vector<std::string>& dirs) {
  if (name.find('/') != std::string::npos) return ::access(name.c_str(), X_OK) == 0 ? name : "";
  for (const auto& d : dirs) {
    std::string p = JoinPath(d, name);
    if (!d.empty() && ::access(p.c_str(), X_OK) == 0) return p;
  }
  for (const auto& d : Split(GetEnv("PATH"), ':')) {
    std::string p = JoinPath(d.empty() ? "." : d, name);
    if (::access(p.c_str(), X_OK) == 0) return p;
  }
  return "";
}

bool IsRoot() { return ::geteuid() == 0; }

std::string GetEnv(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

bool IsTty(int fd) { return ::isatty(fd) == 1; }

}  // namespace pgcrate::base

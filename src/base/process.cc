#include "base/process.h"

#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "base/files.h"
#include "base/strings.h"

namespace pgcrate::base {
namespace {

std::vector<std::string> WithRunAs(const std::vector<std::string>& argv, const std::string& user) {
  if (user.empty() || !IsRoot()) return argv;
  std::vector<std::string> out = {FindProgram("runuser"), "-u", user, "--"};
  out.insert(out.end(), argv.begin(), argv.end());
  return out;
}

[[noreturn]] void ExecChild(const std::vector<std::string>& argv, const ProcessOptions& options,
                            int out_fd) {
  if (out_fd >= 0) {
    ::dup2(out_fd, STDOUT_FILENO);
    ::dup2(out_fd, STDERR_FILENO);
    ::close(out_fd);
  }
  int devnull = ::open("/dev/null", O_RDONLY);
  if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
  if (!options.cwd.empty() && ::chdir(options.cwd.c_str()) != 0) _exit(126);
  for (const auto& kv : options.env) ::putenv(const_cast<char*>(kv.c_str()));
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  ::execvp(args[0], args.data());
  _exit(127);
}

}  // namespace

Result<ProcessResult> RunProcess(const std::vector<std::string>& raw_argv,
                                 const ProcessOptions& options) {
  std::vector<std::string> argv = WithRunAs(raw_argv, options.run_as_user);
  if (argv.empty() || argv[0].empty()) return Status(Code::kIo, "no program to run.");
  int fds[2] = {-1, -1};
  if (options.capture && ::pipe2(fds, O_CLOEXEC) != 0) {
    return Status(Code::kIo, std::string("cannot create a pipe: ") + std::strerror(errno));
  }
  pid_t pid = ::fork();
  if (pid < 0) return Status(Code::kIo, std::string("cannot fork: ") + std::strerror(errno));
  if (pid == 0) {
    if (fds[0] >= 0) ::close(fds[0]);
    ExecChild(argv, options, fds[1]);
  }
  ProcessResult result;
  if (options.capture) {
    ::close(fds[1]);
    char buf[4096];
    ssize_t n;
    while ((n = ::read(fds[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR)) {
      if (n > 0) result.output.append(buf, static_cast<size_t>(n));
    }
    ::close(fds[0]);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (result.exit_code == 127) {
    return Status(Code::kIo, "cannot run " + raw_argv[0] + ": program not found.");
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

std::string CurrentUserName() {
  if (struct passwd* pw = ::getpwuid(::geteuid())) return pw->pw_name;
  return GetEnv("USER");
}

std::string GetEnv(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

bool IsTty(int fd) { return ::isatty(fd) == 1; }

}  // namespace pgcrate::base

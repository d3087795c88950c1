// pgcrate watch: inotify on the code folder; each burst of changes (debounced) plans and applies
// the code-only changes and prints one line per object. A failing file prints its error and the
// watcher keeps running; Ctrl-C ends it.
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "app/code/code_command.h"
#include "app/code/code_common.h"
#include "base/interrupt.h"
#include "code/apply.h"

namespace pgcrate::app {
namespace {

constexpr uint32_t kEvents = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE |
                             IN_DELETE_SELF | IN_MOVE_SELF;

// An inotify instance watching `dir` and every folder below it (hidden ones excepted).
class Watcher {
 public:
  ~Watcher() { Close(); }

  Status Watch(const std::string& dir) {
    Close();
    fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd_ < 0) return Status(Code::kIo, "inotify_init1 failed");
    namespace fs = std::filesystem;
    if (inotify_add_watch(fd_, dir.c_str(), kEvents) < 0) {
      return Status(Code::kIo, "cannot watch " + dir);
    }
    std::error_code ec;
    fs::recursive_directory_iterator it(dir, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      if (!it->is_directory()) continue;
      if (it->path().filename().string().rfind('.', 0) == 0) {
        it.disable_recursion_pending();
        continue;
      }
      (void)inotify_add_watch(fd_, it->path().c_str(), kEvents);
    }
    return Status::Ok();
  }

  // Waits up to `ms` for events; true when some arrived (drained).
  bool Wait(int ms) {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, ms) <= 0) return false;
    char buf[8192];
    bool any = false;
    while (read(fd_, buf, sizeof buf) > 0) any = true;
    return any;
  }

 private:
  void Close() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }
  int fd_ = -1;
};

std::string Now() {
  std::time_t t = std::time(nullptr);
  char buf[16];
  std::strftime(buf, sizeof buf, "%H:%M:%S", std::localtime(&t));
  return buf;
}

// One plan+apply of the code-only changes; prints a line per step or the error.
void ApplyOnce(Session& session, const code_internal::Project& project) {
  const auto& out = session.out();
  auto code = code_internal::LoadCode(project);
  if (!code.ok()) return out.Error(code.status());
  code::ApplyOptions options;
  options.plan.code_only = true;
  code::ApplyResult result;
  Status st = code::Apply(*project.conn, code.value(), {}, options, &result);
  if (!st.ok()) return out.Error(st);
  if (out.json()) {  // one envelope per applied burst
    if (result.plan.steps.empty()) return;
    nlohmann::ordered_json doc = code_internal::PlanJson(result.plan, code.value());
    doc["time"] = Now();
    return out.Json(doc);
  }
  for (const auto& s : result.plan.steps) out.Data("[" + Now() + "] " + code_internal::StepLine(s));
}

}  // namespace

Status RunWatch(Session& session, const WatchCommandOptions& o) {
  PGCRATE_RETURN_IF_ERROR(session.LoadConfig());
  // Never against production, whatever flags say.
  PGCRATE_RETURN_IF_ERROR(session.CheckProductionGate(true, false, "watch"));
  auto project = code_internal::OpenProject(session);
  if (!project.ok()) return project.status();
  if (!std::filesystem::is_directory(project->code_dir)) {
    return Status(Code::kNotFound, "the code folder " + project->code_dir + " does not exist.")
        .WithHint("create it, or set [paths] code in pgcrate.toml.");
  }
  Watcher watcher;
  PGCRATE_RETURN_IF_ERROR(watcher.Watch(project->code_dir));
  ApplyOnce(session, project.value());
  session.out().Info("watching " + project->code_dir + " (Ctrl-C to stop)");
  while (!base::Interrupted()) {
    if (!watcher.Wait(250)) continue;
    while (watcher.Wait(o.debounce_ms)) {  // settle: editors write in several steps
    }
    if (base::Interrupted()) break;
    PGCRATE_RETURN_IF_ERROR(watcher.Watch(project->code_dir));  // new folders
    ApplyOnce(session, project.value());
  }
  return Status::Ok();
}

}  // namespace pgcrate::app

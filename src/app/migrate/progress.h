// Progress of a migration run on stderr. On a terminal: one line rewritten in place
// ("[3/10] 20251130000000_x.sql  1.2s", refreshed every 200 ms while a migration runs);
// otherwise one "applied ..." line per migration. Nothing with --quiet or --json, except
// lock-timeout retries, which are warnings.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "migrate/apply.h"
#include "output/output.h"

namespace pgcrate::migrate {

class Progress {
 public:
  Progress(const output::Output& out, bool tty);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // The ApplyOptions::observer to install.
  void OnEvent(const ApplyEvent& event);
  // Clears the live line (call before printing anything else).
  void Finish();

 private:
  void Draw();
  void Tick();

  const output::Output& out_;
  bool live_;  // a TTY and neither --quiet nor --json
  std::mutex mu_;
  std::condition_variable cv_;
  std::thread ticker_;
  bool stop_ = false;
  bool drawn_ = false;
  std::string current_;  // "[3/10] file"
  std::chrono::steady_clock::time_point started_;
};

}  // namespace pgcrate::migrate

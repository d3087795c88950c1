#include "app/migrate/progress.h"

#include <cstdio>

namespace pgcrate::migrate {
namespace {

std::string Seconds(std::chrono::steady_clock::duration d) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1fs", static_cast<double>(ms) / 1000.0);
  return buf;
}

const char* Verb(Direction d) { return d == Direction::kUp ? "applied" : "rolled back"; }

}  // namespace

Progress::Progress(const output::Output& out, bool tty)
    : out_(out), live_(tty && !out.mode().quiet && !out.mode().json) {
  started_ = std::chrono::steady_clock::now();
  if (live_) ticker_ = std::thread([this] { Tick(); });
}

Progress::~Progress() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (ticker_.joinable()) ticker_.join();
  Finish();
}

void Progress::Tick() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    cv_.wait_for(lock, std::chrono::milliseconds(200));
    if (!stop_ && !current_.empty()) Draw();
  }
}

// Caller holds mu_.
void Progress::Draw() {
  std::string line =
      "\r\033[K" + current_ + "  " + Seconds(std::chrono::steady_clock::now() - started_);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::Finish() {
  if (!live_) return;
  std::lock_guard<std::mutex> lock(mu_);
  current_.clear();
  if (drawn_) std::fputs("\r\033[K", stderr);
  drawn_ = false;
}

void Progress::OnEvent(const ApplyEvent& e) {
  std::string pos = "[" + std::to_string(e.index) + "/" + std::to_string(e.total) + "] ";
  if (e.kind == ApplyEvent::Kind::kRetrying) {
    Finish();
    out_.Warn(e.message);
    return;
  }
  if (e.kind == ApplyEvent::Kind::kStarting) {
    if (!live_) return;
    std::lock_guard<std::mutex> lock(mu_);
    current_ = pos + e.file->file_name;
    Draw();
    return;
  }
  Finish();
  out_.Info(pos + Verb(e.direction) + " " + e.file->file_name + " (" +
            std::to_string(e.elapsed_ms) + " ms)");
}

}  // namespace pgcrate::migrate

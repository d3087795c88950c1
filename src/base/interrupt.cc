#include "base/interrupt.h"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <mutex>

namespace pgcrate::base {
namespace {

constexpr int kSlots = 16;

struct Canceller {
  std::atomic<void (*)(void*)> fn{nullptr};
  std::atomic<void*> arg{nullptr};
};

Canceller g_cancellers[kSlots];
std::atomic<int> g_interrupts{0};

void OnSignal(int) {
  if (g_interrupts.fetch_add(1) > 0) _exit(130);
  for (auto& c : g_cancellers) {
    if (auto fn = c.fn.load()) fn(c.arg.load());
  }
}

}  // namespace

void InstallInterruptHandler() {
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

bool Interrupted() { return g_interrupts.load() > 0; }

int RegisterCanceller(void (*fn)(void*), void* arg) {
  static std::mutex mu;
  std::lock_guard<std::mutex> lock(mu);
  for (int i = 0; i < kSlots; ++i) {
    if (g_cancellers[i].fn.load() != nullptr) continue;
    g_cancellers[i].arg.store(arg);  // before fn: the handler reads fn first
    g_cancellers[i].fn.store(fn);
    return i;
  }
  return -1;
}

void UnregisterCanceller(int slot) {
  if (slot < 0 || slot >= kSlots) return;
  g_cancellers[slot].fn.store(nullptr);
}

}  // namespace pgcrate::base

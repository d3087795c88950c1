#include "base/secrets.h"

#include <algorithm>
#include <mutex>
#include <utility>
#include <vector>

#include "base/strings.h"

namespace pgcrate::base {
namespace {

std::mutex& Mu() {
  static std::mutex mu;
  return mu;
}
std::vector<std::pair<std::string, std::string>>& Registered() {
  static std::vector<std::pair<std::string, std::string>> list;
  return list;
}

}  // namespace

void RegisterSensitive(std::string_view raw, std::string_view replacement) {
  if (raw.empty() || raw == replacement) return;
  std::lock_guard<std::mutex> lock(Mu());
  auto& list = Registered();
  for (const auto& [r, _] : list) {
    if (r == raw) return;
  }
  list.emplace_back(std::string(raw), std::string(replacement));
  // Longest first, so a string that contains another is replaced whole.
  std::sort(list.begin(), list.end(),
            [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}

std::string Redact(std::string_view text) {
  std::lock_guard<std::mutex> lock(Mu());
  std::string out(text);
  for (const auto& [raw, replacement] : Registered()) {
    if (out.find(raw) != std::string::npos) out = ReplaceAll(std::move(out), raw, replacement);
  }
  return out;
}

}  // namespace pgcrate::base

#include "base/secrets.h"

#include <algorithm>
#include <mutex>
#include <vector>

#include "base/strings.h"

namespace pgcrate::base {
namespace {

std::mutex& Mu() {
  static std::mutex mu;
  return mu;
}
std::vector<std::string>& Secrets() {
  static std::vector<std::string> secrets;
  return secrets;
}

// The URL-encoded spelling of a secret, which is how it appears inside a URL.
std::string PercentEncode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

void RegisterSecret(std::string_view secret) {
  if (secret.empty()) return;
  std::lock_guard<std::mutex> lock(Mu());
  auto& list = Secrets();
  for (std::string form : {std::string(secret), PercentEncode(secret)}) {
    if (std::find(list.begin(), list.end(), form) == list.end()) list.push_back(form);
  }
  // Longest first, so a secret that contains another is replaced whole.
  std::sort(list.begin(), list.end(), [](auto& a, auto& b) { return a.size() > b.size(); });
}

std::string Redact(std::string_view text) {
  std::lock_guard<std::mutex> lock(Mu());
  std::string out(text);
  for (const auto& s : Secrets()) out = ReplaceAll(std::move(out), s, "********");
  return out;
}

}  // namespace pgcrate::base

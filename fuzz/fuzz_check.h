// What the fuzz targets share: FUZZ_CHECK, which stops the run with the invariant that broke
// (libFuzzer then saves the input as crash-*), the input cut into parts, and a scratch folder
// for the parsers that read files.
#pragma once

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

namespace pgcrate::fuzz {

// Prints which invariant broke and aborts (ASan reports the abort with a stack).
[[noreturn]] inline void Fail(const char* file, int line, const char* condition,
                              const std::string& detail) {
  std::fprintf(stderr, "\n==fuzz== invariant broken at %s:%d: %s\n==fuzz== %s\n", file, line,
               condition, detail.c_str());
  std::abort();
}

// `detail` is evaluated only when the condition is false.
#define FUZZ_CHECK(condition, detail)                                                  \
  do {                                                                                 \
    if (!(condition)) ::pgcrate::fuzz::Fail(__FILE__, __LINE__, #condition, (detail)); \
  } while (0)

// The input as parts separated by `separator`: Next() returns the text up to the next
// separator (or the rest of the input) and Rest() everything not yet taken.
class Parts {
 public:
  Parts(const uint8_t* data, size_t size, std::string_view separator)
      : rest_(reinterpret_cast<const char*>(data), size), separator_(separator) {}

  std::string_view Next() {
    size_t at = rest_.find(separator_);
    std::string_view part = rest_.substr(0, at);
    rest_ =
        at == std::string_view::npos ? std::string_view() : rest_.substr(at + separator_.size());
    return part;
  }
  std::string_view Rest() const { return rest_; }

 private:
  std::string_view rest_;
  std::string_view separator_;
};

// Removes the scratch folders of fuzzer processes that are gone (libFuzzer ends with _Exit,
// which skips atexit handlers, and a crash skips them too).
inline void RemoveStaleScratchDirs(const std::filesystem::path& base) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(base, ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind("pgcrate-fuzz-", 0) != 0) continue;
    pid_t pid = static_cast<pid_t>(std::atol(name.c_str() + 13));
    if (pid > 0 && kill(pid, 0) != 0 && errno == ESRCH) std::filesystem::remove_all(entry, ec);
  }
}

// A private folder for the targets whose parsers read files: under $TMPDIR, else /dev/shm
// (in memory: rewriting a file on disk thousands of times a second makes the file system
// flush it, several times slower), else /tmp.
inline const std::filesystem::path& ScratchDir() {
  static const std::filesystem::path dir = [] {
    const char* tmp = std::getenv("TMPDIR");
    std::error_code ec;
    std::filesystem::path base = tmp != nullptr                                  ? tmp
                                 : std::filesystem::is_directory("/dev/shm", ec) ? "/dev/shm"
                                                                                 : "/tmp";
    RemoveStaleScratchDirs(base);
    std::filesystem::path d = base / ("pgcrate-fuzz-" + std::to_string(getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

// Writes `content` to `name` in the scratch folder and returns its path.
inline std::string WriteScratch(const std::string& name, std::string_view content) {
  std::string path = (ScratchDir() / name).string();
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) Fail(__FILE__, __LINE__, "fopen", "cannot write " + path);
  if (!content.empty() && std::fwrite(content.data(), 1, content.size(), f) != content.size()) {
    Fail(__FILE__, __LINE__, "fwrite", "cannot write " + path);
  }
  std::fclose(f);
  return path;
}

// `s` quoted for a message, cut after `max` bytes.
inline std::string Quoted(std::string_view s, size_t max = 200) {
  std::string out = "\"";
  for (char c : s.substr(0, max)) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else {
      out += c;
    }
  }
  return out + (s.size() > max ? "\"..." : "\"");
}

}  // namespace pgcrate::fuzz

// Fuzzes config::ParseConfig (pgcrate.toml through toml++ into the Config structs, typo
// warnings, module sections). The input is the whole file.
//
// Invariants:
//   - no toml++ exception escapes (libFuzzer reports an uncaught one as a crash);
//   - errors and warnings point into the file: a located error or warning names it, with a
//     line of the file;
//   - without [paths] allow_outside_project, every project path the config accepted stays
//     inside the project once resolved (checked lexically with std::filesystem here,
//     independently of the config's own '..' and absolute-path test).
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "config/config.h"
#include "fuzz_check.h"

namespace {

namespace config = pgcrate::config;
using pgcrate::fuzz::Quoted;

constexpr const char* kFile = "pgcrate.toml";

int Lines(std::string_view s) {
  int n = 1;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == s.size() || s[i + 1] != '\n'))) ++n;
  }
  return n;
}

void CheckInside(const std::string& key, const std::string& path) {
  const std::filesystem::path root = "/project";
  std::filesystem::path resolved = (root / path).lexically_normal();
  std::string r = resolved.string();
  FUZZ_CHECK(r == "/project" || r.rfind("/project/", 0) == 0,
             key + " = " + Quoted(path) + " resolves to " + Quoted(r) + ", outside the project");
}

void CheckPaths(const config::Config& c) {
  if (c.allow_outside_project) return;
  CheckInside("[paths] migrations", c.paths.migrations);
  CheckInside("[paths] models", c.paths.models);
  CheckInside("[paths] seeds", c.paths.seeds);
  CheckInside("[paths] schema", c.paths.schema);
  CheckInside("[paths] code", c.paths.code);
  CheckInside("[generate] output", c.generate.output);
  CheckInside("[snapshot] dir", c.snapshot.dir);
  for (const config::Module& m : c.modules) {
    CheckInside("[modules." + m.name + "] migrations", m.migrations);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  int lines = Lines(text);
  auto c = config::ParseConfig(text, kFile);
  if (!c.ok()) {
    const pgcrate::SourceLocation& at = c.status().location();
    if (at.line > 0) {
      FUZZ_CHECK(at.file == kFile && at.line <= lines,
                 "error at " + at.file + ":" + std::to_string(at.line) + " in a file of " +
                     std::to_string(lines) + " lines: " + c.status().message());
    }
    return 0;
  }
  for (const std::string& w : c->warnings) {
    std::string prefix = std::string(kFile) + ":";
    FUZZ_CHECK(w.rfind(prefix, 0) == 0, "a warning without the file: " + Quoted(w));
    int line = std::atoi(w.c_str() + prefix.size());
    FUZZ_CHECK(line >= 1 && line <= lines, "a warning outside the file: " + Quoted(w));
  }
  CheckPaths(*c);
  return 0;
}

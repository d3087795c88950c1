#include "pg/program_version.h"

#include <cctype>
#include <cstdlib>

#include "base/process.h"
#include "base/strings.h"

namespace pgcrate::pg {
namespace {

// "pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)" -> "15.18".
std::string VersionIn(const std::string& text) {
  size_t at = text.find("(PostgreSQL) ");
  if (at == std::string::npos) return "";
  at += 13;
  size_t end = at;
  while (end < text.size() &&
         (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '.' ||
          std::isalpha(static_cast<unsigned char>(text[end])))) {
    ++end;
  }
  std::string v = text.substr(at, end - at);
  return !v.empty() && std::isdigit(static_cast<unsigned char>(v[0])) ? v : "";
}

}  // namespace

int MajorOf(int version_num) {
  return version_num / 10000;  // 150004 -> 15; 90624 -> 9 (9.6: "9" is enough against 14+)
}

Result<ProgramVersion> ProbeProgram(const std::string& path, const std::string& origin) {
  auto run = base::RunProcess({path, "--version"});
  if (!run.ok()) return run.status();
  std::string version = VersionIn(run->output);
  if (run->exit_code != 0 || version.empty()) {
    return Status(Code::kRefused, path + " (from " + origin +
                                      ") did not report a PostgreSQL version with --version: " +
                                      base::Trim(run->output.substr(0, 200)));
  }
  return ProgramVersion{path, version, std::atoi(version.c_str()), origin};
}

}  // namespace pgcrate::pg

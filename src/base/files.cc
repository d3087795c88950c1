#include "base/files.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace pgcrate::base {
namespace fs = std::filesystem;

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Code code = errno == ENOENT ? Code::kNotFound : Code::kIo;
    return Status(code, "cannot read " + path + ": " + std::strerror(errno) + ".");
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Status WriteFile(const std::string& path, const std::string& content, bool overwrite) {
  if (!overwrite && Exists(path)) {
    return Status(Code::kConflict, path + " already exists; pgcrate does not overwrite it.");
  }
  std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status(Code::kIo, "cannot write " + path + ": " + std::strerror(errno) + ".");
    out << content;
    if (!out.flush()) return Status(Code::kIo, "cannot write " + path + ": disk full?");
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return Status(Code::kIo, "cannot write " + path + ": " + ec.message() + ".");
  }
  return Status::Ok();
}

bool Exists(const std::string& path) {
  std::error_code ec;
  return fs::exists(path, ec);
}

bool IsDirectory(const std::string& path) {
  std::error_code ec;
  return fs::is_directory(path, ec);
}

Status MakeDirs(const std::string& path) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) return Status(Code::kIo, "cannot create directory " + path + ": " + ec.message() + ".");
  return Status::Ok();
}

Status RemoveAll(const std::string& path) {
  std::error_code ec;
  fs::remove_all(path, ec);
  if (ec) return Status(Code::kIo, "cannot remove " + path + ": " + ec.message() + ".");
  return Status::Ok();
}

std::string JoinPath(const std::string& a, const std::string& b) {
  if (a.empty() || b.starts_with('/')) return b;
  return a.back() == '/' ? a + b : a + "/" + b;
}

bool HasParentReference(const std::string& path) {
  for (const auto& part : fs::path(path)) {
    if (part == "..") return true;
  }
  return false;
}

std::string AbsolutePath(const std::string& path) {
  std::error_code ec;
  return fs::absolute(path, ec).lexically_normal().string();
}

std::string ReadAllStdin() {
  std::ostringstream ss;
  ss << std::cin.rdbuf();
  return ss.str();
}

}  // namespace pgcrate::base

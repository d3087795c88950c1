#include "base/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <sstream>

#include "base/strings.h"

namespace pgcrate::base {
namespace fs = std::filesystem;

namespace {

Status ReadError(const std::string& path, int err) {
  if (err == ELOOP) {
    return Status(Code::kIo, "cannot read " + path +
                                 ": it is a symbolic link loop (or a chain "
                                 "of more than 40 links), so it names no file.");
  }
  Code code = err == ENOENT ? Code::kNotFound : Code::kIo;
  return Status(code, "cannot read " + path + ": " + std::strerror(err) + ".");
}

const char* FileKind(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

Status TooLarge(const std::string& path) {
  return Status(Code::kIo, "cannot read " + path + ": it is larger than " +
                               std::to_string(kMaxFileBytes >> 20) +
                               " MiB, the limit for "
                               "files pgcrate reads.");
}

// Reads the regular file open on `fd`: the size fstat reports, then whatever it grew by
// since, up to kMaxFileBytes.
Result<std::string> ReadOpen(int fd, const std::string& path) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return ReadError(path, errno);
  if (!S_ISREG(st.st_mode)) {
    return Status(Code::kIo, "cannot read " + path + ": it is " + FileKind(st.st_mode) +
                                 "; pgcrate reads only regular files.");
  }
  if (static_cast<uint64_t>(st.st_size) > kMaxFileBytes) return TooLarge(path);
  // One spare byte: reading the whole file then finds EOF without reallocating (which would
  // briefly hold two copies of a huge file).
  std::string data(static_cast<size_t>(st.st_size) + 1, '\0');
  size_t got = 0;
  for (;;) {
    if (got == data.size()) {
      if (data.size() > kMaxFileBytes) return TooLarge(path);
      data.resize(data.size() + 65536);
    }
    ssize_t n = ::read(fd, data.data() + got, data.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ReadError(path, errno);
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  data.resize(got);
  return data;
}

// Length of the valid UTF-8 sequence at text[i], 0 when it is invalid (overlong forms,
// surrogates and code points above U+10FFFF included).
size_t Utf8SequenceLength(std::string_view text, size_t i) {
  auto at = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char c = at(i);
  size_t len = c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
  if (len == 0 || i + len > text.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((at(i + k) & 0xC0) != 0x80) return 0;
  }
  unsigned char c1 = at(i + 1);
  if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F)) return 0;  // overlong, surrogate
  if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F)) return 0;  // overlong, > U+10FFFF
  return len;
}

}  // namespace

Status CheckText(const std::string& path, std::string_view content) {
  size_t i = 0;
  while (i < content.size()) {
    unsigned char c = static_cast<unsigned char>(content[i]);
    if (c >= 0x80) {
      size_t len = Utf8SequenceLength(content, i);
      if (len == 0) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", c);
        auto [line, col] = LineColumnAt(content, i);
        return Status(Code::kParse, "the file is not valid UTF-8 (byte " + std::string(hex) +
                                        "); pgcrate reads SQL files as UTF-8.")
            .WithLocation({path, line, col})
            .WithHint("convert it, e.g. `iconv -f LATIN1 -t UTF-8`.");
      }
      i += len;
      continue;
    }
    if (c == 0) {
      auto [line, col] = LineColumnAt(content, i);
      return Status(Code::kParse,
                    "the file contains a NUL byte (\\0); SQL files are text and "
                    "PostgreSQL would cut the statement there.")
          .WithLocation({path, line, col});
    }
    ++i;
  }
  return Status::Ok();
}

Result<std::string> ReadBytes(const std::string& path) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return ReadError(path, errno);
  auto data = ReadOpen(fd, path);
  ::close(fd);
  return data;
}

Result<std::string> ReadFile(const std::string& path) {
  auto data = ReadBytes(path);
  if (data.ok()) PGCRATE_RETURN_IF_ERROR(CheckText(path, data.value()));
  return data;
}

namespace {

// Creates a fresh temporary file next to `path` holding `content`; its name in `tmp`.
// Writes all of `content` to `fd` (retrying short writes and EINTR) and closes it: 0, or the
// errno of the first failure.
int WriteAllAndClose(int fd, const std::string& content) {
  size_t done = 0;
  int err = 0;
  while (done < content.size() && err == 0) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno != EINTR) err = errno;
    if (n > 0) done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0 && err == 0) err = errno;
  return err;
}

Status WriteTemp(const std::string& path, const std::string& content, std::string& tmp) {
  for (int attempt = 0;; ++attempt) {
    tmp = path + ".tmp-" + std::to_string(::getpid()) +
          (attempt ? "-" + std::to_string(attempt) : "");
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0 && errno == EEXIST && attempt < 100) continue;
    if (fd < 0)
      return Status(Code::kIo, "cannot write " + path + ": " + std::strerror(errno) + ".");
    int err = WriteAllAndClose(fd, content);
    if (err == 0) return Status::Ok();
    ::unlink(tmp.c_str());
    return Status(Code::kIo, "cannot write " + path + ": " + std::strerror(err) + ".");
  }
}

}  // namespace

Status CreateFileDirect(const std::string& path, const std::string& content) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0 && errno == EEXIST) {
    return Status(Code::kConflict, path + " already exists; pgcrate does not overwrite it.");
  }
  if (fd < 0) return Status(Code::kIo, "cannot write " + path + ": " + std::strerror(errno) + ".");
  int err = WriteAllAndClose(fd, content);
  if (err == 0) return Status::Ok();
  ::unlink(path.c_str());
  return Status(Code::kIo, "cannot write " + path + ": " + std::strerror(err) + ".");
}

Status WriteFile(const std::string& path, const std::string& content, bool overwrite) {
  if (!overwrite) return CreateNewFile(path, content);
  std::string tmp;
  PGCRATE_RETURN_IF_ERROR(WriteTemp(path, content, tmp));
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return Status(Code::kIo, "cannot write " + path + ": " + std::strerror(err) + ".");
  }
  return Status::Ok();
}

Status CreateNewFile(const std::string& path, const std::string& content) {
  std::string tmp;
  PGCRATE_RETURN_IF_ERROR(WriteTemp(path, content, tmp));
  // link() fails with EEXIST instead of replacing: the exclusive, atomic create.
  int rc = ::link(tmp.c_str(), path.c_str());
  int err = rc == 0 ? 0 : errno;
  ::unlink(tmp.c_str());
  if (rc == 0) return Status::Ok();
  if (err == EPERM || err == EOPNOTSUPP || err == EMLINK) return CreateFileDirect(path, content);
  if (err == EEXIST) {
    return Status(Code::kConflict, path + " already exists; pgcrate does not overwrite it.");
  }
  return Status(Code::kIo, "cannot write " + path + ": " + std::strerror(err) + ".");
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

std::string RelativeToCwd(const std::string& path) {
  std::error_code ec;
  fs::path rel = fs::relative(path, fs::current_path(ec), ec);
  if (ec || rel.empty() || rel.string().starts_with("..")) return path;
  return rel.string();
}

Result<std::vector<std::string>> FindFiles(const std::string& dir, std::string_view extension) {
  std::vector<std::string> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    if (StartsWith(it->path().filename().string(), ".")) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file() && EndsWith(it->path().filename().string(), extension)) {
      files.push_back(it->path().string());
    }
  }
  if (ec) return Status(Code::kIo, "cannot read " + dir + ": " + ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace pgcrate::base

#include "migrate/migration_file.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>

#include "base/files.h"
#include "base/strings.h"

namespace pgcrate::migrate {
namespace {

constexpr size_t kVersionDigits = 14;
constexpr const char* kExpectedForm =
    "migration files are named YYYYMMDDHHMMSS_description.sql (a 14-digit UTC timestamp, '_', "
    "then letters, digits, '_' or '-').";

bool ValidNameChars(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isalnum(c) != 0 || c == '_' || c == '-';
  });
}

Status BadName(const std::string& file_name, const std::string& why) {
  return Status(Code::kParse, "invalid migration file name " + file_name + ": " + why)
      .WithLocation({file_name, 0, 0})
      .WithHint(kExpectedForm);
}

// The reason a stem (file name without .sql) is not VERSION_name, or "" when it is.
std::string StemProblem(std::string_view stem) {
  size_t digits = 0;
  while (digits < stem.size() && std::isdigit(static_cast<unsigned char>(stem[digits]))) ++digits;
  if (stem.size() > 1 && (stem[0] == 'V' || stem[0] == 'v') && stem.find("__") != stem.npos) {
    return "this is a Flyway-style name (V<n>__name.sql), which pgcrate does not run directly.";
  }
  if (digits == 0) return "it does not start with a 14-digit timestamp.";
  if (digits != kVersionDigits) {
    return "the version has " + std::to_string(digits) + " digits; it must be a 14-digit "
           "timestamp (YYYYMMDDHHMMSS).";
  }
  if (stem.size() == kVersionDigits || stem[kVersionDigits] != '_') {
    return "the timestamp must be followed by '_' and a description.";
  }
  if (!ValidNameChars(stem.substr(kVersionDigits + 1))) {
    return "the description must be non-empty and use only letters, digits, '_' or '-'.";
  }
  return "";
}

struct Line {
  std::string_view text;  // without the line break
  size_t begin = 0;       // byte offset of the line in the file
  size_t next = 0;        // byte offset of the following line
  int number = 0;         // 1-based
};

std::vector<Line> SplitLines(std::string_view content) {
  std::vector<Line> lines;
  size_t pos = 0;
  int number = 1;
  while (pos < content.size()) {
    size_t nl = content.find('\n', pos);
    size_t end = nl == std::string_view::npos ? content.size() : nl;
    size_t next = nl == std::string_view::npos ? content.size() : nl + 1;
    lines.push_back({content.substr(pos, end - pos), pos, next, number++});
    pos = next;
  }
  return lines;
}

// For a `--` comment line, its body (after `--`, trimmed, lowercased); nullopt otherwise.
std::optional<std::string> CommentBody(std::string_view line) {
  std::string t = base::Trim(line);
  if (!base::StartsWith(t, "--")) return std::nullopt;
  return base::ToLower(base::Trim(std::string_view(t).substr(2)));
}

enum class Marker { kNone, kUp, kDown };

Marker MarkerOf(std::string_view line) {
  auto body = CommentBody(line);
  if (!body) return Marker::kNone;
  if (*body == "up") return Marker::kUp;
  if (*body == "down") return Marker::kDown;
  return Marker::kNone;
}

// The directive named in a `-- pgcrate: x` comment, or nullopt when the line is not one.
std::optional<std::string> DirectiveOf(std::string_view line) {
  auto body = CommentBody(line);
  if (!body || !base::StartsWith(*body, "pgcrate:")) return std::nullopt;
  return base::Trim(std::string_view(*body).substr(8));
}

Status LayoutError(const std::string& path, int line, const std::string& message) {
  return Status(Code::kParse, message).WithLocation({path, line, 1});
}

bool HasStatements(std::string_view section) {
  for (const Line& l : SplitLines(section)) {
    std::string t = base::Trim(l.text);
    if (!t.empty() && !base::StartsWith(t, "--")) return true;
  }
  return false;
}

// Parses the leading block (before `-- up`): comments, blank lines and directives.
class HeaderParser {
 public:
  HeaderParser(const std::string& path, MigrationFile& out) : path_(path), out_(out) {}

  // Consumes one header line; sets `done` at the `-- up` marker.
  Status Feed(const Line& l, bool& done) {
    std::string t = base::Trim(l.text);
    if (in_block_) {
      in_block_ = t.find("*/") == std::string::npos;
      return Status::Ok();
    }
    if (t.empty()) return Status::Ok();
    if (base::StartsWith(t, "/*")) {
      in_block_ = t.find("*/", 2) == std::string::npos;
      return Status::Ok();
    }
    Marker m = MarkerOf(l.text);
    if (m == Marker::kUp) {
      done = true;
      return Status::Ok();
    }
    if (m == Marker::kDown) {
      return LayoutError(path_, l.number, "`-- down` comes before `-- up`; the up section must "
                                          "come first.");
    }
    if (auto d = DirectiveOf(l.text)) return Directive(*d, l.number);
    if (base::StartsWith(t, "--")) return Status::Ok();
    return LayoutError(path_, l.number, "SQL before the `-- up` marker; only comments and blank "
                                        "lines may come before it.")
        .WithHint("put the migration's SQL after a line that reads `-- up`.");
  }

 private:
  Status Directive(const std::string& d, int line) {
    if (d == "no-transaction") {
      out_.no_transaction = true;
      return Status::Ok();
    }
    return LayoutError(path_, line, "unknown pgcrate directive '" + d + "'.")
        .WithHint("the known header directive is `-- pgcrate: no-transaction`.");
  }

  const std::string& path_;
  MigrationFile& out_;
  bool in_block_ = false;
};

Status ParseSections(const std::string& path, std::string_view content, MigrationFile& m) {
  std::vector<Line> lines = SplitLines(content);
  HeaderParser header(path, m);
  size_t i = 0;
  bool up_found = false;
  for (; i < lines.size() && !up_found; ++i) PGCRATE_RETURN_IF_ERROR(header.Feed(lines[i], up_found));
  if (!up_found) {
    return LayoutError(path, 0, "no `-- up` marker; a migration needs a line reading `-- up` "
                                "before its SQL.");
  }
  size_t up_begin = i < lines.size() ? lines[i].begin : content.size();
  m.up_line = i < lines.size() ? lines[i].number : lines.back().number + 1;
  size_t up_end = content.size();
  for (; i < lines.size(); ++i) {
    const Line& l = lines[i];
    Marker mk = MarkerOf(l.text);
    if (DirectiveOf(l.text)) {
      return LayoutError(path, l.number, "a `-- pgcrate:` directive must be in the header, "
                                         "before `-- up`.");
    }
    if (mk == Marker::kUp) return LayoutError(path, l.number, "a second `-- up` marker.");
    if (mk == Marker::kDown) {
      if (m.down_line) return LayoutError(path, l.number, "a second `-- down` marker.");
      up_end = std::min(up_end, l.begin);
      m.down_line = i + 1 < lines.size() ? lines[i + 1].number : l.number + 1;
      m.down_sql = std::string(content.substr(l.next));
    }
  }
  m.up_sql = std::string(content.substr(up_begin, up_end - up_begin));
  m.has_down = m.down_line != 0 && HasStatements(m.down_sql);
  return Status::Ok();
}

std::string BaseName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::string Sha256Hex(std::string_view content) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(content.data(), content.size(), digest, &len, EVP_sha256(), nullptr);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

Status ParseMigrationFileName(const std::string& file_name, std::string& version,
                              std::string& name) {
  if (!base::EndsWith(file_name, ".sql")) return BadName(file_name, "it does not end in .sql.");
  if (base::EndsWith(file_name, ".up.sql") || base::EndsWith(file_name, ".down.sql")) {
    return BadName(file_name, "legacy .up.sql/.down.sql pairs are not run directly; pgcrate "
                              "uses ONE file per migration with `-- up` and `-- down` sections.")
        .WithHint("merge the pair into VERSION_name.sql: `-- up`, the .up.sql content, `-- down`, "
                  "the .down.sql content.");
  }
  std::string stem = file_name.substr(0, file_name.size() - 4);
  std::string problem = StemProblem(stem);
  if (!problem.empty()) return BadName(file_name, problem);
  version = stem.substr(0, kVersionDigits);
  name = stem.substr(kVersionDigits + 1);
  return Status::Ok();
}

Result<MigrationFile> ParseMigrationFile(const std::string& path, std::string_view content) {
  MigrationFile m;
  m.path = path;
  m.file_name = BaseName(path);
  PGCRATE_RETURN_IF_ERROR(ParseMigrationFileName(m.file_name, m.version, m.name));
  PGCRATE_RETURN_IF_ERROR(ParseSections(path, content, m));
  m.checksum = Sha256Hex(content);
  return m;
}

namespace {

// Every *.sql entry name in `dir`, sorted.
Result<std::vector<std::string>> SqlEntries(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Status(Code::kNotFound, "the migrations directory " + dir + " does not exist.")
        .WithHint("create it with `pgcrate migrate new NAME` or `pgcrate init`, or set [paths] "
                  "migrations in pgcrate.toml.");
  }
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string n = entry.path().filename().string();
    if (base::EndsWith(n, ".sql") && !entry.is_directory(ec)) names.push_back(n);
  }
  if (ec) return Status(Code::kIo, "cannot list " + dir + ": " + ec.message() + ".");
  std::sort(names.begin(), names.end());
  return names;
}

// Reads a whole (small) file with one fstat and as few reads as possible; DiscoverMigrations
// reads thousands of them on every `migrate status`.
Result<std::string> ReadWhole(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return base::ReadFile(path);  // for its error message
  struct stat st {};
  std::string data;
  if (::fstat(fd, &st) == 0 && st.st_size > 0) data.resize(static_cast<size_t>(st.st_size));
  size_t got = 0;
  for (;;) {
    if (got == data.size()) data.resize(data.size() + 4096);
    ssize_t n = ::read(fd, data.data() + got, data.size() - got);
    if (n <= 0) break;
    got += static_cast<size_t>(n);
    if (st.st_size > 0 && got == static_cast<size_t>(st.st_size)) break;
  }
  ::close(fd);
  data.resize(got);
  return data;
}

Status DuplicateVersion(const MigrationFile& a, const MigrationFile& b) {
  return Status(Code::kParse, "duplicate migration version " + a.version + ": " + a.file_name +
                                  " and " + b.file_name + ".")
      .WithLocation({b.path, 0, 0})
      .WithHint("give one of them a new timestamp (e.g. rename it with the current UTC time).");
}

// One Status for all the bad files: the first as the message, all of them in details.
Status Combine(const std::vector<Status>& errors) {
  Status first = errors.front();
  if (errors.size() == 1) return first;
  std::string details;
  for (const auto& e : errors) details += (details.empty() ? "" : "\n") + e.ToString();
  return first.WithDetails(std::to_string(errors.size()) + " invalid migration files:\n" +
                           details);
}

}  // namespace

Result<std::vector<MigrationFile>> DiscoverMigrations(const std::string& dir) {
  auto names = SqlEntries(dir);
  if (!names.ok()) return names.status();
  std::vector<MigrationFile> files;
  std::vector<Status> errors;
  std::map<std::string, size_t> by_version;
  for (const auto& n : names.value()) {
    std::string path = base::JoinPath(dir, n);
    std::string version, name;
    Status st = ParseMigrationFileName(n, version, name);
    if (!st.ok()) {
      errors.push_back(st.WithLocation({path, 0, 0}));
      continue;
    }
    auto text = ReadWhole(path);
    if (!text.ok()) return text.status();
    auto m = ParseMigrationFile(path, text.value());
    if (!m.ok()) {
      errors.push_back(m.status());
      continue;
    }
    auto [it, inserted] = by_version.emplace(m->version, files.size());
    if (!inserted) errors.push_back(DuplicateVersion(files[it->second], m.value()));
    files.push_back(std::move(m).value());
  }
  if (!errors.empty()) return Combine(errors);
  return files;
}

}  // namespace pgcrate::migrate

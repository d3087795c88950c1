#include "migrate/migration_file.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <optional>

#include "base/files.h"
#include "base/parallel.h"
#include "base/strings.h"
#include "sql/comments.h"

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
    return "the version has " + std::to_string(digits) +
           " digits; it must be a 14-digit "
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

// The body of a `--` comment (after `--`, trimmed, lowercased).
std::string CommentBody(std::string_view comment) {
  return base::ToLower(base::Trim(comment.substr(2)));
}

enum class Marker { kNone, kUp, kDown, kDirective };

// A `--` comment alone on its line (found by PostgreSQL's scanner, so never inside a string,
// a dollar-quoted body or a block comment) that is `-- up`, `-- down` or `-- pgcrate: x`.
struct MarkerLine {
  Marker kind = Marker::kNone;
  std::string directive;  // for kDirective
  size_t line_begin = 0;  // byte offset of the marker's line
  size_t next_line = 0;   // byte offset of the line after it
  int line = 0;           // 1-based line of the marker
};

MarkerLine Classify(std::string_view content, const sql::Token& t) {
  MarkerLine m;
  std::string_view text = content.substr(t.start, t.end - t.start);
  if (t.kind != sql::TokenKind::kComment || !base::StartsWith(text, "--")) return m;
  size_t line_begin = content.rfind('\n', t.start == 0 ? 0 : t.start - 1);
  line_begin = (t.start == 0 || line_begin == std::string_view::npos) ? 0 : line_begin + 1;
  if (!base::Trim(content.substr(line_begin, t.start - line_begin)).empty()) return m;
  std::string body = CommentBody(text);
  if (body == "up") {
    m.kind = Marker::kUp;
  } else if (body == "down") {
    m.kind = Marker::kDown;
  } else if (base::StartsWith(body, "pgcrate:")) {
    m.kind = Marker::kDirective;
    m.directive = base::Trim(std::string_view(body).substr(8));
  } else {
    return m;
  }
  size_t nl = content.find('\n', t.end);
  m.line_begin = line_begin;
  m.next_line = nl == std::string_view::npos ? content.size() : nl + 1;
  m.line = base::LineColumnAt(content, t.start).first;
  return m;
}

Status LayoutError(const std::string& path, int line, const std::string& message) {
  return Status(Code::kParse, message).WithLocation({path, line, 1});
}

class SectionParser {
 public:
  SectionParser(const std::string& path, std::string_view content, MigrationFile& out)
      : path_(path), content_(content), out_(out) {}

  Status Run(const std::vector<sql::Token>& tokens) {
    for (const sql::Token& t : tokens) PGCRATE_RETURN_IF_ERROR(Feed(t));
    if (!up_) {
      return LayoutError(path_, 0,
                         "no `-- up` marker; a migration needs a line reading `-- up` "
                         "before its SQL.");
    }
    size_t up_end = down_ ? down_->line_begin : content_.size();
    out_.up_line = up_->line + 1;
    out_.up_sql = std::string(content_.substr(up_->next_line, up_end - up_->next_line));
    if (down_) {
      out_.down_line = down_->line + 1;
      out_.down_sql = std::string(content_.substr(down_->next_line));
    }
    out_.has_down = down_ && down_has_sql_;
    return Status::Ok();
  }

 private:
  Status Feed(const sql::Token& t) {
    MarkerLine m = Classify(content_, t);
    if (!up_) return Header(t, m);
    if (m.kind == Marker::kDirective) {
      return LayoutError(path_, m.line,
                         "a `-- pgcrate:` directive must be in the header, "
                         "before `-- up`.");
    }
    if (m.kind == Marker::kUp) return LayoutError(path_, m.line, "a second `-- up` marker.");
    if (m.kind == Marker::kDown) {
      if (down_) return LayoutError(path_, m.line, "a second `-- down` marker.");
      down_ = m;
    } else if (down_ && t.kind != sql::TokenKind::kComment) {
      down_has_sql_ = true;
    }
    return Status::Ok();
  }

  // A token before `-- up`: only comments, of which `-- pgcrate: x` are directives.
  Status Header(const sql::Token& t, const MarkerLine& m) {
    switch (m.kind) {
      case Marker::kUp:
        up_ = m;
        return Status::Ok();
      case Marker::kDown:
        return LayoutError(path_, m.line,
                           "`-- down` comes before `-- up`; the up section must "
                           "come first.");
      case Marker::kDirective:
        return Directive(m.directive, m.line);
      case Marker::kNone:
        break;
    }
    if (t.kind == sql::TokenKind::kComment) return Status::Ok();
    return LayoutError(path_, base::LineColumnAt(content_, t.start).first,
                       "SQL before the `-- up` marker; only comments and blank lines may come "
                       "before it.")
        .WithHint("put the migration's SQL after a line that reads `-- up`.");
  }

  Status Directive(const std::string& d, int line) {
    if (d == "no-transaction") {
      out_.no_transaction = true;
      return Status::Ok();
    }
    return LayoutError(path_, line, "unknown pgcrate directive '" + d + "'.")
        .WithHint("the known header directive is `-- pgcrate: no-transaction`.");
  }

  const std::string& path_;
  std::string_view content_;
  MigrationFile& out_;
  std::optional<MarkerLine> up_, down_;
  bool down_has_sql_ = false;
};

Status ParseSections(const std::string& path, std::string_view content, MigrationFile& m) {
  auto tokens = sql::ScanTokens(content, path);
  if (!tokens.ok()) {
    Status st = tokens.status();
    return st.WithHint("the file cannot be read as SQL, so its `-- up` / `-- down` sections "
                       "cannot be found; close the string, quoted identifier, dollar quote or "
                       "comment.");
  }
  return SectionParser(path, content, m).Run(*tokens);
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
    return BadName(file_name,
                   "legacy .up.sql/.down.sql pairs are not run directly; pgcrate "
                   "uses ONE file per migration with `-- up` and `-- down` sections.")
        .WithHint(
            "merge the pair into VERSION_name.sql: `-- up`, the .up.sql content, `-- down`, "
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
        .WithHint(
            "create it with `pgcrate migrate new NAME` or `pgcrate init`, or set [paths] "
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

// One file of `dir`: its name checked, then read and parsed.
Result<MigrationFile> ReadOne(const std::string& dir, const std::string& file_name) {
  std::string path = base::JoinPath(dir, file_name);
  std::string version, name;
  Status st = ParseMigrationFileName(file_name, version, name);
  if (!st.ok()) return st.WithLocation({path, 0, 0});
  auto text = ReadWhole(path);
  if (!text.ok()) return text.status();
  return ParseMigrationFile(path, text.value());
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
  return first.WithDetails(std::to_string(errors.size()) + " invalid migration files:\n" + details);
}

}  // namespace

Result<std::vector<MigrationFile>> DiscoverMigrations(const std::string& dir) {
  auto names = SqlEntries(dir);
  if (!names.ok()) return names.status();
  // Reading and scanning thousands of files is the cost of `migrate status`: spread it over
  // the cores (libpg_query's scanner is thread-safe), then merge in file-name order.
  std::vector<Result<MigrationFile>> parsed(names->size(), Status(Code::kInternal, "not read"));
  base::ParallelFor(parsed.size(), 256, [&](size_t k) { parsed[k] = ReadOne(dir, (*names)[k]); });

  std::vector<MigrationFile> files;
  std::vector<Status> errors;
  std::map<std::string, size_t> by_version;
  for (auto& m : parsed) {
    if (!m.ok()) {
      if (m.status().code() != Code::kParse) return m.status();  // unreadable, not invalid
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

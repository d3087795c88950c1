#include "migrate/migration_file.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <sstream>

#include "base/files.h"
#include "base/sha256.h"
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
  bool lone_cr = false;   // the line starts or ends with a lone \r (not part of \r\n)
};

bool IsLineBreak(char c) { return c == '\n' || c == '\r'; }

// The offset of the first byte of the line holding byte `pos` (\n, \r\n and a lone \r all
// end lines, as in PostgreSQL's scanner).
size_t LineStart(std::string_view s, size_t pos) {
  while (pos > 0 && !IsLineBreak(s[pos - 1])) --pos;
  return pos;
}

// The offset of the line break at or after `pos` (s.size() when there is none).
size_t LineBreakAt(std::string_view s, size_t pos) {
  size_t i = s.find_first_of("\r\n", pos);
  return i == std::string_view::npos ? s.size() : i;
}

// The offset just past the line break at `brk` (\r\n counts as one).
size_t PastBreak(std::string_view s, size_t brk) {
  if (brk >= s.size()) return s.size();
  return s[brk] == '\r' && brk + 1 < s.size() && s[brk + 1] == '\n' ? brk + 2 : brk + 1;
}

bool LoneCr(std::string_view s, size_t i) {
  return i < s.size() && s[i] == '\r' && (i + 1 == s.size() || s[i + 1] != '\n');
}

MarkerLine Classify(std::string_view content, const sql::Token& t) {
  MarkerLine m;
  std::string_view text = content.substr(t.start, t.end - t.start);
  if (t.kind != sql::TokenKind::kComment || !base::StartsWith(text, "--")) return m;
  std::string body = CommentBody(text);
  Marker kind = body == "up"                         ? Marker::kUp
                : body == "down"                     ? Marker::kDown
                : base::StartsWith(body, "pgcrate:") ? Marker::kDirective
                                                     : Marker::kNone;
  if (kind == Marker::kNone) return m;
  size_t line_begin = LineStart(content, t.start);
  if (!base::Trim(content.substr(line_begin, t.start - line_begin)).empty()) return m;
  m.kind = kind;
  if (kind == Marker::kDirective) m.directive = base::Trim(std::string_view(body).substr(8));
  size_t brk = LineBreakAt(content, t.end);
  m.line_begin = line_begin;
  m.next_line = PastBreak(content, brk);
  m.line = base::LineColumnAt(content, t.start).first;
  m.lone_cr = (line_begin > 0 && LoneCr(content, line_begin - 1)) || LoneCr(content, brk);
  return m;
}

Status LayoutError(const std::string& path, int line, const std::string& message) {
  return Status(Code::kParse, message).WithLocation({path, line, 1});
}

class SectionParser {
 public:
  SectionParser(const std::string& path, std::string_view content, MigrationFile& out)
      : path_(path),
        content_(content),
        out_(out),
        has_lf_(content.find('\n') != std::string_view::npos) {}

  // Called with every token of the file, in order.
  Status Feed(const sql::Token& t) {
    MarkerLine m = Classify(content_, t);
    if (m.kind != Marker::kNone && m.lone_cr && has_lf_) return MixedLineEnds(m);
    return up_ ? Body(t, m) : Header(t, m);
  }

  Status Finish() {
    if (!up_) {
      return LayoutError(path_, 0,
                         "no `-- up` marker; a migration needs a line reading `-- up` "
                         "before its SQL.");
    }
    bounds_.up_begin = up_->next_line;
    bounds_.up_end = down_ ? down_->line_begin : content_.size();
    out_.up_line = up_->line + 1;
    if (down_) {
      out_.down_line = down_->line + 1;
      bounds_.down_begin = down_->next_line;
    }
    out_.has_down = down_ && down_has_sql_;
    return Status::Ok();
  }

  // Where the sections are in the content (valid after Finish).
  struct Bounds {
    size_t up_begin = 0, up_end = 0;
    size_t down_begin = std::string_view::npos;  // npos: no `-- down`
  };
  const Bounds& bounds() const { return bounds_; }

 private:
  // A marker line delimited by a lone \r in a file that otherwise breaks lines with \n: an
  // editor or a diff shows it inside the neighbouring line, PostgreSQL as a line of its own.
  Status MixedLineEnds(const MarkerLine& m) {
    return LayoutError(path_, m.line,
                       "this marker line is separated by a lone carriage return (\\r) while "
                       "the file breaks lines with \\n, so its `-- up` / `-- down` sections "
                       "cannot be identified unambiguously.")
        .WithHint(
            "convert the file to one line ending style, e.g. `sed -i 's/\\r$//'` "
            "or `dos2unix`, or your editor's \"line endings: LF\".");
  }

  // A token after `-- up`.
  Status Body(const sql::Token& t, const MarkerLine& m) {
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
    if (d == "replaces" || base::StartsWith(d, "replaces ")) return Replaces(d.substr(8), line);
    return LayoutError(path_, line, "unknown pgcrate directive '" + d + "'.")
        .WithHint(
            "the known header directives are `-- pgcrate: no-transaction` and "
            "`-- pgcrate: replaces VERSION...`.");
  }

  // `replaces V1 V2 ...`: versions (digits, '.' or '_'), none twice across the lines.
  Status Replaces(const std::string& list, int line) {
    std::vector<std::string> versions;
    std::istringstream words(list);
    for (std::string w; words >> w;) versions.push_back(w);
    if (versions.empty()) {
      return LayoutError(path_, line, "`-- pgcrate: replaces` lists no versions.")
          .WithHint(
              "write the replaced versions after it, e.g. `-- pgcrate: replaces 20250101000000`.");
    }
    for (const std::string& v : versions) {
      bool digits = std::all_of(v.begin(), v.end(), [](unsigned char c) {
        return std::isdigit(c) != 0 || c == '.' || c == '_';
      });
      if (!digits || !std::isdigit(static_cast<unsigned char>(v[0]))) {
        return LayoutError(
            path_, line,
            "`-- pgcrate: replaces` lists '" + v + "', which is not a migration version.");
      }
      if (std::find(out_.replaces.begin(), out_.replaces.end(), v) != out_.replaces.end()) {
        return LayoutError(path_, line, "`-- pgcrate: replaces` lists version " + v + " twice.");
      }
      out_.replaces.push_back(v);
    }
    return Status::Ok();
  }

  const std::string& path_;
  std::string_view content_;
  MigrationFile& out_;
  bool has_lf_;
  std::optional<MarkerLine> up_, down_;
  bool down_has_sql_ = false;
  Bounds bounds_;
};

// Feeds every token of `content` to `parser` (see sql::ScanInWindows).
Status ScanSections(const std::string& path, std::string_view content, SectionParser& parser) {
  bool layout_error = false;  // the parser's own error, not the scanner's
  Status st = sql::ScanInWindows(content, path, [&parser, &layout_error](const sql::Token& t) {
    Status fed = parser.Feed(t);
    layout_error = !fed.ok();
    return fed;
  });
  if (st.ok() || layout_error) return st;
  return st.WithHint(
      "the file cannot be read as SQL, so its `-- up` / `-- down` sections "
      "cannot be found; close the string, quoted identifier, dollar quote "
      "or comment.");
}

// Finds the sections of `content` and fills `m` (lines, has_down); `bounds` says where they are.
Status ParseSections(const std::string& path, std::string_view content, MigrationFile& m,
                     SectionParser::Bounds& bounds) {
  SectionParser parser(path, content, m);
  PGCRATE_RETURN_IF_ERROR(ScanSections(path, content, parser));
  PGCRATE_RETURN_IF_ERROR(parser.Finish());
  bounds = parser.bounds();
  return Status::Ok();
}

std::string BaseName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::string Sha256Hex(std::string_view content) { return base::Sha256Hex(content); }

namespace {

constexpr const char* kModuleForms =
    "module migration files are named NNN_description.sql (e.g. 001_initial.sql or a 14-digit "
    "timestamp) or V<version>__description.sql (Flyway style, e.g. V1__initial.sql, "
    "V1.2__x.sql).";

// A module file name: NNN_name or V<n>[.<n>...]__name (Flyway's '_' between version parts is a
// '.'). Returns "" and fills version/name, or the problem.
std::string ModuleStemProblem(const std::string& stem, std::string& version, std::string& name) {
  size_t digits = 0;
  while (digits < stem.size() && std::isdigit(static_cast<unsigned char>(stem[digits]))) ++digits;
  if (digits > 0) {
    if (digits == stem.size() || stem[digits] != '_') {
      return "the version must be followed by '_' and a description.";
    }
    version = stem.substr(0, digits);
    name = stem.substr(digits + 1);
  } else if (stem.size() > 1 && (stem[0] == 'V' || stem[0] == 'v')) {
    size_t sep = stem.find("__");
    if (sep == std::string::npos || sep == 1) return "a Flyway-style name is V<version>__name.sql.";
    version = stem.substr(1, sep - 1);
    std::replace(version.begin(), version.end(), '_', '.');
    bool ok = std::all_of(version.begin(), version.end(),
                          [](unsigned char c) { return std::isdigit(c) != 0 || c == '.'; });
    if (!ok || version.front() == '.' || version.back() == '.' ||
        version.find("..") != std::string::npos) {
      return "the Flyway version '" + version + "' must be numbers separated by '.' or '_'.";
    }
    name = stem.substr(sep + 2);
  } else {
    return "it does not start with a version.";
  }
  if (!ValidNameChars(name)) {
    return "the description must be non-empty and use only letters, digits, '_' or '-'.";
  }
  return "";
}

// The dot-separated parts of a numeric version without leading zeros; empty when `v` has
// characters other than digits and dots.
std::vector<std::string> NumericParts(const std::string& v) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : v + ".") {
    if (c == '.') {
      if (cur.empty()) return {};
      size_t nz = cur.find_first_not_of('0');
      parts.push_back(nz == std::string::npos ? "0" : cur.substr(nz));
      cur.clear();
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      cur += c;
    } else {
      return {};
    }
  }
  return parts;
}

}  // namespace

bool VersionLess(std::string_view a, std::string_view b) {
  if (a.size() == b.size() && a.find('.') == std::string_view::npos &&
      b.find('.') == std::string_view::npos) {
    return a < b;  // same-width numbers (timestamps) order as text
  }
  auto pa = NumericParts(std::string(a)), pb = NumericParts(std::string(b));
  if (pa.empty() || pb.empty()) return a < b;
  for (size_t i = 0; i < pa.size() && i < pb.size(); ++i) {
    if (pa[i].size() != pb[i].size()) return pa[i].size() < pb[i].size();
    if (pa[i] != pb[i]) return pa[i] < pb[i];
  }
  if (pa.size() != pb.size()) return pa.size() < pb.size();
  return a < b;
}

std::string CanonicalVersion(const std::string& version) {
  // The common case, a timestamp: digits without a leading zero are their own canonical form.
  if (!version.empty() && version[0] != '0' &&
      version.find_first_not_of("0123456789") == std::string::npos) {
    return version;
  }
  auto parts = NumericParts(version);
  return parts.empty() ? version : base::Join(parts, ".");
}

Status ParseMigrationFileName(const std::string& file_name, std::string& version, std::string& name,
                              Naming naming) {
  if (!base::EndsWith(file_name, ".sql")) return BadName(file_name, "it does not end in .sql.");
  if (naming == Naming::kModule && !base::EndsWith(file_name, ".up.sql") &&
      !base::EndsWith(file_name, ".down.sql")) {
    std::string problem =
        ModuleStemProblem(file_name.substr(0, file_name.size() - 4), version, name);
    if (problem.empty()) return Status::Ok();
    return BadName(file_name, problem).WithHint(kModuleForms);
  }
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

std::string SanitizeName(const std::string& name) {
  std::string out;
  for (unsigned char c : name) {
    if (std::isalnum(c)) {
      out += static_cast<char>(std::tolower(c));
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

namespace {

// Everything but the sections' SQL; `bom` is the length of a skipped byte order mark.
Result<MigrationFile> ParseLayout(const std::string& path, std::string_view content, Naming naming,
                                  SectionParser::Bounds& bounds, size_t& bom) {
  MigrationFile m;
  m.path = path;
  m.file_name = BaseName(path);
  PGCRATE_RETURN_IF_ERROR(ParseMigrationFileName(m.file_name, m.version, m.name, naming));
  PGCRATE_RETURN_IF_ERROR(base::CheckText(path, content));
  m.checksum = Sha256Hex(content);  // of the bytes as stored, BOM included
  // A UTF-8 byte order mark (some Windows editors write one) is not SQL: skip it.
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  bom = base::StartsWith(content, kBom) ? kBom.size() : 0;
  content.remove_prefix(bom);
  PGCRATE_RETURN_IF_ERROR(ParseSections(path, content, m, bounds));
  m.up_offset = bom + bounds.up_begin;
  m.up_size = bounds.up_end - bounds.up_begin;
  return m;
}

}  // namespace

Result<MigrationFile> ParseMigrationFile(const std::string& path, std::string_view content,
                                         bool with_sql, Naming naming) {
  SectionParser::Bounds b;
  size_t bom = 0;
  auto m = ParseLayout(path, content, naming, b, bom);
  if (!m.ok() || !with_sql) return m;
  content.remove_prefix(bom);
  m->up_sql = std::string(content.substr(b.up_begin, b.up_end - b.up_begin));
  if (b.down_begin != std::string_view::npos)
    m->down_sql = std::string(content.substr(b.down_begin));
  return m;
}

Result<MigrationFile> ParseOwnedMigrationFile(const std::string& path, std::string&& content,
                                              bool with_sql, Naming naming) {
  SectionParser::Bounds b;
  size_t bom = 0;
  auto m = ParseLayout(path, content, naming, b, bom);
  if (!m.ok() || !with_sql) return m;
  // The up section is cut out of the file's own buffer (usually most of the file), so a huge
  // migration is in memory once.
  if (b.down_begin != std::string_view::npos) m->down_sql = content.substr(bom + b.down_begin);
  content.resize(bom + b.up_end);
  content.erase(0, bom + b.up_begin);
  m->up_sql = std::move(content);
  return m;
}

}  // namespace pgcrate::migrate

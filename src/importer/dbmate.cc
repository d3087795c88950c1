// dbmate's layout (github.com/amacneil/dbmate, pkg/dbmate/migration.go and db.go): files
// matching `^(\d+).*\.sql$` in the migrations directory, run in file-name order, the leading
// digits being the version recorded in `schema_migrations(version)`. A file holds one or more
// sections, each a line `-- migrate:up [options]` followed later by `-- migrate:down
// [options]`; only comments and blank lines may come before the first. Directive lines are
// dbmate's own line rule, mirrored here: at the start of a line, `--`, optional whitespace,
// `migrate:up` (or `down`), then whitespace or the end. Options are `key:value` words on the
// directive line; `transaction:false` runs that part outside a transaction.
#include <algorithm>
#include <cctype>

#include "base/files.h"
#include "base/parallel.h"
#include "base/strings.h"
#include "importer/convert.h"
#include "importer/readers.h"

namespace pgcrate::importer::internal {
namespace {

// RE2's \s: [\t\n\f\r ].
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

// Offsets of the lines that are `-- migrate:<word>` directives.
std::vector<size_t> Directives(std::string_view text, std::string_view word) {
  std::string needle = "migrate:" + std::string(word);
  std::vector<size_t> out;
  size_t p = 0;
  while (p < text.size()) {
    if (text.compare(p, 2, "--") == 0) {
      size_t q = p + 2;
      while (q < text.size() && IsSpace(text[q])) ++q;
      size_t r = q + needle.size();
      if (text.compare(q, needle.size(), needle) == 0 && (r == text.size() || IsSpace(text[r]))) {
        out.push_back(p);
      }
    }
    size_t nl = text.find('\n', p);
    if (nl == std::string_view::npos) break;
    p = nl + 1;
  }
  return out;
}

int LineAt(std::string_view text, size_t offset) { return base::LineColumnAt(text, offset).first; }

// The offset just past the line holding `offset`.
size_t NextLine(std::string_view text, size_t offset) {
  size_t nl = text.find('\n', offset);
  return nl == std::string_view::npos ? text.size() : nl + 1;
}

// The key:value options of the directive line at `offset` (dbmate: words after the
// directive, each split at ':'; a word without exactly one ':' is ignored).
std::vector<std::pair<std::string, std::string>> Options(std::string_view text, size_t offset) {
  std::string_view line = text.substr(offset, NextLine(text, offset) - offset);
  std::vector<std::pair<std::string, std::string>> out;
  size_t at = line.find("migrate:");
  if (at == std::string_view::npos) return out;
  size_t word_end = at + 8;
  while (word_end < line.size() && !IsSpace(line[word_end])) ++word_end;
  std::string rest(line.substr(word_end));
  for (char& c : rest) c = IsSpace(c) ? ' ' : c;
  for (const auto& w : base::Split(rest, ' ')) {
    if (w.empty()) continue;
    auto kv = base::Split(w, ':');
    if (kv.size() == 2) out.emplace_back(kv[0], kv[1]);
  }
  return out;
}

// Only blank lines and `--` comment lines may come before the first `-- migrate:up`.
Status CheckPreamble(const std::string& path, std::string_view text, size_t first_up) {
  size_t p = 0;
  while (p < first_up) {
    size_t next = std::min(NextLine(text, p), first_up);
    std::string line = base::Trim(text.substr(p, next - p));
    if (!line.empty() && !base::StartsWith(line, "--")) {
      return ErrorAt(path, LineAt(text, p),
                     "SQL before the first `-- migrate:up` (dbmate refuses such a file too).");
    }
    p = next;
  }
  std::vector<size_t> downs = Directives(text.substr(0, first_up), "down");
  if (!downs.empty()) {
    return ErrorAt(path, LineAt(text, downs[0]), "`-- migrate:down` before `-- migrate:up`.");
  }
  return Status::Ok();
}

struct Section {
  size_t up = 0, down = 0, end = 0;
};

// Applies the directive options of one section's up or down line to `m`.
void ApplyOptions(std::string_view text, size_t directive, const std::string& where,
                  SourceMigration& m, std::vector<std::string>& warnings) {
  for (const auto& [key, value] : Options(text, directive)) {
    if (key == "transaction") {
      if (value == "false") m.no_transaction = true;
      continue;
    }
    warnings.push_back(where + ":" + std::to_string(LineAt(text, directive)) + ": dbmate option '" +
                       Printable(key + ":" + value) +
                       "' has no pgcrate equivalent and is dropped.");
  }
}

// The sections of a dbmate file: each `-- migrate:up` up to the next, with exactly one
// `-- migrate:down` in it.
Result<std::vector<Section>> Sections(const std::string& path, std::string_view text) {
  std::vector<size_t> ups = Directives(text, "up");
  if (ups.empty()) {
    return ErrorAt(path, 0, "no `-- migrate:up` line; dbmate requires one in every migration.");
  }
  PGCRATE_RETURN_IF_ERROR(CheckPreamble(path, text, ups[0]));
  std::vector<size_t> downs = Directives(text, "down");
  std::vector<Section> out;
  for (size_t i = 0; i < ups.size(); ++i) {
    Section s{ups[i], 0, i + 1 < ups.size() ? ups[i + 1] : text.size()};
    std::vector<size_t> in;
    for (size_t d : downs) {
      if (d > s.up && d < s.end) in.push_back(d);
    }
    if (in.empty()) {
      return ErrorAt(path, LineAt(text, s.up),
                     "this `-- migrate:up` has no `-- migrate:down` after it; dbmate requires a "
                     "down block in every migration (it may be empty).");
    }
    if (in.size() > 1) {
      return ErrorAt(path, LineAt(text, in[1]), "a second `-- migrate:down` in one section.");
    }
    s.down = in[0];
    out.push_back(s);
  }
  return out;
}

SourceText Part(const std::string& path, std::string_view text, size_t directive, size_t end) {
  size_t begin = NextLine(text, directive);
  begin = std::min(begin, end);
  return {path, std::string(text.substr(begin, end - begin)), LineAt(text, begin)};
}

Result<SourceMigration> ReadOne(const std::string& dir, const std::string& name,
                                std::vector<std::string>& warnings) {
  size_t digits = 0;
  while (digits < name.size() && std::isdigit(static_cast<unsigned char>(name[digits]))) ++digits;
  std::string path = base::JoinPath(dir, name);
  auto text = ReadSource(dir, name);
  if (!text.ok()) return text.status();
  auto sections = Sections(path, *text);
  if (!sections.ok()) return sections.status();
  SourceMigration m;
  m.source = name;
  m.source_version = name.substr(0, digits);
  std::string stem = name.substr(digits, name.size() - digits - 4);
  m.source_name = stem.empty() || stem[0] != '_' ? stem : stem.substr(1);
  m.tracking_key = m.source_version;
  auto padded = PadVersion(m.source_version, path);
  if (!padded.ok()) return padded.status();
  m.target_version = *padded;
  m.has_down = true;
  for (const Section& s : *sections) {
    SourceText up = Part(path, *text, s.up, s.down), down = Part(path, *text, s.down, s.end);
    if (m.up.path.empty()) {
      m.up = up;
      m.down = down;
    } else {
      m.up.text += up.text;
      m.down.text += down.text;
    }
    ApplyOptions(*text, s.up, path, m, warnings);
    ApplyOptions(*text, s.down, path, m, warnings);
  }
  if (sections->size() > 1) {
    m.notes.push_back("dbmate ran this file's " + std::to_string(sections->size()) +
                      " sections one after the other; here they are one migration.");
  }
  return m;
}

}  // namespace

Status ReadDbmate(const std::string& dir, ImportPlan& plan) {
  auto names = ListFiles(dir);
  if (!names.ok()) return names.status();
  std::vector<std::string> migrations;
  for (const auto& name : *names) {
    bool migration = !name.empty() && std::isdigit(static_cast<unsigned char>(name[0])) &&
                     base::EndsWith(name, ".sql");
    if (migration) {
      migrations.push_back(name);
    } else {
      plan.skipped.push_back(Printable(name) + ": not a dbmate migration (^\\d+.*\\.sql$)");
    }
  }
  // Reading thousands of files: spread over the cores, merged in file-name order.
  std::vector<Result<SourceMigration>> read(migrations.size(), Status(Code::kInternal, "not read"));
  std::vector<std::vector<std::string>> warnings(migrations.size());
  base::ParallelFor(migrations.size(), 64,
                    [&](size_t i) { read[i] = ReadOne(dir, migrations[i], warnings[i]); });
  std::vector<SourceMigration> ms;
  for (size_t i = 0; i < read.size(); ++i) {
    if (!read[i].ok()) return read[i].status();
    ms.push_back(std::move(read[i]).value());
    plan.warnings.insert(plan.warnings.end(), warnings[i].begin(), warnings[i].end());
  }
  return ConvertAll(Tool::kDbmate, ms, plan);
}

}  // namespace pgcrate::importer::internal

// Fuzzes migrate::ParseMigrationFile (the `-- up` / `-- down` sections and the
// `-- pgcrate:` header directives) with the input as the whole file.
//
// Invariants when the file parses:
//   - splitting loses no bytes: the file (after a BOM) is exactly a header whose last line is
//     the `-- up` marker, then up_sql, then (with a `-- down` marker) that one marker line and
//     down_sql. up_line and down_line are where the sections start, counted as the parser
//     promises (\n, \r\n and a lone \r end lines);
//   - with_sql=false gives the same layout (lines, directives, checksum) without the text;
//   - the checksum is the SHA-256 of the bytes as given, BOM included.
#include <cctype>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/strings.h"
#include "fuzz_check.h"
#include "migrate/migration_file.h"

namespace {

using pgcrate::fuzz::Quoted;

// Offset of the first byte of 1-based line `line` of `s`; s.size() when `s` has fewer lines
// (a marker on the last line without a line break starts an empty section there).
size_t LineOffset(std::string_view s, int line) {
  int at = 1;
  for (size_t i = 0; i < s.size() && at < line; ++i) {
    bool lone_cr = s[i] == '\r' && (i + 1 == s.size() || s[i + 1] != '\n');
    if (s[i] == '\n' || lone_cr) {
      if (++at == line) return i + 1;
    }
  }
  return at == line ? 0 : s.size();
}

// The text of the line that ends just before `end` (without its line break).
std::string_view LineBefore(std::string_view s, size_t end) {
  size_t stop = end;
  if (stop > 0 && s[stop - 1] == '\n') --stop;
  if (stop > 0 && s[stop - 1] == '\r') --stop;
  size_t begin = s.find_last_of("\r\n", stop == 0 ? 0 : stop - 1);
  begin = stop == 0 || begin == std::string_view::npos ? 0 : begin + 1;
  return s.substr(begin, stop - begin);
}

// True when `line` is the marker `-- word` (blanks around, any case).
bool IsMarker(std::string_view line, std::string_view word) {
  std::string t = pgcrate::base::Trim(line);
  return t.size() >= 2 && t.compare(0, 2, "--") == 0 &&
         pgcrate::base::ToLower(pgcrate::base::Trim(std::string_view(t).substr(2))) == word;
}

// Counts the line breaks of `s` (\r\n as one).
int LineBreaks(std::string_view s) {
  int n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == s.size() || s[i + 1] != '\n'))) ++n;
  }
  return n;
}

void CheckSections(std::string_view file, const pgcrate::migrate::MigrationFile& m) {
  std::string_view body = file;
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  size_t up = LineOffset(body, m.up_line);
  FUZZ_CHECK(up > 0 && IsMarker(LineBefore(body, up), "up"),
             "up_sql does not follow an `-- up` line: up_line " + std::to_string(m.up_line));
  FUZZ_CHECK(body.compare(up, m.up_sql.size(), m.up_sql) == 0,
             "up_sql is not the file's text at line " + std::to_string(m.up_line) + ": " +
                 Quoted(m.up_sql));
  size_t up_end = up + m.up_sql.size();
  if (m.down_line == 0) {
    FUZZ_CHECK(up_end == body.size() && m.down_sql.empty(),
               "bytes after up_sql are lost: " + Quoted(body.substr(up_end)));
    return;
  }
  size_t down = LineOffset(body, m.down_line);
  FUZZ_CHECK(down >= up_end && body.substr(down) == m.down_sql,
             "down_sql is not the end of the file from line " + std::to_string(m.down_line));
  std::string_view marker = body.substr(up_end, down - up_end);
  FUZZ_CHECK(IsMarker(marker, "down") && LineBreaks(marker) <= 1 &&
                 (LineBreaks(marker) == 1 || down == body.size()),
             "the bytes between up_sql and down_sql are not one `-- down` line: " + Quoted(marker));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace migrate = pgcrate::migrate;
  std::string_view file(reinterpret_cast<const char*>(data), size);
  const std::string path = "migrations/20250101000000_fuzz.sql";
  auto full = migrate::ParseMigrationFile(path, file);
  auto layout = migrate::ParseMigrationFile(path, file, /*with_sql=*/false);
  FUZZ_CHECK(full.ok() == layout.ok(), "with_sql changes whether the file parses");
  if (!full.ok()) return 0;
  CheckSections(file, *full);
  FUZZ_CHECK(full->checksum == migrate::Sha256Hex(file), "the checksum is not of the file");
  FUZZ_CHECK(layout->up_line == full->up_line && layout->down_line == full->down_line &&
                 layout->has_down == full->has_down &&
                 layout->no_transaction == full->no_transaction &&
                 layout->replaces == full->replaces && layout->checksum == full->checksum,
             "with_sql=false gives another layout");
  FUZZ_CHECK(layout->up_sql.empty() && layout->down_sql.empty(),
             "with_sql=false returned section text");
  return 0;
}

// Fuzzes migrate::ExpandTemplates (`{{tables.x}}` / `{{schema}}` in module migrations) and
// OriginalColumn, which maps positions in the expanded text back to the file as written.
// Input: a flags byte (bit 0: module), the module schema, a NUL byte, the section text.
//
// Invariants when the expansion succeeds:
//   - no byte is lost or changed outside the expansions: the text between the shifts is the
//     original's, each shift replaced exactly one `{{ path }}` placeholder of the length it
//     records, and expansions hold no line break;
//   - no placeholder expands in the project's own migrations (module off), nor without "{{";
//   - OriginalColumn maps every byte outside an expansion to its column in the original, and
//     every byte inside one to its placeholder's first column.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/strings.h"
#include "fuzz_check.h"
#include "migrate/templates.h"

namespace {

namespace migrate = pgcrate::migrate;
using pgcrate::fuzz::Quoted;

// 1-based columns of every byte of `s` (as base::LineColumnAt counts them).
std::vector<int> Columns(std::string_view s) {
  std::vector<int> out(s.size() + 1);
  int col = 1;
  for (size_t i = 0; i < s.size(); ++i) {
    out[i] = col;
    bool lone_cr = s[i] == '\r' && (i + 1 == s.size() || s[i + 1] != '\n');
    col = s[i] == '\n' || lone_cr ? 1 : col + 1;
  }
  out[s.size()] = col;
  return out;
}

// Checks the shifts against the original and returns, for each byte of `expanded`, the
// offset of its byte (or of its placeholder) in `original`.
std::vector<size_t> CheckShifts(std::string_view original, std::string_view expanded,
                                const std::vector<migrate::TemplateShift>& shifts) {
  std::vector<size_t> origin(expanded.size() + 1);
  size_t from = 0, at = 0;  // in expanded, in original
  for (const auto& s : shifts) {
    FUZZ_CHECK(s.start >= from && s.end > s.start && s.end <= expanded.size(),
               "shifts out of order or outside the text");
    size_t same = s.start - from;
    FUZZ_CHECK(original.compare(at, same, expanded.substr(from, same)) == 0,
               "text between expansions changed: " + Quoted(expanded.substr(from, same)));
    for (size_t i = 0; i < same; ++i) origin[from + i] = at + i;
    long placeholder = static_cast<long>(s.end - s.start) - s.delta;
    FUZZ_CHECK(placeholder >= 4, "a shift records a placeholder shorter than {{x}}");
    std::string_view p = original.substr(at + same, static_cast<size_t>(placeholder));
    FUZZ_CHECK(p.size() == static_cast<size_t>(placeholder) && p.substr(0, 2) == "{{" &&
                   p.substr(p.size() - 2) == "}}",
               "a shift does not replace a placeholder: " + Quoted(p));
    std::string_view e = expanded.substr(s.start, s.end - s.start);
    FUZZ_CHECK(e.find_first_of("\r\n") == std::string_view::npos,
               "an expansion holds a line break: " + Quoted(e));
    for (size_t i = s.start; i < s.end; ++i) origin[i] = at + same;
    at += same + p.size();
    from = s.end;
  }
  FUZZ_CHECK(original.substr(at) == expanded.substr(from),
             "the text after the last expansion changed");
  for (size_t i = from; i <= expanded.size(); ++i) origin[i] = at + (i - from);
  return origin;
}

void CheckColumns(std::string_view original, std::string_view expanded,
                  const std::vector<migrate::TemplateShift>& shifts,
                  const std::vector<size_t>& origin) {
  std::vector<int> ocol = Columns(original), ecol = Columns(expanded);
  for (size_t i = 0; i < expanded.size(); ++i) {
    // Positions callers map are token starts (the server's error positions), never the
    // line breaks themselves.
    if (expanded[i] == '\n' || expanded[i] == '\r') continue;
    int got = migrate::OriginalColumn(expanded, shifts, i, ecol[i]);
    FUZZ_CHECK(got == ocol[origin[i]], "OriginalColumn of byte " + std::to_string(i) + " is " +
                                           std::to_string(got) + ", the original's column is " +
                                           std::to_string(ocol[origin[i]]));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  migrate::TemplateContext ctx;
  ctx.module = (data[0] & 1) != 0;
  pgcrate::fuzz::Parts parts(data + 1, size - 1, std::string_view("\0", 1));
  ctx.schema = std::string(parts.Next());
  std::string_view text = parts.Rest();
  std::vector<migrate::TemplateShift> shifts;
  auto out = migrate::ExpandTemplates(text, ctx, "001_fuzz.sql", 1, &shifts);
  if (!out.ok()) return 0;
  FUZZ_CHECK(ctx.module || shifts.empty(), "a placeholder expanded outside a module");
  FUZZ_CHECK(text.find("{{") != std::string_view::npos || *out == text, "text without {{ changed");
  std::vector<size_t> origin = CheckShifts(text, *out, shifts);
  CheckColumns(text, *out, shifts, origin);
  return 0;
}

// Fuzzes CSV seeds: seed::CsvReader (COPY's CSV format, streamed), CheckDataRecord against
// the header, and the offline type inference of `seed validate` (seed/value_types.h). The
// input is the whole file.
//
// Invariants:
//   - the records tile the file: each starts where the previous one's line ending ended
//     (the first after a BOM), `raw` is the file's bytes there, what follows it is one line
//     ending (or the end of the file), `line` counts the physical lines before it, and a
//     file read without error is covered to its last byte;
//   - inference never needs a second pass: every non-NULL value of a column passes
//     TypeCheck::For of the type TypeInference chose for that column (value_types.h).
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz_check.h"
#include "seed/csv.h"
#include "seed/value_types.h"

namespace {

namespace seed = pgcrate::seed;
using pgcrate::fuzz::Quoted;

// Line breaks in `s` (\r\n as one).
int64_t LineBreaks(std::string_view s) {
  int64_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == s.size() || s[i + 1] != '\n'))) ++n;
  }
  return n;
}

class Tiling {
 public:
  explicit Tiling(std::string_view file)
      : file_(file), next_(file.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0) {}

  void Add(const seed::CsvRecord& r) {
    auto off = static_cast<size_t>(r.offset), end = static_cast<size_t>(r.end_offset);
    FUZZ_CHECK(off == next_, "record " + std::to_string(r.index) + " starts at " +
                                 std::to_string(off) + ", the previous ended at " +
                                 std::to_string(next_));
    FUZZ_CHECK(r.index == index_, "record index " + std::to_string(r.index));
    FUZZ_CHECK(r.line == line_, "record " + std::to_string(r.index) + " is said to start on line " +
                                    std::to_string(r.line) + ", not " + std::to_string(line_));
    FUZZ_CHECK(end >= off + r.raw.size() && end <= file_.size() &&
                   file_.compare(off, r.raw.size(), r.raw) == 0,
               "raw is not the file's bytes: " + Quoted(r.raw));
    std::string_view ending = file_.substr(off + r.raw.size(), end - off - r.raw.size());
    FUZZ_CHECK(ending == "\n" || ending == "\r\n" || ending == "\r" ||
                   (ending.empty() && end == file_.size()),
               "a record ends in " + Quoted(ending) + ", not one line ending");
    line_ += LineBreaks(file_.substr(off, end - off));
    next_ = end;
    ++index_;
  }

  void Finish() const {
    FUZZ_CHECK(next_ == file_.size(),
               "bytes after the last record are lost: " + Quoted(file_.substr(next_)));
  }

 private:
  std::string_view file_;
  size_t next_;
  int64_t index_ = 0;
  int64_t line_ = 1;
};

struct Column {
  seed::TypeInference inference;
  std::vector<std::string> values;
};

void CheckInference(const std::vector<Column>& columns) {
  for (const Column& c : columns) {
    seed::InferredType type = c.inference.Result();
    seed::TypeCheck check = seed::TypeCheck::For(type);
    for (const std::string& v : c.values) {
      auto why = check.Check(v);
      FUZZ_CHECK(!why.has_value(),
                 "inferred " + std::string(seed::InferredTypeName(type)) + " but " + *why);
    }
  }
}

// A record with its own copies of the reader's views.
struct Copy {
  std::string raw;
  std::vector<std::pair<std::string, bool>> fields;
  int64_t line = 0, offset = 0, end_offset = 0;
  bool operator==(const Copy&) const = default;
};

// Every record of `path` read with `block`, and the reader's final status message.
std::vector<Copy> ReadAll(const std::string& path, size_t block, std::string& error) {
  auto reader = seed::CsvReader::Open(path, block);
  FUZZ_CHECK(reader.ok(), reader.status().message());
  std::vector<Copy> out;
  seed::CsvRecord r;
  while ((*reader)->Next(r)) {
    Copy c{std::string(r.raw), {}, r.line, r.offset, r.end_offset};
    for (const auto& f : r.fields) c.fields.emplace_back(std::string(f.text), f.quoted);
    out.push_back(std::move(c));
  }
  error = (*reader)->status().ok() ? "" : (*reader)->status().ToString();
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  size_t block = 4 + data[0] % 64;
  std::string_view file(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string path = pgcrate::fuzz::WriteScratch("users.csv", file);
  std::string small_error;
  std::vector<Copy> small = ReadAll(path, block, small_error);
  auto reader = seed::CsvReader::Open(path);
  FUZZ_CHECK(reader.ok(), reader.status().message());
  Tiling tiling(file);
  std::vector<Column> columns;
  seed::CsvRecord r;
  size_t n = 0;
  while ((*reader)->Next(r)) {
    tiling.Add(r);
    FUZZ_CHECK(n < small.size(), "blocks of " + std::to_string(block) + " bytes lose records");
    const Copy& c = small[n++];
    bool same = c.raw == r.raw && c.line == r.line && c.offset == r.offset &&
                c.end_offset == r.end_offset && c.fields.size() == r.fields.size();
    for (size_t i = 0; same && i < c.fields.size(); ++i) {
      same = c.fields[i].first == r.fields[i].text && c.fields[i].second == r.fields[i].quoted;
    }
    FUZZ_CHECK(same, "record " + std::to_string(r.index) + " reads differently in blocks of " +
                         std::to_string(block) + " bytes: " + Quoted(c.raw));
    if (r.index == 0) {
      columns.resize(r.fields.size());
      continue;
    }
    bool skip = false;
    if (!seed::CheckDataRecord(r, columns.size(), path, skip).ok() || skip) continue;
    for (size_t i = 0; i < columns.size(); ++i) {
      const seed::CsvField& f = r.fields[i];
      if (!f.quoted && f.text.empty()) continue;  // NULL
      columns[i].inference.Add(f.text);
      columns[i].values.emplace_back(f.text);
    }
  }
  const pgcrate::Status& st = (*reader)->status();
  FUZZ_CHECK(
      n == small.size() && small_error == (st.ok() ? "" : st.ToString()),
      "blocks of " + std::to_string(block) + " bytes end differently: " + Quoted(small_error));
  if (st.ok()) tiling.Finish();
  CheckInference(columns);
  return 0;
}

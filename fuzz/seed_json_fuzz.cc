// Fuzzes JSON seeds (seed/json_rows.h: ScanJsonSeed, ForEachJsonRow, AppendCsvLine) and their
// `<table>.schema.toml` sidecar (seed::ReadSidecar, seed::TypeCheck::FromSql of its types).
// Input: the JSON file, then optionally the line `#--sidecar--` and the sidecar's TOML.
//
// Invariants:
//   - the two passes agree: ForEachJsonRow over ScanJsonSeed's columns succeeds, calls back
//     once per counted row with items 1, 2, ... and a value per column;
//   - the COPY data a JSON seed becomes reads back the same: AppendCsvLine's lines, read by
//     seed::CsvReader, give every row's values (NULL as an unquoted empty field);
//   - a sidecar that reads has a non-empty primary key without repeats and non-empty types,
//     and the canonical name of each declared type reads back as the same type.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/strings.h"
#include "fuzz_check.h"
#include "seed/csv.h"
#include "seed/json_rows.h"
#include "seed/project.h"
#include "seed/value_types.h"

namespace {

namespace seed = pgcrate::seed;
using pgcrate::Status;
using pgcrate::fuzz::Quoted;

constexpr std::string_view kSidecarLine = "\n#--sidecar--\n";
constexpr size_t kMaxCsvRows = 1000;  // rows kept for the round trip

// Reads `csv` back and compares it with `rows`.
void CheckCsvRoundTrip(const std::string& csv, const std::vector<seed::JsonRow>& rows) {
  std::string path = pgcrate::fuzz::WriteScratch("copy.csv", csv);
  auto reader = seed::CsvReader::Open(path);
  FUZZ_CHECK(reader.ok(), reader.status().message());
  seed::CsvRecord r;
  size_t n = 0;
  while ((*reader)->Next(r)) {
    FUZZ_CHECK(n < rows.size(), "the COPY data has more lines than rows");
    const seed::JsonRow& row = rows[n++];
    FUZZ_CHECK(r.fields.size() == row.size(), "row " + std::to_string(n) + " reads back with " +
                                                  std::to_string(r.fields.size()) + " fields");
    for (size_t i = 0; i < row.size(); ++i) {
      const seed::CsvField& f = r.fields[i];
      bool null = !f.quoted && f.text.empty();
      FUZZ_CHECK(null == !row[i].has_value() && (null || f.text == *row[i]),
                 "row " + std::to_string(n) + " value " + std::to_string(i) + " reads back as " +
                     Quoted(f.text) + (row[i] ? " instead of " + Quoted(*row[i]) : ", not NULL"));
    }
  }
  FUZZ_CHECK((*reader)->status().ok(), (*reader)->status().message());
  FUZZ_CHECK(n == rows.size(), "the COPY data lost rows");
}

void CheckJson(std::string_view json) {
  std::string path = pgcrate::fuzz::WriteScratch("users.json", json);
  auto shape = seed::ScanJsonSeed(path);
  if (!shape.ok()) return;
  int64_t items = 0;
  std::vector<seed::JsonRow> rows;
  std::string csv;
  Status st = seed::ForEachJsonRow(
      path, shape->columns, [&](const seed::JsonRow& row, int64_t item) -> Status {
        FUZZ_CHECK(item == ++items, "item numbers skip");
        FUZZ_CHECK(row.size() == shape->columns.size(), "a row without a value per column");
        if (rows.size() < kMaxCsvRows) {
          rows.push_back(row);
          seed::AppendCsvLine(row, csv);
        }
        return Status::Ok();
      });
  FUZZ_CHECK(st.ok(), "ScanJsonSeed accepted what ForEachJsonRow refuses: " + st.message());
  FUZZ_CHECK(items == shape->rows, "ScanJsonSeed counted " + std::to_string(shape->rows) +
                                       " rows, ForEachJsonRow gave " + std::to_string(items));
  // Objects without keys ([{}]) make rows of no columns, which CSV cannot tell from one
  // NULL; such a seed loads nothing into no columns.
  if (!shape->columns.empty()) CheckCsvRoundTrip(csv, rows);
}

void CheckSidecar(std::string_view toml) {
  std::string path = pgcrate::fuzz::WriteScratch("users.schema.toml", toml);
  auto sidecar = seed::ReadSidecar(path);
  if (!sidecar.ok()) return;
  const auto& pk = sidecar->primary_key;
  for (size_t i = 0; i < pk.size(); ++i) {
    FUZZ_CHECK(!pk[i].empty(), "an empty primary_key column");
    for (size_t j = 0; j < i; ++j) FUZZ_CHECK(pk[i] != pk[j], "primary_key repeats " + pk[i]);
  }
  for (const auto& [column, type] : sidecar->columns) {
    FUZZ_CHECK(!pgcrate::base::Trim(type).empty(), "column " + column + " has an empty type");
    seed::TypeCheck check = seed::TypeCheck::FromSql(type);
    seed::TypeCheck again = seed::TypeCheck::FromSql(check.name());
    FUZZ_CHECK(again.name() == check.name() && again.checked() == check.checked(),
               "type " + Quoted(type) + " is named " + Quoted(check.name()) + ", which reads as " +
                   Quoted(again.name()));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  pgcrate::fuzz::Parts parts(data, size, kSidecarLine);
  CheckJson(parts.Next());
  if (!parts.Rest().empty()) CheckSidecar(parts.Rest());
  return 0;
}

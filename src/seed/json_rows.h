// JSON seeds: a file holding one array of objects, one object per row, keys naming columns
// (psqlmodel-style seed data). Read as a stream (SAX), never held whole. A key absent from an
// object and `null` both load NULL; strings load as their text, numbers as written,
// true/false as booleans, and nested arrays/objects as their JSON text (for json/jsonb).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pgcrate/status.h"

namespace pgcrate::seed {

struct JsonShape {
  std::vector<std::string> columns;  // every key, in order of first appearance
  int64_t rows = 0;
};

// One value per column of the row; nullopt = NULL.
using JsonRow = std::vector<std::optional<std::string>>;

// Reads the whole file once: kParse (at file:line:column for a syntax error, naming the item
// otherwise) unless it is an array of objects without repeated keys in one object.
Result<JsonShape> ScanJsonSeed(const std::string& path);

// Calls `row` with each object's values in `columns` order and its 1-based item number; a key
// that is not in `columns` is kParse naming the item. A non-OK Status from `row` stops.
Status ForEachJsonRow(const std::string& path, const std::vector<std::string>& columns,
                      const std::function<Status(const JsonRow&, int64_t item)>& row);

// Appends `row` to `out` as one CSV line for COPY ... (FORMAT csv): NULL as an empty field,
// every other value quoted.
void AppendCsvLine(const JsonRow& row, std::string& out);

}  // namespace pgcrate::seed

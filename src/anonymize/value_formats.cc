// The two strategies that read a value's format: date_shift (ISO dates and timestamps) and
// json (a document walked by key path). Part of anonymize/value.h.
#include <nlohmann/json.hpp>

#include "anonymize/value.h"

namespace pgcrate::anonymize {
namespace {

using OJson = nlohmann::ordered_json;

// Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's algorithms).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t z, int64_t& y, int64_t& m, int64_t& d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = yoe + era * 400 + (m <= 2);
}

// Reads `n` digits at `pos`; false when they are not all digits.
bool Digits(std::string_view s, size_t pos, size_t n, int64_t& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

std::string Pad(int64_t v, int width) {
  std::string digits = std::to_string(v);
  size_t w = static_cast<size_t>(width);
  return digits.size() >= w ? digits : std::string(w - digits.size(), '0') + digits;
}

}  // namespace

Result<std::string> ShiftDate(std::string_view value, int days, const Digest& d) {
  if (value == "infinity" || value == "-infinity" || value.ends_with(" BC"))
    return std::string(value);
  size_t dash = value.find('-');
  int64_t y = 0, m = 0, day = 0;
  if (dash == std::string_view::npos || dash < 4 || !Digits(value, 0, dash, y) ||
      !Digits(value, dash + 1, 2, m) || dash + 3 >= value.size() || value[dash + 3] != '-' ||
      !Digits(value, dash + 4, 2, day) || m < 1 || m > 12 || day < 1 || day > 31) {
    return Status(Code::kConfig, "date_shift: '" + std::string(value) +
                                     "' is not an ISO date or timestamp (YYYY-MM-DD...).");
  }
  uint64_t span = 2 * static_cast<uint64_t>(days) + 1;
  int64_t shift = static_cast<int64_t>(DigestWord(d, 0) % span) - days;
  int64_t ny = 0, nm = 0, nd = 0;
  CivilFromDays(DaysFromCivil(y, m, day) + shift, ny, nm, nd);
  if (ny < 1) return std::string(value);  // would cross into BC: keep
  return Pad(ny, 4) + "-" + Pad(nm, 2) + "-" + Pad(nd, 2) + std::string(value.substr(dash + 6));
}

namespace {

struct Walker {
  const ValueAnonymizer& leaf;
  KeyedHash& hash;
  Status status;

  void Leaf(OJson& node) {
    if (node.is_null() || !status.ok()) return;
    Kind k = leaf.strategy().kind;
    std::string text = node.is_string()
                           ? node.get<std::string>()
                           : node.dump(-1, ' ', false, OJson::error_handler_t::replace);
    auto out = leaf.Apply(text, hash);
    if (!out.ok()) {
      status = out.status();
      return;
    }
    if (!out->has_value()) {
      node = nullptr;
    } else if (k == Kind::kNumber) {
      node = std::stoll(**out);
    } else if (k != Kind::kKeep) {
      node = **out;
    }
  }

  void Walk(OJson& node, const std::vector<std::string>& path, size_t i) {
    if (i == path.size()) return Leaf(node);
    const std::string& seg = path[i];
    if (seg == "[]") {
      if (node.is_array()) {
        for (auto& el : node) Walk(el, path, i + 1);
      }
    } else if (seg == "*") {
      if (node.is_object()) {
        for (auto& [key, el] : node.items()) Walk(el, path, i + 1);
      }
    } else if (node.is_object() && node.contains(seg)) {
      Walk(node[seg], path, i + 1);
    }
  }
};

}  // namespace

Result<std::string> ValueAnonymizer::Json(std::string_view value, KeyedHash& hash) const {
  OJson doc = OJson::parse(value, nullptr, false);
  if (doc.is_discarded()) {
    return Status(Code::kConfig, "json: a value of column " + column_.name + " is not valid JSON.");
  }
  for (size_t r = 0; r < json_.size(); ++r) {
    Column leaf_col{
        column_.name, "json value",
        json_[r].strategy.kind == Kind::kNumber ? TypeClass::kNumeric : TypeClass::kText};
    ValueAnonymizer leaf(json_[r].strategy, leaf_col);
    Walker w{leaf, hash, Status::Ok()};
    w.Walk(doc, json_[r].path, 0);
    PGCRATE_RETURN_IF_ERROR(w.status);
  }
  return doc.dump(-1, ' ', false, OJson::error_handler_t::replace);
}

}  // namespace pgcrate::anonymize

// One column's strategy applied to its values: checked once against the column's type,
// length and uniqueness (CheckFits), then applied per value (Apply). Values are the decoded
// text of COPY's text format (the server's output form), and so are the results.
//
// The guarantees: NULL stays NULL; an empty string stays empty for the text strategies; the
// output depends only on the value, the salt, the strategy and the column's length and
// uniqueness; it fits the column's length. On a unique column the fake-text strategies carry
// a 64-bit tag from the HMAC, so two different inputs collide with probability about
// n^2 / 2^65 for n distinct values (about 3e-8 for a million rows) — a hash, not a bijection.
// email, hash and uuid do not depend on uniqueness (email always carries the tag when the
// column holds 27 characters or more), so the same value gives the same output in every
// table: joins on them survive; name, phone and the others differ between a unique column
// (tagged) and a plain one.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "anonymize/column.h"
#include "anonymize/keyed_hash.h"
#include "anonymize/strategy.h"
#include "pgcrate/status.h"

namespace pgcrate::anonymize {

// A strategy for the values at one path inside a json/jsonb column. Path segments are object
// keys; "[]" stands for every element of an array and "*" for every key of an object.
struct JsonRule {
  std::vector<std::string> path;
  Strategy strategy;
};

// kConfig when `strategy` cannot produce values of `column`'s type (email on an integer),
// cannot fit its length, or cannot keep a unique column unique. The message names the column
// and the strategy; the caller adds where the rule is.
Status CheckFits(const Strategy& strategy, const Column& column);
// The same for a strategy at a JSON path (whose values are JSON strings, numbers or null).
Status CheckFitsJson(const Strategy& strategy);

class ValueAnonymizer {
 public:
  // Call CheckFits first; `json` is used when strategy is kJson.
  ValueAnonymizer(Strategy strategy, Column column, std::vector<JsonRule> json = {});

  // The anonymized value; nullopt (NULL) for a NULL input and for the null strategy.
  // kConfig when a value cannot be read as the type the strategy expects (a date that is
  // not a date, JSON that does not parse).
  Result<std::optional<std::string>> Apply(std::optional<std::string_view> value,
                                           KeyedHash& hash) const;

  const Strategy& strategy() const { return strategy_; }
  const Column& column() const { return column_; }

 private:
  std::string FakeText(std::string_view value, const Digest& d) const;
  Result<std::string> Json(std::string_view value, KeyedHash& hash) const;

  Strategy strategy_;
  Column column_;
  std::vector<JsonRule> json_;
};

// `value` shifted by a whole number of days from -days to +days chosen by `d`; the value is a
// date or timestamp in ISO form ("2024-03-01", "2024-03-01 10:00:00+00"). "infinity",
// "-infinity" and BC dates are kept. kConfig when it is not such a value.
Result<std::string> ShiftDate(std::string_view value, int days, const Digest& d);

// Number of UTF-8 characters in `s`.
size_t CharCount(std::string_view s);

}  // namespace pgcrate::anonymize

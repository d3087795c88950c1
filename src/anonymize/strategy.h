// The anonymization strategies of `[anonymize]` and their parsing: "email",
// "constant(v)", "mask(keep_last=4)", "number(1,100)", "date_shift(30)", ... A strategy is
// pure data; anonymize/value.h applies one to a value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "pgcrate/status.h"

namespace pgcrate::anonymize {

enum class Kind {
  kEmail,
  kName,
  kFirstName,
  kLastName,
  kPhone,
  kAddress,
  kCity,
  kCompany,
  kText,  // same length: letters and digits replaced, punctuation and spaces kept
  kLorem,
  kUuid,
  kHash,
  kNull,
  kConstant,
  kMask,
  kNumber,
  kDateShift,
  kJson,  // per key path (JsonRule); keys without a rule are kept
  kKeep,
};

struct Strategy {
  Kind kind = Kind::kKeep;
  std::string constant;  // kConstant
  int keep_last = 0;     // kMask
  int64_t min = 0;       // kNumber
  int64_t max = 0;
  int days = 0;  // kDateShift: a shift in [-days, +days] per value
};

// Parses one strategy text. kConfig saying what is wrong and listing the strategies when
// `text` is unknown or its arguments are malformed; the caller adds the key.
Result<Strategy> ParseStrategy(std::string_view text);

// The name of a kind as written in pgcrate.toml ("first_name", "date_shift", ...).
const char* KindName(Kind kind);
// The strategy as written in pgcrate.toml, with its arguments ("number(1,100)").
std::string Describe(const Strategy& strategy);

// True for the strategies that produce made-up text (email ... hash).
bool IsFakeText(Kind kind);

}  // namespace pgcrate::anonymize

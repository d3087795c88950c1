// The per-type value parsers behind value_types.h, internal to the seed library: the strict
// forms type inference takes (Inferred*: no surrounding blanks, one spelling) and the forms
// PostgreSQL's input functions take (*Input, Check*: blanks trimmed, every spelling
// value_types.h lists). All take a value as it is in the file and allocate nothing.
#pragma once

#include <cstdint>
#include <string_view>

namespace pgcrate::seed::parse {

constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }
// PostgreSQL's (and C's) isspace in the C locale.
constexpr bool IsSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
constexpr char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }
constexpr bool IsAlpha(char c) { return Lower(c) >= 'a' && Lower(c) <= 'z'; }
constexpr bool IsHex(char c) { return IsDigit(c) || (Lower(c) >= 'a' && Lower(c) <= 'f'); }
// `s` without leading and trailing IsSpace characters.
inline std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Inference: true/false/t/f/yes/no in any case.
bool IsInferredBoolean(std::string_view v);
// Inference: [+-]digits within int64. `v` must not be empty.
bool IsInferredBigint(std::string_view v);
// Inference: [+-](digits[.digits]|.digits)[e[+-]digits], within numeric's limits (131072
// digits before the point, 16383 after).
bool IsInferredNumeric(std::string_view v);
// Inference: an ISO date (a real day), optionally 'T' or ' ' and HH:MM[:SS[.frac]] and an
// optional blank and offset (Z, +-HH[:MM[:SS]], +-HHMM).
bool IsInferredTimestamp(std::string_view v);
// Inference: 8-4-4-4-12 hex digits.
bool IsInferredUuid(std::string_view v);

// What an input function says of a value.
enum class Verdict { kOk, kInvalid, kOutOfRange };

// boolin.
bool IsBoolInput(std::string_view v);
// int2in/int4in/int8in (PostgreSQL 16 syntax); `max` is the type's largest value.
Verdict CheckInteger(std::string_view v, uint64_t max);
// numeric_in, and the numeric(precision, scale) typmod when precision >= 0.
Verdict CheckNumeric(std::string_view v, int precision, int scale);
// float4in (`single`) or float8in.
Verdict CheckFloat(std::string_view v, bool single);
// date_in (`timestamp` false) and timestamp(tz)_in: ISO dates and timestamps, special words
// (value_types.h), years within the type's range.
bool IsDateInput(std::string_view v, bool timestamp);
// time_in/timetz_in.
bool IsTimeInput(std::string_view v);
// uuid_in.
bool IsUuidInput(std::string_view v);

}  // namespace pgcrate::seed::parse

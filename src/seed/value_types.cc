// Seed value types without a database: inference over CSV values, offline checks of declared
// types, UTF-8 validation. Everything here runs once per CSV field, so the value paths take
// string_views, allocate nothing unless they report an error, and reject on the first
// character before any real parsing. No regex, locale or iostream.
#include "seed/value_types.h"

#include <algorithm>
#include <bit>
#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <system_error>

namespace pgcrate::seed {
namespace {

constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool IsSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
constexpr char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }
constexpr bool IsAlpha(char c) { return Lower(c) >= 'a' && Lower(c) <= 'z'; }
constexpr bool IsHex(char c) { return IsDigit(c) || (Lower(c) >= 'a' && Lower(c) <= 'f'); }

constexpr uint32_t Bit(InferredType type) { return 1u << static_cast<int>(type); }

// Compares `s` with `lower` (all lowercase), ignoring the case of `s`.
bool EqualsNoCase(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (Lower(s[i]) != lower[i]) return false;
  }
  return true;
}

// True when non-empty `s` is a prefix of `lower`, ignoring case.
bool PrefixOfNoCase(std::string_view s, std::string_view lower) {
  return !s.empty() && s.size() <= lower.size() && EqualsNoCase(s, lower.substr(0, s.size()));
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// A cursor over one value for the date and time parsers.
struct Cursor {
  std::string_view s;
  size_t pos = 0;
  bool done() const { return pos == s.size(); }
  char peek() const { return pos < s.size() ? s[pos] : '\0'; }
  bool Take(char c) {
    if (peek() != c) return false;
    ++pos;
    return true;
  }
  // Reads min..max digits into *out (what follows is the caller's to check).
  bool Number(int min, int max, int* out) {
    int n = 0;
    int value = 0;
    while (n < max && IsDigit(peek())) {
      value = value * 10 + (s[pos++] - '0');
      ++n;
    }
    *out = value;
    return n >= min;
  }
  bool SkipSpaces() {
    size_t start = pos;
    while (IsSpace(peek())) ++pos;
    return pos > start;
  }
  // Reads a word of letters, digits and the characters of zone names (Europe/Paris, Etc/GMT+5).
  // Empty unless it starts with a letter.
  std::string_view Word() {
    size_t start = pos;
    if (!IsAlpha(peek())) return {};
    while (IsAlpha(peek()) || IsDigit(peek()) || peek() == '/' || peek() == '_' || peek() == '+' ||
           peek() == '-') {
      ++pos;
    }
    return s.substr(start, pos - start);
  }
};

// ---- dates and times ----------------------------------------------------------------------

struct DateFields {
  int year = 0;
  int month = 0;
  int day = 0;
};

bool IsLeap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

bool IsRealDate(const DateFields& d, bool bc) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d.year < 1 || d.month < 1 || d.month > 12 || d.day < 1) return false;
  int year = bc ? 1 - d.year : d.year;  // 1 BC is year 0 of the proleptic calendar, a leap year
  int days = kDays[d.month - 1] + (d.month == 2 && IsLeap(year) ? 1 : 0);
  return d.day <= days;
}

// YYYY-MM-DD; lenient: a year of 4 to 7 digits, months and days of 1 or 2.
bool ParseDate(Cursor& c, bool lenient, DateFields* d) {
  return c.Number(4, lenient ? 7 : 4, &d->year) && c.Take('-') &&
         c.Number(lenient ? 1 : 2, 2, &d->month) && c.Take('-') &&
         c.Number(lenient ? 1 : 2, 2, &d->day);
}

// HH:MM[:SS[.fraction]]; 24:00:00 and leap second 60 allowed, as PostgreSQL does.
bool ParseTime(Cursor& c, bool lenient) {
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (!c.Number(lenient ? 1 : 2, 2, &hour) || !c.Take(':') || !c.Number(2, 2, &minute)) {
    return false;
  }
  bool fraction_nonzero = false;
  if (c.Take(':')) {
    if (!c.Number(2, 2, &second)) return false;
    if (c.Take('.')) {
      if (!IsDigit(c.peek())) return false;
      while (IsDigit(c.peek())) fraction_nonzero |= c.s[c.pos++] != '0';
    }
  }
  if (hour == 24) return minute == 0 && second == 0 && !fraction_nonzero;
  return hour < 24 && minute < 60 && second <= 60;
}

// Z or +-HH[[:]MM[[:]SS]] (at most 15:59:59 away from UTC).
bool ParseOffset(Cursor& c) {
  if (c.Take('Z') || c.Take('z')) return true;
  if (!c.Take('+') && !c.Take('-')) return false;
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (!c.Number(2, 2, &hour)) return false;
  bool colon = c.Take(':');
  if (IsDigit(c.peek()) || colon) {
    if (!c.Number(2, 2, &minute)) return false;
    bool colon2 = c.Take(':');
    if ((IsDigit(c.peek()) || colon2) && !c.Number(2, 2, &second)) return false;
  }
  return hour <= 15 && minute < 60 && second < 60;
}

// The strict form inference takes: an ISO date, or date, T or blank, time, optional offset.
bool IsInferredTimestamp(std::string_view v) {
  Cursor c{v};
  DateFields d;
  if (!ParseDate(c, false, &d) || !IsRealDate(d, false)) return false;
  if (c.done()) return true;
  if (!c.Take('T') && !c.Take(' ')) return false;
  if (!ParseTime(c, false)) return false;
  if (c.done()) return true;
  c.Take(' ');
  return ParseOffset(c) && c.done();
}

bool IsSpecialDateWord(std::string_view v) {
  for (std::string_view word :
       {"infinity", "-infinity", "epoch", "now", "today", "tomorrow", "yesterday"}) {
    if (EqualsNoCase(v, word)) return true;
  }
  return false;
}

// What follows the time of a timestamp: blanks, an offset, zone names, AD/BC. Sets *bc.
bool ParseTimestampTail(Cursor& c, bool* bc) {
  c.SkipSpaces();
  if ((c.peek() == '+' || c.peek() == '-' || Lower(c.peek()) == 'z') && !ParseOffset(c)) {
    return false;
  }
  for (;;) {
    c.SkipSpaces();
    if (c.done()) return true;
    std::string_view word = c.Word();
    if (word.empty()) return false;  // zone names are not checked offline: any word goes
    if (EqualsNoCase(word, "bc")) *bc = true;
  }
}

// Date and timestamp input alike: PostgreSQL's date input takes a time and ignores it.
bool IsDateInput(std::string_view v) {
  v = Trim(v);
  if (IsSpecialDateWord(v)) return true;
  Cursor c{v};
  DateFields d;
  if (!ParseDate(c, true, &d)) return false;
  bool bc = false;
  if ((c.Take('T') || c.Take('t') || c.SkipSpaces()) && IsDigit(c.peek())) {
    if (!ParseTime(c, true)) return false;
    if (!ParseTimestampTail(c, &bc)) return false;
  } else {
    c.SkipSpaces();
    std::string_view era = c.Word();
    if (!era.empty() && !EqualsNoCase(era, "bc") && !EqualsNoCase(era, "ad")) return false;
    bc = EqualsNoCase(era, "bc");
  }
  return c.done() && IsRealDate(d, bc);
}

bool IsTimeInput(std::string_view v) {
  v = Trim(v);
  if (EqualsNoCase(v, "now") || EqualsNoCase(v, "allballs")) return true;
  Cursor c{v};
  DateFields d;
  if (ParseDate(c, true, &d)) {  // a timestamp is valid time input: its date is ignored
    if (!IsRealDate(d, false) || !(c.Take('T') || c.Take('t') || c.SkipSpaces())) return false;
  } else {
    c.pos = 0;
  }
  if (!ParseTime(c, true)) return false;
  c.SkipSpaces();
  std::string_view word = c.Word();
  if (!word.empty() && !EqualsNoCase(word, "am") && !EqualsNoCase(word, "pm")) c.pos -= word.size();
  bool bc = false;
  return ParseTimestampTail(c, &bc) && c.done();
}

// ---- numbers ------------------------------------------------------------------------------

enum class Verdict { kOk, kInvalid, kOutOfRange };

bool IsInferredBigint(std::string_view v) {
  bool negative = v[0] == '-';
  size_t i = (v[0] == '-' || v[0] == '+') ? 1 : 0;
  if (i == v.size()) return false;
  uint64_t limit = negative ? 9223372036854775808ULL : 9223372036854775807ULL;
  uint64_t value = 0;
  for (; i < v.size(); ++i) {
    if (!IsDigit(v[i])) return false;
    unsigned digit = v[i] - '0';
    if (value > (limit - digit) / 10) return false;
    value = value * 10 + digit;
  }
  return true;
}

unsigned DigitValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (IsHex(c)) return Lower(c) - 'a' + 10;
  return 99;
}

// pg_strtoint (PostgreSQL 16): blanks, sign, decimal or 0x/0o/0b digits, single underscores
// between digits, blanks. `max` is the type's largest value.
Verdict CheckInteger(std::string_view v, uint64_t max) {
  v = Trim(v);
  bool negative = !v.empty() && v[0] == '-';
  size_t i = (!v.empty() && (v[0] == '-' || v[0] == '+')) ? 1 : 0;
  unsigned base = 10;
  if (v.size() - i > 2 && v[i] == '0') {
    char prefix = Lower(v[i + 1]);
    base = prefix == 'x' ? 16 : prefix == 'o' ? 8 : prefix == 'b' ? 2 : 10;
    if (base != 10) i += 2;
  }
  uint64_t limit = max + (negative ? 1 : 0);
  uint64_t value = 0;
  bool overflow = false;
  size_t digits = 0;
  for (; i < v.size(); ++i) {
    if (v[i] == '_' && (digits > 0 || base != 10) && i + 1 < v.size() &&
        DigitValue(v[i + 1]) < base) {
      continue;
    }
    unsigned digit = DigitValue(v[i]);
    if (digit >= base) return Verdict::kInvalid;
    ++digits;
    if (value > (limit - digit) / base) overflow = true;
    if (!overflow) value = value * base + digit;
  }
  if (digits == 0) return Verdict::kInvalid;
  return overflow ? Verdict::kOutOfRange : Verdict::kOk;
}

// A decimal as written: [+-](digits[.digits]|.digits)[e[+-]digits].
struct DecimalText {
  std::string_view mantissa;  // the digits and the point
  int exponent = 0;
};

bool ScanDecimal(std::string_view v, DecimalText* out) {
  size_t i = (!v.empty() && (v[0] == '-' || v[0] == '+')) ? 1 : 0;
  size_t start = i;
  size_t digits = 0;
  bool point = false;
  for (; i < v.size(); ++i) {
    if (IsDigit(v[i])) {
      ++digits;
    } else if (v[i] == '.' && !point) {
      point = true;
    } else {
      break;
    }
  }
  if (digits == 0) return false;
  out->mantissa = v.substr(start, i - start);
  if (i == v.size()) return true;
  if (Lower(v[i++]) != 'e') return false;
  bool negative = i < v.size() && v[i] == '-';
  if (i < v.size() && (v[i] == '-' || v[i] == '+')) ++i;
  if (i == v.size()) return false;
  int exponent = 0;
  for (; i < v.size(); ++i) {
    if (!IsDigit(v[i])) return false;
    if (exponent <= 1000) exponent = exponent * 10 + (v[i] - '0');
  }
  if (exponent > 1000) return false;  // PostgreSQL's limit (NUMERIC_MAX_PRECISION)
  out->exponent = negative ? -exponent : exponent;
  return true;
}

// Whether the number fits numeric(precision, scale) once rounded to `scale` fractional
// digits: no more than precision - scale digits before the point (scale may exceed precision
// or be negative, PostgreSQL 15+).
bool FitsNumeric(const DecimalText& d, int precision, int scale) {
  std::string_view m = d.mantissa;
  size_t point = std::min(m.find('.'), m.size());
  size_t first = m.find_first_not_of("0.");
  if (first == std::string_view::npos) return true;  // zero
  // value = 0.d1 d2 d3... x 10^weight, d1 the first significant digit
  int weight =
      static_cast<int>(point) - static_cast<int>(first > point ? first - 1 : first) + d.exponent;
  int kept = weight + scale;  // significant digits left after rounding
  if (kept < 0) return true;  // rounds to zero
  bool all_nines = true;
  char rounding = '0';
  int seen = 0;
  for (size_t i = first; i < m.size(); ++i) {
    if (m[i] == '.') continue;
    if (seen++ == kept) {
      rounding = m[i];
      break;
    }
    all_nines = all_nines && m[i] == '9';
  }
  if (rounding >= '5' && all_nines) ++weight;  // 999.995 -> 1000.00
  return weight <= precision - scale;
}

Verdict CheckNumeric(std::string_view v, int precision, int scale) {
  v = Trim(v);
  if (EqualsNoCase(v, "nan")) return Verdict::kOk;
  std::string_view unsigned_v = v.substr(!v.empty() && (v[0] == '+' || v[0] == '-') ? 1 : 0);
  if (EqualsNoCase(unsigned_v, "infinity")) {
    return precision < 0 ? Verdict::kOk : Verdict::kOutOfRange;
  }
  DecimalText d;
  if (!ScanDecimal(v, &d)) return Verdict::kInvalid;
  return precision < 0 || FitsNumeric(d, precision, scale) ? Verdict::kOk : Verdict::kOutOfRange;
}

// float4in/float8in: strtod syntax, NaN, [+-]Infinity/inf; overflow and underflow to zero are
// out of range.
Verdict CheckFloat(std::string_view v, bool single) {
  v = Trim(v);
  std::string_view body = v.substr(!v.empty() && (v[0] == '+' || v[0] == '-') ? 1 : 0);
  if (EqualsNoCase(body, "nan") || EqualsNoCase(body, "infinity") || EqualsNoCase(body, "inf")) {
    return Verdict::kOk;
  }
  if (body.empty() || body[0] == '+' || body[0] == '-' || IsAlpha(body[0])) {
    return Verdict::kInvalid;
  }
  double x = 0;
  auto [end, error] = std::from_chars(v.data() + (v.size() - body.size()), v.data() + v.size(), x,
                                      std::chars_format::general);
  if (error == std::errc::invalid_argument || end != v.data() + v.size()) return Verdict::kInvalid;
  if (error == std::errc::result_out_of_range) return Verdict::kOutOfRange;
  if (single &&
      (std::fabs(x) > static_cast<double>(FLT_MAX) || (x != 0 && static_cast<float>(x) == 0.0F))) {
    return Verdict::kOutOfRange;
  }
  return Verdict::kOk;
}

bool IsInferredNumeric(std::string_view v) {
  DecimalText d;
  return ScanDecimal(v, &d);
}

// ---- booleans, uuids, JSON ----------------------------------------------------------------

bool IsInferredBoolean(std::string_view v) {
  switch (v.size()) {
    case 1:
      return Lower(v[0]) == 't' || Lower(v[0]) == 'f';
    case 2:
      return EqualsNoCase(v, "no");
    case 3:
      return EqualsNoCase(v, "yes");
    case 4:
      return EqualsNoCase(v, "true");
    case 5:
      return EqualsNoCase(v, "false");
    default:
      return false;
  }
}

// boolin: blanks, then a unique prefix of true/yes/false/no/on/off, or 1/0.
bool IsBoolInput(std::string_view v) {
  v = Trim(v);
  if (v.empty()) return false;
  switch (Lower(v[0])) {
    case 't':
      return PrefixOfNoCase(v, "true");
    case 'y':
      return PrefixOfNoCase(v, "yes");
    case 'f':
      return PrefixOfNoCase(v, "false");
    case 'n':
      return PrefixOfNoCase(v, "no");
    case 'o':
      return v.size() >= 2 && (PrefixOfNoCase(v, "on") || PrefixOfNoCase(v, "off"));
    case '0':
    case '1':
      return v.size() == 1;
    default:
      return false;
  }
}

bool IsInferredUuid(std::string_view v) {
  if (v.size() != 36) return false;
  for (size_t i = 0; i < 36; ++i) {
    bool hyphen = i == 8 || i == 13 || i == 18 || i == 23;
    if (hyphen ? v[i] != '-' : !IsHex(v[i])) return false;
  }
  return true;
}

// uuid_in: 32 hex digits, a hyphen allowed after any group of four, the whole optionally in
// braces; no blanks.
bool IsUuidInput(std::string_view v) {
  bool braces = !v.empty() && v[0] == '{';
  size_t i = braces ? 1 : 0;
  for (int byte = 0; byte < 16; ++byte) {
    if (i + 1 >= v.size() || !IsHex(v[i]) || !IsHex(v[i + 1])) return false;
    i += 2;
    if (i < v.size() && v[i] == '-' && byte % 2 == 1 && byte < 15) ++i;
  }
  if (braces && (i >= v.size() || v[i++] != '}')) return false;
  return i == v.size();
}

bool IsJson(std::string_view v) { return nlohmann::json::accept(v); }

bool IsInferredJson(std::string_view v) {
  size_t i = 0;
  while (i < v.size() && IsSpace(v[i])) ++i;
  return i < v.size() && (v[i] == '{' || v[i] == '[') && IsJson(v);
}

// The bits of the inferred types `v` matches, among those still `wanted`.
uint32_t InferredMatches(std::string_view v, uint32_t wanted) {
  uint32_t matches = Bit(InferredType::kText);
  if (v.empty()) return matches;
  char c = v[0];
  if ((wanted & Bit(InferredType::kBoolean)) && IsInferredBoolean(v)) {
    matches |= Bit(InferredType::kBoolean);
  }
  if (IsDigit(c) || c == '-' || c == '+' || c == '.') {
    if ((wanted & Bit(InferredType::kBigint)) && IsInferredBigint(v)) {
      matches |= Bit(InferredType::kBigint);
    }
    if ((wanted & Bit(InferredType::kNumeric)) && IsInferredNumeric(v)) {
      matches |= Bit(InferredType::kNumeric);
    }
    uint32_t dated = Bit(InferredType::kDate) | Bit(InferredType::kTimestamptz);
    if ((wanted & dated) && v.size() >= 10 && v[4] == '-' && IsInferredTimestamp(v)) {
      matches |= v.size() == 10 ? dated : Bit(InferredType::kTimestamptz);
    }
  }
  if ((wanted & Bit(InferredType::kUuid)) && IsInferredUuid(v)) {
    matches |= Bit(InferredType::kUuid);
  }
  if ((wanted & Bit(InferredType::kJsonb)) && (c == '{' || c == '[' || IsSpace(c)) &&
      IsInferredJson(v)) {
    matches |= Bit(InferredType::kJsonb);
  }
  return matches;
}

// ---- messages -----------------------------------------------------------------------------

// "value" in double quotes, cut at 40 bytes (on a character boundary) with "...".
std::string Quote(std::string_view v) {
  std::string out = "\"";
  if (v.size() > 40) {
    size_t cut = 40;
    while (cut > 0 && (static_cast<unsigned char>(v[cut]) & 0xC0) == 0x80) --cut;
    out.append(v.substr(0, cut)).append("...");
  } else {
    out.append(v);
  }
  return out + "\"";
}

// varchar(n)/char(n): at most n characters, or only blanks beyond them.
std::optional<std::string> CheckLength(std::string_view v, int length, const std::string& name) {
  if (length < 0 || v.size() <= static_cast<size_t>(length)) return std::nullopt;
  size_t chars = 0;
  size_t cut = v.size();
  for (size_t i = 0; i < v.size(); ++i) {
    if ((static_cast<unsigned char>(v[i]) & 0xC0) == 0x80) continue;
    if (chars++ == static_cast<size_t>(length)) cut = i;
  }
  if (chars <= static_cast<size_t>(length) ||
      v.substr(cut).find_first_not_of(' ') == std::string_view::npos) {
    return std::nullopt;
  }
  return "value too long for " + name + " (" + std::to_string(chars) + " characters)";
}

// Lowercase, blanks collapsed to one, none next to parentheses and commas.
std::string NormalizeType(std::string_view in) {
  std::string out;
  bool blank = false;
  for (char c : Trim(in)) {
    if (IsSpace(c)) {
      blank = true;
      continue;
    }
    bool punct = c == '(' || c == ')' || c == ',';
    if (blank && !punct && !out.empty() && out.back() != '(' && out.back() != ',') out += ' ';
    blank = false;
    out += Lower(c);
  }
  return out;
}

// "timestamp(3) with time zone" -> base "timestamp with time zone", mods {3}.
struct SplitType {
  std::string base;
  int mods[2] = {0, 0};
  int count = 0;
  bool ok = true;
};

SplitType Split(const std::string& type) {
  SplitType out;
  size_t open = type.find('(');
  size_t close = type.find(')');
  if (type.find_first_of("[]\".") != std::string::npos) out.ok = false;
  if (open == std::string::npos) {
    out.ok = out.ok && close == std::string::npos;
    out.base = type;
    return out;
  }
  if (close == std::string::npos || close < open || type.find('(', open + 1) != std::string::npos ||
      type.find(')', close + 1) != std::string::npos) {
    out.ok = false;
    return out;
  }
  out.base = type.substr(0, open) + type.substr(close + 1);
  std::string_view args(type.data() + open + 1, close - open - 1);
  while (out.ok) {
    size_t comma = std::min(args.find(','), args.size());
    std::string_view arg = args.substr(0, comma);
    int value = 0;
    auto [end, error] = std::from_chars(arg.data(), arg.data() + arg.size(), value);
    out.ok =
        out.count < 2 && !arg.empty() && error == std::errc() && end == arg.data() + arg.size();
    if (out.ok) out.mods[out.count++] = value;
    if (comma == args.size()) break;
    args.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace

std::string_view InferredTypeName(InferredType type) {
  static constexpr std::string_view kNames[] = {"boolean",     "bigint", "numeric", "date",
                                                "timestamptz", "uuid",   "jsonb",   "text"};
  return kNames[static_cast<int>(type)];
}

void TypeInference::Add(std::string_view value) {
  any_ = true;
  if (possible_ == Bit(InferredType::kText)) return;  // the usual text column: nothing to do
  possible_ &= InferredMatches(value, possible_);
}

InferredType TypeInference::Result() const {
  uint32_t bits = any_ ? possible_ : Bit(InferredType::kText);
  return static_cast<InferredType>(std::countr_zero(bits));
}

TypeCheck::Kind TypeCheck::Lookup(std::string_view base, std::string_view* canonical) {
  struct Spelling {
    std::string_view sql;
    Kind kind;
    std::string_view canonical;
  };
  static constexpr Spelling kSpellings[] = {
      {"smallint", Kind::kSmallint, "smallint"},
      {"int2", Kind::kSmallint, "smallint"},
      {"integer", Kind::kInteger, "integer"},
      {"int", Kind::kInteger, "integer"},
      {"int4", Kind::kInteger, "integer"},
      {"bigint", Kind::kBigint, "bigint"},
      {"int8", Kind::kBigint, "bigint"},
      {"numeric", Kind::kNumeric, "numeric"},
      {"decimal", Kind::kNumeric, "numeric"},
      {"real", Kind::kReal, "real"},
      {"float4", Kind::kReal, "real"},
      {"double precision", Kind::kDouble, "double precision"},
      {"float8", Kind::kDouble, "double precision"},
      {"float", Kind::kDouble, "float"},
      {"boolean", Kind::kBoolean, "boolean"},
      {"bool", Kind::kBoolean, "boolean"},
      {"date", Kind::kDate, "date"},
      {"timestamp", Kind::kTimestamp, "timestamp without time zone"},
      {"timestamp without time zone", Kind::kTimestamp, "timestamp without time zone"},
      {"timestamptz", Kind::kTimestamptz, "timestamp with time zone"},
      {"timestamp with time zone", Kind::kTimestamptz, "timestamp with time zone"},
      {"time", Kind::kTime, "time without time zone"},
      {"time without time zone", Kind::kTime, "time without time zone"},
      {"timetz", Kind::kTime, "time with time zone"},
      {"time with time zone", Kind::kTime, "time with time zone"},
      {"uuid", Kind::kUuid, "uuid"},
      {"json", Kind::kJson, "json"},
      {"jsonb", Kind::kJson, "jsonb"},
      {"text", Kind::kText, "text"},
      {"character varying", Kind::kVarchar, "character varying"},
      {"varchar", Kind::kVarchar, "character varying"},
      {"character", Kind::kChar, "character"},
      {"char", Kind::kChar, "character"},
      {"bpchar", Kind::kChar, "bpchar"},
  };
  for (const Spelling& s : kSpellings) {
    if (s.sql == base) {
      *canonical = s.canonical;
      return s.kind;
    }
  }
  return Kind::kUnchecked;
}

bool TypeCheck::SetModifiers(std::string_view canonical, const int* mods, int count) {
  name_ = std::string(canonical);
  if (canonical == "float") {  // float(p): real up to 24 binary digits, else double precision
    int bits = count == 1 ? mods[0] : 53;
    kind_ = bits <= 24 ? Kind::kReal : Kind::kDouble;
    name_ = bits <= 24 ? "real" : "double precision";
    return count <= 1 && bits >= 1 && bits <= 53;
  }
  if (kind_ == Kind::kChar && count == 0 && canonical == "character") count = -1;  // char(1)
  if (count == 0) return true;
  int first = count < 0 ? 1 : mods[0];
  switch (kind_) {
    case Kind::kNumeric:
      precision_ = first;
      scale_ = count == 2 ? mods[1] : 0;
      name_ = "numeric(" + std::to_string(precision_) + "," + std::to_string(scale_) + ")";
      return precision_ >= 1 && precision_ <= 1000 && scale_ >= -1000 && scale_ <= 1000;
    case Kind::kVarchar:
    case Kind::kChar:
      length_ = first;
      name_ = (kind_ == Kind::kChar ? "character(" : "character varying(") +
              std::to_string(length_) + ")";
      return count <= 1 && length_ >= 1;
    case Kind::kTimestamp:
    case Kind::kTimestamptz:
    case Kind::kTime:
      name_.insert(name_.find(' '), "(" + std::to_string(first) + ")");
      return count == 1 && first >= 0;
    default:
      return false;
  }
}

TypeCheck TypeCheck::FromSql(std::string_view sql_type) {
  TypeCheck check;
  check.name_ = std::string(Trim(sql_type));
  SplitType split = Split(NormalizeType(sql_type));
  if (!split.ok) return check;
  std::string_view canonical;
  Kind kind = Lookup(split.base, &canonical);
  if (kind == Kind::kUnchecked) return check;
  TypeCheck typed;
  typed.kind_ = kind;
  if (!typed.SetModifiers(canonical, split.mods, split.count)) return check;
  return typed;
}

TypeCheck TypeCheck::For(InferredType type) { return FromSql(InferredTypeName(type)); }

std::optional<std::string> TypeCheck::Check(std::string_view value) const {
  Verdict verdict = Verdict::kOk;
  switch (kind_) {
    case Kind::kUnchecked:
    case Kind::kText:
      return std::nullopt;
    case Kind::kVarchar:
    case Kind::kChar:
      return CheckLength(value, length_, name_);
    case Kind::kBoolean:
      verdict = IsBoolInput(value) ? Verdict::kOk : Verdict::kInvalid;
      break;
    case Kind::kSmallint:
      verdict = CheckInteger(value, INT16_MAX);
      break;
    case Kind::kInteger:
      verdict = CheckInteger(value, INT32_MAX);
      break;
    case Kind::kBigint:
      verdict = CheckInteger(value, INT64_MAX);
      break;
    case Kind::kNumeric:
      verdict = CheckNumeric(value, precision_, scale_);
      break;
    case Kind::kReal:
    case Kind::kDouble:
      verdict = CheckFloat(value, kind_ == Kind::kReal);
      break;
    case Kind::kDate:
    case Kind::kTimestamp:
    case Kind::kTimestamptz:
      verdict = IsDateInput(value) ? Verdict::kOk : Verdict::kInvalid;
      break;
    case Kind::kTime:
      verdict = IsTimeInput(value) ? Verdict::kOk : Verdict::kInvalid;
      break;
    case Kind::kUuid:
      verdict = IsUuidInput(value) ? Verdict::kOk : Verdict::kInvalid;
      break;
    case Kind::kJson:
      verdict = IsJson(value) ? Verdict::kOk : Verdict::kInvalid;
      break;
  }
  if (verdict == Verdict::kOk) return std::nullopt;
  return Quote(value) +
         (verdict == Verdict::kInvalid ? " is not a valid " : " is out of range for ") + name_;
}

bool IsValidUtf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    if (end - p >= 8) {  // ASCII runs eight bytes at a time
      uint64_t word = 0;
      std::memcpy(&word, p, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
        p += 8;
        continue;
      }
    }
    unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    // Continuation count and the range of the second byte (which excludes overlongs,
    // surrogates and code points above U+10FFFF).
    int more = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      more = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      more = 2;
      low = c == 0xE0 ? 0xA0 : 0x80;
      high = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
      more = 3;
      low = c == 0xF0 ? 0x90 : 0x80;
      high = c == 0xF4 ? 0x8F : 0xBF;
    } else {
      return false;
    }
    if (end - p <= more || p[1] < low || p[1] > high) return false;
    for (int i = 2; i <= more; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
    }
    p += more + 1;
  }
  return true;
}

}  // namespace pgcrate::seed

// The per-type parsers behind value_types.h (see value_parse.h). Dates, times and numbers are
// scanned by hand over string_views: no allocation, regex, locale or iostream, since inference
// runs them once per CSV field.
#include "seed/value_parse.h"

#include <algorithm>
#include <cfloat>
#include <charconv>
#include <cmath>
#include <system_error>

namespace pgcrate::seed::parse {
namespace {

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

struct DateFields {
  int year = 0;
  int month = 0;
  int day = 0;
};

bool IsLeap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

// A real day, within PostgreSQL's range: 4713 BC to `max_year` (5874897 for date, 294276
// for timestamps), to the year.
bool IsRealDate(const DateFields& d, bool bc, int max_year) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d.year < 1 || d.year > (bc ? 4713 : max_year)) return false;
  if (d.month < 1 || d.month > 12 || d.day < 1) return false;
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

// HH:MM[:SS[.fraction]]; 24:00:00 and leap second 60 allowed, as PostgreSQL does. Lenient:
// fields of one digit and a point without a fraction too. Sets *hour.
bool ParseTime(Cursor& c, bool lenient, int* hour) {
  int minute = 0;
  int second = 0;
  int min_digits = lenient ? 1 : 2;
  if (!c.Number(min_digits, 2, hour) || !c.Take(':') || !c.Number(min_digits, 2, &minute)) {
    return false;
  }
  bool fraction_nonzero = false;
  if (c.Take(':')) {
    if (!c.Number(min_digits, 2, &second)) return false;
    if (c.Take('.')) {
      if (!lenient && !IsDigit(c.peek())) return false;
      while (IsDigit(c.peek())) fraction_nonzero |= c.s[c.pos++] != '0';
    }
  }
  if (*hour == 24) return minute == 0 && second == 0 && !fraction_nonzero;
  return *hour < 24 && minute < 60 && second <= 60;
}

// Z or +-HH[[:]MM[[:]SS]] (at most 15:59:59 away from UTC); lenient: +-H too.
bool ParseOffset(Cursor& c, bool lenient) {
  if (c.Take('Z') || c.Take('z')) return true;
  if (!c.Take('+') && !c.Take('-')) return false;
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (!c.Number(lenient ? 1 : 2, 2, &hour)) return false;
  bool colon = c.Take(':');
  if (IsDigit(c.peek()) || colon) {
    if (!c.Number(2, 2, &minute)) return false;
    bool colon2 = c.Take(':');
    if ((IsDigit(c.peek()) || colon2) && !c.Number(2, 2, &second)) return false;
  }
  return hour <= 15 && minute < 60 && second < 60;
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
  if ((c.peek() == '+' || c.peek() == '-' || Lower(c.peek()) == 'z') && !ParseOffset(c, true)) {
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

unsigned DigitValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (IsHex(c)) return Lower(c) - 'a' + 10;
  return 99;
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
    if (!IsDigit(v[i]) || exponent > 100000000) return false;  // PostgreSQL overflows sooner
    exponent = exponent * 10 + (v[i] - '0');
  }
  out->exponent = negative ? -exponent : exponent;
  return true;
}

// value = 0.d1 d2 d3... x 10^weight, d1 the first significant digit, at `first` in the mantissa.
int Weight(const DecimalText& d, size_t first) {
  size_t point = std::min(d.mantissa.find('.'), d.mantissa.size());
  return static_cast<int>(point) - static_cast<int>(first > point ? first - 1 : first) + d.exponent;
}

// numeric's own limits: 131072 digits before the point, 16383 after (trailing zeros count).
bool WithinNumericLimits(const DecimalText& d) {
  std::string_view m = d.mantissa;
  if (d.exponent == 0 && m.size() <= 16383) return true;
  size_t point = std::min(m.find('.'), m.size());
  int fraction = static_cast<int>(m.size() - std::min(point + 1, m.size()));
  if (fraction - d.exponent > 16383) return false;
  size_t first = m.find_first_not_of("0.");
  return first == std::string_view::npos || Weight(d, first) <= 131072;
}

// Whether the number fits numeric(precision, scale) once rounded to `scale` fractional
// digits: no more than precision - scale digits before the point (scale may exceed precision
// or be negative, PostgreSQL 15+).
bool FitsNumeric(const DecimalText& d, int precision, int scale) {
  std::string_view m = d.mantissa;
  size_t first = m.find_first_not_of("0.");
  if (first == std::string_view::npos) return true;  // zero
  int weight = Weight(d, first);
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

}  // namespace

// The strict form inference takes: an ISO date, or date, T or blank, time, optional offset.
bool IsInferredTimestamp(std::string_view v) {
  Cursor c{v};
  DateFields d;
  if (!ParseDate(c, false, &d) || !IsRealDate(d, false, 9999)) return false;
  if (c.done()) return true;
  int hour = 0;
  if (!c.Take('T') && !c.Take(' ')) return false;
  if (!ParseTime(c, false, &hour)) return false;
  if (c.done()) return true;
  c.Take(' ');
  return ParseOffset(c, false) && c.done();
}

// Date and timestamp input alike: PostgreSQL's date input takes a time and ignores it.
bool IsDateInput(std::string_view v, bool timestamp) {
  v = Trim(v);
  if (IsSpecialDateWord(v)) return true;
  Cursor c{v};
  DateFields d;
  if (!ParseDate(c, true, &d)) return false;
  bool bc = false;
  int hour = 0;
  if ((c.Take('T') || c.Take('t') || c.SkipSpaces()) && (c.SkipSpaces() || IsDigit(c.peek()))) {
    if (!ParseTime(c, true, &hour)) return false;
    if (!ParseTimestampTail(c, &bc)) return false;
  } else {
    c.SkipSpaces();
    std::string_view era = c.Word();
    if (!era.empty() && !EqualsNoCase(era, "bc") && !EqualsNoCase(era, "ad")) return false;
    bc = EqualsNoCase(era, "bc");
  }
  return c.done() && IsRealDate(d, bc, timestamp ? 294276 : 5874897);
}

bool IsTimeInput(std::string_view v) {
  v = Trim(v);
  if (EqualsNoCase(v, "now") || EqualsNoCase(v, "allballs")) return true;
  Cursor c{v};
  DateFields d;
  if (ParseDate(c, true, &d)) {  // a date and a blank before the time are allowed (not 'T')
    if (!IsRealDate(d, false, 5874897) || !c.SkipSpaces()) return false;
  } else {
    c.pos = 0;
  }
  int hour = 0;
  if (!ParseTime(c, true, &hour)) return false;
  c.SkipSpaces();
  std::string_view word = c.Word();
  if (EqualsNoCase(word, "am") || EqualsNoCase(word, "pm")) {
    if (hour > 12) return false;
  } else {
    c.pos -= word.size();
  }
  bool bc = false;
  return ParseTimestampTail(c, &bc) && c.done();
}

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

Verdict CheckNumeric(std::string_view v, int precision, int scale) {
  v = Trim(v);
  if (EqualsNoCase(v, "nan")) return Verdict::kOk;
  std::string_view unsigned_v = v.substr(!v.empty() && (v[0] == '+' || v[0] == '-') ? 1 : 0);
  if (EqualsNoCase(unsigned_v, "infinity") || EqualsNoCase(unsigned_v, "inf")) {
    return precision < 0 ? Verdict::kOk : Verdict::kOutOfRange;
  }
  DecimalText d;
  if (!ScanDecimal(v, &d)) return Verdict::kInvalid;
  if (!WithinNumericLimits(d)) return Verdict::kOutOfRange;
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
  return ScanDecimal(v, &d) && WithinNumericLimits(d);
}

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

}  // namespace pgcrate::seed::parse

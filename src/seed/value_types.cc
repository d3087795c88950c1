// Seed value types without a database: inference over CSV values, offline checks of declared
// types, UTF-8 validation. Everything here runs once per CSV field, so the value paths take
// string_views, allocate nothing unless they report an error, and reject on the first
// character before any real parsing (value_parse.cc holds the parsers). No regex, locale or
// iostream.
#include "seed/value_types.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstring>
#include <nlohmann/json.hpp>
#include <system_error>

#include "seed/value_parse.h"

namespace pgcrate::seed {
namespace {

using parse::IsDigit;
using parse::IsSpace;
using parse::Lower;
using parse::Trim;
using parse::Verdict;

constexpr uint32_t Bit(InferredType type) { return 1u << static_cast<int>(type); }

// Whether valid JSON `v` has a \u0000 escape, which jsonb (unlike json) refuses.
bool HasNulEscape(std::string_view v) {
  for (size_t at = v.find("\\u0000"); at != std::string_view::npos;
       at = v.find("\\u0000", at + 1)) {
    size_t backslashes = 0;  // an escape unless an odd run of backslashes escapes this one
    while (at - backslashes > 0 && v[at - backslashes - 1] == '\\') ++backslashes;
    if (backslashes % 2 == 0) return true;
  }
  return false;
}

bool IsJson(std::string_view v, bool jsonb) {
  return nlohmann::json::accept(v) && !(jsonb && HasNulEscape(v));
}

bool IsInferredJson(std::string_view v) {
  size_t i = 0;
  while (i < v.size() && IsSpace(v[i])) ++i;
  return i < v.size() && (v[i] == '{' || v[i] == '[') && IsJson(v, true);
}

// The bits of the inferred types `v` matches, among those still `wanted`.
uint32_t InferredMatches(std::string_view v, uint32_t wanted) {
  uint32_t matches = Bit(InferredType::kText);
  if (v.empty()) return matches;
  char c = v[0];
  if ((wanted & Bit(InferredType::kBoolean)) && parse::IsInferredBoolean(v)) {
    matches |= Bit(InferredType::kBoolean);
  }
  if (IsDigit(c) || c == '-' || c == '+' || c == '.') {
    if ((wanted & Bit(InferredType::kBigint)) && parse::IsInferredBigint(v)) {
      matches |= Bit(InferredType::kBigint);
    }
    if ((wanted & Bit(InferredType::kNumeric)) && parse::IsInferredNumeric(v)) {
      matches |= Bit(InferredType::kNumeric);
    }
    uint32_t dated = Bit(InferredType::kDate) | Bit(InferredType::kTimestamptz);
    if ((wanted & dated) && v.size() >= 10 && v[4] == '-' && parse::IsInferredTimestamp(v)) {
      matches |= v.size() == 10 ? dated : Bit(InferredType::kTimestamptz);
    }
  }
  if ((wanted & Bit(InferredType::kUuid)) && parse::IsInferredUuid(v)) {
    matches |= Bit(InferredType::kUuid);
  }
  if ((wanted & Bit(InferredType::kJsonb)) && (c == '{' || c == '[' || IsSpace(c)) &&
      IsInferredJson(v)) {
    matches |= Bit(InferredType::kJsonb);
  }
  return matches;
}

// ---- messages -----------------------------------------------------------------------------

// "value" in double quotes, cut at 40 bytes (on a character boundary) with "...", with quotes,
// backslashes and control characters escaped so that a message stays on one line.
std::string Quote(std::string_view v) {
  size_t cut = v.size();
  if (cut > 40) {
    cut = 40;
    while (cut > 0 && (static_cast<unsigned char>(v[cut]) & 0xC0) == 0x80) --cut;
  }
  std::string out = "\"";
  for (char c : v.substr(0, cut)) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : "\\x";
      if (c != '\n' && c != '\r' && c != '\t') {
        out += kHex[(c >> 4) & 0xF];
        out += kHex[c & 0xF];
      }
    } else {
      out += c;
    }
  }
  return out + (cut < v.size() ? "...\"" : "\"");
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
      {"jsonb", Kind::kJsonb, "jsonb"},
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
      verdict = parse::IsBoolInput(value) ? Verdict::kOk : Verdict::kInvalid;
      break;
    case Kind::kSmallint:
      verdict = parse::CheckInteger(value, INT16_MAX);
      break;
    case Kind::kInteger:
      verdict = parse::CheckInteger(value, INT32_MAX);
      break;
    case Kind::kBigint:
      verdict = parse::CheckInteger(value, INT64_MAX);
      break;
    case Kind::kNumeric:
      verdict = parse::CheckNumeric(value, precision_, scale_);
      break;
    case Kind::kReal:
    case Kind::kDouble:
      verdict = parse::CheckFloat(value, kind_ == Kind::kReal);
      break;
    case Kind::kDate:
    case Kind::kTimestamp:
    case Kind::kTimestamptz:
      verdict = parse::IsDateInput(value, kind_ != Kind::kDate) ? Verdict::kOk : Verdict::kInvalid;
      break;
    case Kind::kTime:
      verdict = parse::IsTimeInput(value) ? Verdict::kOk : Verdict::kInvalid;
      break;
    case Kind::kUuid:
      verdict = parse::IsUuidInput(value) ? Verdict::kOk : Verdict::kInvalid;
      break;
    case Kind::kJson:
    case Kind::kJsonb:
      verdict = IsJson(value, kind_ == Kind::kJsonb) ? Verdict::kOk : Verdict::kInvalid;
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

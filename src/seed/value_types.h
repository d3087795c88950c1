// What a seed value is, read without a database: the type a CSV column's values suggest
// (inference, `seed validate`), and whether a value parses as a declared SQL type (sidecar
// `[columns]` or the target column's type). Pure functions over strings; no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pgcrate::seed {

// The types inference chooses from, most specific first (pgcrate-reference.md, Seed Types).
enum class InferredType { kBoolean, kBigint, kNumeric, kDate, kTimestamptz, kUuid, kJsonb, kText };

// "boolean", "bigint", "numeric", "date", "timestamptz", "uuid", "jsonb", "text".
std::string_view InferredTypeName(InferredType type);

// Infers one column's type from its values. NULLs (unquoted empty CSV fields) are not passed.
// A column whose values all parse as several types gets the first in InferredType's order;
// 0/1 columns are bigint, not boolean; a column with no values is text.
// What each type takes (values as they are: surrounding whitespace makes a value text, except
// before a JSON document):
//   boolean      true false t f yes no, any case (not 0/1, y/n, on/off)
//   bigint       [+-]digits within int64 (a column mixing bigint and numeric values is numeric)
//   numeric      [+-]digits[.digits][e[+-]digits], also .5 and 5.; not NaN/Infinity; within
//                numeric's limits (131072 digits before the point, 16383 after)
//   date         YYYY-MM-DD, a real day (leap years included)
//   timestamptz  YYYY-MM-DD('T'|' ')HH:MM[:SS[.fraction]][ ][Z|+-HH[:MM[:SS]]|+-HHMM];
//                a plain date also matches, so a column mixing dates and timestamps is
//                timestamptz
//   uuid         8-4-4-4-12 hex digits, any case
//   jsonb        a JSON object or array (first non-blank character { or [), valid JSON
// Every value of a column passes TypeCheck::For(Result()), so an inferred column needs no
// second, checking pass. Add() is on the hot path of `seed validate`: it allocates nothing
// (but for JSON documents, which nlohmann's parser checks) and rejects most types on the first
// character.
class TypeInference {
 public:
  void Add(std::string_view value);
  InferredType Result() const;

 private:
  uint32_t possible_ = 0xFFu;  // bit per InferredType still matching every value seen
  bool any_ = false;
};

// Checks values against a declared PostgreSQL type, as the server's input function would
// accept them (lengths and ranges included), without a server. Types pgcrate cannot check
// offline (arrays, intervals, network types, enums, domains...) accept every value.
// Accepted forms, beyond the plain ones: surrounding whitespace where the server trims it;
// integers with PostgreSQL 16's 0x/0o/0b prefixes and _ separators; numeric NaN/Infinity
// (Infinity is out of range for numeric(p,s)); float NaN/Infinity/inf; boolean as boolin takes
// it (t/true/y/yes/on/1, f/false/n/no/off/0, unique prefixes); dates and timestamps in ISO
// form (YYYY-MM-DD, 'T' or blank, HH:MM[:SS[.frac]], an offset or a zone name, BC/AD) and the
// special words infinity, -infinity, epoch, now, today, tomorrow, yesterday; time as
// HH:MM[:SS[.frac]] (AM/PM, an offset or date before it allowed), now, allballs; uuid with or
// without hyphens (any group of 4 digits) and in braces; char(n) and varchar(n) counting UTF-8
// characters, trailing blanks beyond n allowed. Other date styles (01/08/1999, Jan 8 1999)
// are reported as invalid.
class TypeCheck {
 public:
  // From a type as written in SQL or printed by format_type(): "integer", "int8",
  // "character varying(20)", "varchar(20)", "numeric(10,2)", "timestamp with time zone",
  // "timestamptz", "bool", "text[]", "public.mood"... Case-insensitive, surrounding spaces ok.
  static TypeCheck FromSql(std::string_view sql_type);
  static TypeCheck For(InferredType type);

  // nullopt when `value` is a valid input for the type; otherwise why not, e.g.
  // "\"abc\" is not a valid integer", "\"300000\" is out of range for smallint",
  // "value too long for character varying(3) (5 characters)". The value is quoted (quotes,
  // backslashes and control characters escaped), cut after 40 bytes with "...".
  std::optional<std::string> Check(std::string_view value) const;
  // False when the type is not checked offline (Check always succeeds).
  bool checked() const { return kind_ != Kind::kUnchecked; }
  // The type's canonical name ("integer", "character varying(20)", "numeric(10,2)", ...).
  const std::string& name() const { return name_; }

 private:
  enum class Kind {
    kUnchecked,
    kBoolean,
    kSmallint,
    kInteger,
    kBigint,
    kNumeric,
    kReal,
    kDouble,
    kDate,
    kTimestamp,
    kTimestamptz,
    kTime,
    kUuid,
    kJson,
    kJsonb,
    kText,
    kVarchar,
    kChar
  };
  // FromSql's steps: the kind and canonical name of a type name without modifiers
  // (kUnchecked when unknown), then the modifiers in parentheses (false when they are not
  // valid for the kind, which leaves the type unchecked).
  static Kind Lookup(std::string_view base, std::string_view* canonical);
  bool SetModifiers(std::string_view canonical, const int* mods, int count);

  Kind kind_ = Kind::kUnchecked;
  int length_ = -1;     // varchar(n)/char(n); -1 = unlimited
  int precision_ = -1;  // numeric(p,s); -1 = unconstrained
  int scale_ = 0;
  std::string name_;
};

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
// NUL bytes are reported separately by callers; this accepts them.
bool IsValidUtf8(std::string_view text);

}  // namespace pgcrate::seed

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
class TypeCheck {
 public:
  // From a type as written in SQL or printed by format_type(): "integer", "int8",
  // "character varying(20)", "varchar(20)", "numeric(10,2)", "timestamp with time zone",
  // "timestamptz", "bool", "text[]", "public.mood"... Case-insensitive, surrounding spaces ok.
  static TypeCheck FromSql(std::string_view sql_type);
  static TypeCheck For(InferredType type);

  // nullopt when `value` is a valid input for the type; otherwise why not, e.g.
  // "\"abc\" is not a valid integer", "\"300000\" is out of range for smallint",
  // "value too long for character varying(3) (5 characters)".
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
    kText,
    kVarchar,
    kChar
  };
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

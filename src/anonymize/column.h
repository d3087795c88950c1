// What anonymization needs to know about a table column: its type class, its length limit
// and whether a unique index or constraint covers it. Filled from the catalog
// (anonymize/catalog.h) or by hand in tests.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pgcrate::anonymize {

enum class TypeClass {
  kText,  // text, varchar, char, citext, name
  kInteger,
  kNumeric,  // numeric, real, double precision
  kDate,
  kTimestamp,  // timestamp, timestamptz
  kUuid,
  kJson,
  kJsonb,
  kOther,
};

struct Column {
  std::string name;
  std::string type;  // as the server prints it, e.g. "character varying(40)"
  TypeClass type_class = TypeClass::kOther;
  int max_chars = -1;   // varchar(n) / char(n): n; -1 = no limit
  int64_t int_min = 0;  // kInteger: the type's range
  int64_t int_max = 0;
  bool unique = false;  // in a primary key, unique constraint or unique index
  bool not_null = false;
  bool generated = false;  // GENERATED ALWAYS AS (...) STORED: not in COPY's column list
};

struct Table {
  std::string schema, name;
  std::vector<Column> columns;  // in attnum order
  bool partitioned = false;     // a partitioned table: its rows live in its partitions
  // The root of its partition tree (== schema/name when it is not a partition): rules
  // written for a partitioned table apply to its partitions.
  std::string root_schema, root_name;
};

// The class of a base type by its pg_type name ("varchar", "int4", "timestamptz", ...).
TypeClass ClassOfType(std::string_view typname);
// Fills int_min/int_max for int2, int4 and int8; false for any other name.
bool IntegerRange(std::string_view typname, int64_t& min, int64_t& max);

}  // namespace pgcrate::anonymize

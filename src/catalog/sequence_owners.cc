// Recognises serial columns and identity sequences once columns and sequences are loaded:
// such sequences are part of their column (CREATE TABLE makes them), not objects of their own.
#include <map>
#include <string>

#include "catalog/loader_internal.h"
#include "sql/quote.h"

namespace pgcrate::catalog::internal {
namespace {

struct SerialShape {
  const char* column_type;
  const char* serial;
  int64_t max;
};

constexpr SerialShape kSerialShapes[] = {
    {"integer", "serial", 2147483647},
    {"bigint", "bigserial", INT64_MAX},
    {"smallint", "smallserial", 32767},
};

// The name CREATE TABLE gives a serial/identity sequence when it fits in 63 bytes.
std::string DefaultSequenceName(const Table& t, const Column& col) {
  return t.name + "_" + col.name + "_seq";
}

std::string SerialTypeOf(const Table& t, const Column& col, const Sequence& s) {
  std::string nextval =
      "nextval(" + sql::QuoteLiteral(sql::QualifiedName(s.schema, s.name)) + "::regclass)";
  if (col.default_expr != nextval || !col.not_null || s.schema != t.schema) return "";
  std::string expected = DefaultSequenceName(t, col);
  if (s.name != expected || expected.size() > 63 || !s.comment.empty()) return "";
  for (const SerialShape& shape : kSerialShapes) {
    if (col.type != shape.column_type || s.type != shape.column_type) continue;
    bool defaults = s.start == 1 && s.increment == 1 && s.min == 1 && s.max == shape.max &&
                    s.cache == 1 && !s.cycle;
    return defaults ? shape.serial : "";
  }
  return "";
}

// True when `s` is exactly what GENERATED ... AS IDENTITY without options creates.
bool DefaultIdentity(const Table& t, const Column& col, const Sequence& s) {
  std::string name = DefaultSequenceName(t, col);
  if (s.schema != t.schema || s.name != name || name.size() > 63 || !s.comment.empty()) {
    return false;
  }
  for (const SerialShape& shape : kSerialShapes) {
    if (s.type == shape.column_type) {
      return s.start == 1 && s.increment == 1 && s.min == 1 && s.max == shape.max && s.cache == 1 &&
             !s.cycle;
    }
  }
  return false;
}

std::string IdentityOptions(const Sequence& s) {
  std::string o = "SEQUENCE NAME " + sql::QualifiedName(s.schema, s.name) + " START WITH " +
                  std::to_string(s.start) + " INCREMENT BY " + std::to_string(s.increment) +
                  " MINVALUE " + std::to_string(s.min) + " MAXVALUE " + std::to_string(s.max) +
                  " CACHE " + std::to_string(s.cache);
  return s.cycle ? o + " CYCLE" : o;
}

Column* FindColumn(Table& t, const std::string& name) {
  for (Column& col : t.columns) {
    if (col.name == name) return &col;
  }
  return nullptr;
}

}  // namespace

void ResolveSequenceOwners(Catalog& c, const OidIndex& idx) {
  std::map<std::string, Table*> by_name;
  for (const auto& [oid, i] : idx.tables) {
    by_name[sql::QualifiedName(c.tables[i].schema, c.tables[i].name)] = &c.tables[i];
  }
  for (Sequence& s : c.sequences) {
    auto it = by_name.find(s.owned_table);
    if (it == by_name.end()) continue;
    Column* col = FindColumn(*it->second, s.owned_column);
    if (col == nullptr) continue;
    if (s.is_identity) {
      if (!DefaultIdentity(*it->second, *col, s)) col->identity_options = IdentityOptions(s);
      col->identity_sequence = sql::QualifiedName(s.schema, s.name);
      continue;
    }
    col->serial_type = SerialTypeOf(*it->second, *col, s);
    s.is_serial = !col->serial_type.empty();
  }
}

}  // namespace pgcrate::catalog::internal

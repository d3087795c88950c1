// A compact read-only view of the JSON parse trees libpg_query prints. It exists for speed:
// a general-purpose JSON DOM spends more time building maps than the PostgreSQL parser spends
// parsing, and the linter reads every statement's tree. All nodes live in one array; a
// JsonRef is a cheap handle into it and stays valid while the JsonTree lives.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pgcrate/status.h"

namespace pgcrate::sql {

class JsonTree;

// A handle to one node; a default (or missing) ref is "null": every accessor on it returns the
// empty/zero value, so lookups chain without checks: ref["a"]["b"].str().
class JsonRef {
 public:
  JsonRef() = default;
  JsonRef(const JsonTree* tree, uint32_t index) : tree_(tree), index_(index) {}

  bool valid() const { return tree_ != nullptr; }
  bool is_object() const;
  bool is_array() const;
  bool is_string() const;
  bool is_number() const;
  // The member `key` of an object, else null.
  JsonRef operator[](std::string_view key) const;
  // Element `i` of an array or object (members in order), else null.
  JsonRef at(size_t i) const;
  // Number of elements of an array or members of an object, else 0.
  size_t size() const;
  // The member name when this node is an object member, else "".
  std::string_view key() const;
  // The string value (escapes decoded), "" when not a string.
  std::string_view str() const;
  // The numeric value, 0 when not a number.
  int64_t num() const;
  // true for a JSON true, false otherwise.
  bool boolean() const;
  // The first member's key and value of an object: libpg_query's {"NodeType": {...}} wrapper.
  std::string_view node_type() const { return at(0).key(); }
  JsonRef node_body() const { return at(0); }

 private:
  const JsonTree* tree_ = nullptr;
  uint32_t index_ = 0;
};

class JsonTree {
 public:
  // Parses `text` (taking ownership). A malformed document is kInternal: libpg_query never
  // prints one, so this is a bug.
  static Result<std::shared_ptr<JsonTree>> Parse(std::string text);
  // Parses a malloc()ed, NUL-terminated buffer and takes ownership of it (no copy); it is
  // free()d with the tree. Used for libpg_query's output.
  static Result<std::shared_ptr<JsonTree>> Adopt(char* malloced);

  JsonRef root() const { return JsonRef(this, root_); }

  // Adds `by` to every non-negative number under a "location" key: a parse tree of a piece of
  // a script (sql::ParseScript's big-script path) then holds offsets into the whole script.
  void ShiftLocations(int64_t by);

  enum class Type : uint8_t { kNull, kFalse, kTrue, kNumber, kString, kArray, kObject };
  // 16 bytes: a parse tree has one per value (~370,000 for a 10,000-statement script).
  struct Node {
    uint32_t key_off = 0;  // member name within text_ (keys never need escapes)
    uint16_t key_len = 0;
    Type type = Type::kNull;
    bool decoded = false;  // string lives in decoded_ (it had escapes)
    // string: offset/length (in text_, or index in decoded_); container: first child/count;
    // number: the low and high 32 bits of its int64 value.
    uint32_t a = 0, b = 0;
  };

 private:
  friend class JsonRef;
  friend class JsonParser;
  std::string owned_text_;                                            // Parse(): the copy
  std::unique_ptr<char, void (*)(void*)> adopted_{nullptr, nullptr};  // Adopt(): the buffer
  std::string_view text_;
  std::vector<Node> nodes_;
  std::vector<std::string> decoded_;
  uint32_t root_ = 0;
};

}  // namespace pgcrate::sql

// A streaming JSON writer for the lint reports: appends pretty-printed JSON to a buffer
// byte-for-byte as nlohmann's dump(2) would (two-space indent, `"key": value`, `[]` / `{}`
// when empty, control characters escaped, non-ASCII UTF-8 kept), without building a tree.
// Invalid UTF-8 never throws: each invalid sequence becomes U+FFFD, exactly where nlohmann's
// error_handler_t::replace puts one.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pgcrate::lint {

// Appends `s` to `out` as a JSON string literal (with the quotes).
void AppendJsonString(std::string_view s, std::string& out);

class JsonWriter {
 public:
  // Writes into `out`; the caller may take the text out of `out` between values (Flush
  // points), the writer keeps only its nesting state.
  explicit JsonWriter(std::string& out) : out_(out) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  // The key of the next member of the current object.
  void Key(std::string_view key);
  void String(std::string_view value);
  void Int(int64_t value);
  void Bool(bool value);
  // Shorthands for a member of the current object.
  void Member(std::string_view key, std::string_view value) {
    Key(key);
    String(value);
  }
  void Member(std::string_view key, int64_t value) {
    Key(key);
    Int(value);
  }

 private:
  void Open(char bracket);
  void Close(char bracket);
  // Separator and indentation before a value in an array (a member's value follows its key).
  void BeforeValue();
  void Newline(size_t depth);

  std::string& out_;
  std::vector<bool> empty_;  // per open container: nothing written in it yet
  bool after_key_ = false;
};

}  // namespace pgcrate::lint

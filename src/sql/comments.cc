#include "sql/comments.h"

#include <pg_query.h>

#include <cstdint>

namespace pgcrate::sql {
namespace {

// Token numbers of comments in pg_query.proto's Token enum.
constexpr uint64_t kSqlComment = 275;
constexpr uint64_t kCComment = 276;
constexpr uint64_t kIdent = 258;

// A minimal reader of the protobuf wire format, enough for ScanResult / ScanToken (varints
// and length-delimited fields); libpg_query ships no C++ protobuf classes.
class Wire {
 public:
  Wire(const uint8_t* p, size_t n) : p_(p), end_(p + n) {}
  bool done() const { return p_ >= end_; }

  bool Varint(uint64_t& v) {
    v = 0;
    for (int shift = 0; p_ < end_ && shift < 64; shift += 7) {
      uint8_t b = *p_++;
      v |= static_cast<uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return true;
    }
    return false;
  }

  // Reads one field header and, for length-delimited fields, the payload bounds.
  bool Field(uint64_t& number, uint64_t& wire_type, Wire& payload, uint64_t& value) {
    uint64_t key = 0;
    if (!Varint(key)) return false;
    number = key >> 3;
    wire_type = key & 7;
    if (wire_type == 0) return Varint(value);
    if (wire_type == 2) {
      uint64_t len = 0;
      if (!Varint(len) || len > static_cast<uint64_t>(end_ - p_)) return false;
      payload = Wire(p_, len);
      p_ += len;
      return true;
    }
    if (wire_type == 5) return Skip(4);
    if (wire_type == 1) return Skip(8);
    return false;
  }

 private:
  bool Skip(size_t n) {
    if (static_cast<size_t>(end_ - p_) < n) return false;
    p_ += n;
    return true;
  }
  const uint8_t* p_;
  const uint8_t* end_;
};

// One ScanToken: start (1), end (2), token (4).
bool ReadToken(Wire w, uint64_t& start, uint64_t& end, uint64_t& token) {
  start = end = token = 0;
  while (!w.done()) {
    uint64_t num = 0, type = 0, value = 0;
    Wire payload(nullptr, 0);
    if (!w.Field(num, type, payload, value)) return false;
    if (num == 1) start = value;
    if (num == 2) end = value;
    if (num == 4) token = value;
  }
  return true;
}

}  // namespace

// Calls `fn(start, end, token)` for every token the scanner finds in `script`.
template <typename Fn>
void ForEachToken(std::string_view script, Fn fn) {
  std::string owned(script);
  PgQueryScanResult r = pg_query_scan(owned.c_str());
  if (!r.error) {
    Wire w(reinterpret_cast<const uint8_t*>(r.pbuf.data), r.pbuf.len);
    while (!w.done()) {
      uint64_t num = 0, type = 0, value = 0;
      Wire payload(nullptr, 0);
      if (!w.Field(num, type, payload, value)) break;
      uint64_t start = 0, end = 0, token = 0;
      if (num != 2 || type != 2 || !ReadToken(payload, start, end, token)) continue;
      if (end <= script.size() && start < end) fn(start, end, token);
    }
  }
  pg_query_free_scan_result(r);
}

std::vector<Comment> ScanComments(std::string_view script) {
  std::vector<Comment> out;
  ForEachToken(script, [&](uint64_t start, uint64_t end, uint64_t token) {
    if (token == kSqlComment || token == kCComment) {
      out.push_back({start, std::string(script.substr(start, end - start))});
    }
  });
  return out;
}

std::vector<Comment> ScanLongIdentifiers(std::string_view script, size_t max_bytes) {
  std::vector<Comment> out;
  ForEachToken(script, [&](uint64_t start, uint64_t end, uint64_t token) {
    if (token != kIdent) return;
    std::string_view text = script.substr(start, end - start);
    size_t len = text.size() >= 2 && text.front() == '"' ? text.size() - 2 : text.size();
    if (len > max_bytes) out.push_back({start, std::string(text)});
  });
  return out;
}

}  // namespace pgcrate::sql

#include "sql/json_tree.h"

#include <cstdlib>
#include <cstring>

namespace pgcrate::sql {

using Node = JsonTree::Node;
using Type = JsonTree::Type;

// Recursive-descent parser. Children of a container are gathered on a scratch stack and then
// moved to the node array in one contiguous block, so a container is (first, count).
class JsonParser {
 public:
  explicit JsonParser(JsonTree& t) : t_(t), s_(t.text_.data()), n_(t.text_.size()) {}

  bool Run() {
    Node root;
    if (!Value(root)) return false;
    Ws();
    t_.root_ = static_cast<uint32_t>(t_.nodes_.size());
    t_.nodes_.push_back(root);
    return pos_ == n_;
  }

 private:
  void Ws() {
    while (pos_ < n_ &&
           (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\t' || s_[pos_] == '\r')) {
      ++pos_;
    }
  }

  bool Literal(const char* word, Type type, Node& out) {
    size_t len = std::strlen(word);
    if (pos_ + len > n_ || std::memcmp(s_ + pos_, word, len) != 0) return false;
    pos_ += len;
    out.type = type;
    return true;
  }

  bool Value(Node& out) {
    Ws();
    if (pos_ >= n_) return false;
    switch (s_[pos_]) {
      case '{':
        return Container(out, '}', Type::kObject);
      case '[':
        return Container(out, ']', Type::kArray);
      case '"':
        return String(out.a, out.b, out.decoded) && (out.type = Type::kString, true);
      case 't':
        return Literal("true", Type::kTrue, out);
      case 'f':
        return Literal("false", Type::kFalse, out);
      case 'n':
        return Literal("null", Type::kNull, out);
      default:
        return Number(out);
    }
  }

  bool Number(Node& out) {
    char* end = nullptr;
    double v = std::strtod(s_ + pos_, &end);
    if (end == s_ + pos_) return false;
    pos_ = static_cast<size_t>(end - s_);
    out.type = Type::kNumber;
    auto bits = static_cast<uint64_t>(static_cast<int64_t>(v));
    out.a = static_cast<uint32_t>(bits);
    out.b = static_cast<uint32_t>(bits >> 32);
    return true;
  }

  static int Hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  static void AppendUtf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  // Reads "\uXXXX" at pos_ (after the backslash and 'u'); -1 when malformed.
  long Hex4() {
    if (pos_ + 4 > n_) return -1;
    long v = 0;
    for (int i = 0; i < 4; ++i) {
      int h = Hex(s_[pos_ + i]);
      if (h < 0) return -1;
      v = v * 16 + h;
    }
    pos_ += 4;
    return v;
  }

  bool Escape(std::string& out) {
    char c = s_[pos_++];
    switch (c) {
      case 'n':
        out += '\n';
        return true;
      case 't':
        out += '\t';
        return true;
      case 'r':
        out += '\r';
        return true;
      case 'b':
        out += '\b';
        return true;
      case 'f':
        out += '\f';
        return true;
      case 'u': {
        long cp = Hex4();
        if (cp < 0) return false;
        if (cp >= 0xD800 && cp < 0xDC00 && pos_ + 2 <= n_ && s_[pos_] == '\\' &&
            s_[pos_ + 1] == 'u') {
          pos_ += 2;
          long lo = Hex4();
          if (lo < 0) return false;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        }
        AppendUtf8(out, static_cast<unsigned>(cp));
        return true;
      }
      default:
        out += c;
        return true;  // \" \\ \/
    }
  }

  // A string at pos_; fills the (offset, length) of its bytes, decoded into decoded_ when it
  // holds escapes.
  bool String(uint32_t& off, uint32_t& len, bool& decoded) {
    size_t start = ++pos_;
    const void* q = std::memchr(s_ + pos_, '"', n_ - pos_);
    if (!q) return false;
    // Look for a backslash only up to the closing quote (not to the end of the document).
    const void* b = std::memchr(s_ + pos_, '\\', static_cast<const char*>(q) - (s_ + pos_));
    if (!b) {  // the common case: no escapes
      pos_ = static_cast<size_t>(static_cast<const char*>(q) - s_) + 1;
      off = static_cast<uint32_t>(start);
      len = static_cast<uint32_t>(pos_ - 1 - start);
      decoded = false;
      return true;
    }
    std::string out;
    while (pos_ < n_ && s_[pos_] != '"') {
      if (s_[pos_] == '\\') {
        ++pos_;
        if (pos_ >= n_ || !Escape(out)) return false;
      } else {
        out += s_[pos_++];
      }
    }
    if (pos_ >= n_) return false;
    ++pos_;
    off = static_cast<uint32_t>(t_.decoded_.size());
    len = static_cast<uint32_t>(out.size());
    t_.decoded_.push_back(std::move(out));
    decoded = true;
    return true;
  }

  bool Member(Node& child) {
    Ws();
    if (pos_ >= n_ || s_[pos_] != '"') return false;
    bool dec = false;
    uint32_t off = 0, len = 0;
    if (!String(off, len, dec) || dec) return false;
    Ws();
    if (pos_ >= n_ || s_[pos_++] != ':') return false;
    if (!Value(child)) return false;
    child.key_off = off;
    if (len > UINT16_MAX) return false;  // libpg_query's keys are field names
    child.key_len = static_cast<uint16_t>(len);
    return true;
  }

  bool Container(Node& out, char close, Type type) {
    ++pos_;
    size_t base = scratch_.size();
    Ws();
    if (pos_ < n_ && s_[pos_] == close) {
      ++pos_;
    } else {
      while (true) {
        Node child;
        if (!(type == Type::kObject ? Member(child) : Value(child))) return false;
        scratch_.push_back(child);
        Ws();
        if (pos_ >= n_) return false;
        char c = s_[pos_++];
        if (c == close) break;
        if (c != ',') return false;
      }
    }
    out.type = type;
    out.a = static_cast<uint32_t>(t_.nodes_.size());
    out.b = static_cast<uint32_t>(scratch_.size() - base);
    t_.nodes_.insert(t_.nodes_.end(), scratch_.begin() + static_cast<long>(base), scratch_.end());
    scratch_.resize(base);
    return true;
  }

  JsonTree& t_;
  const char* s_;
  size_t n_;
  size_t pos_ = 0;
  std::vector<Node> scratch_;
};

namespace {

// An upper bound on the number of values in `text`: every object member has a ':', every array
// element after the first a ',', and a first element needs an opening bracket. Reserving it
// once means the node array is never copied while growing (untouched reserve costs nothing).
size_t NodeBound(std::string_view text) {
  size_t n = 1;
  for (char c : text) n += (c == ':') | (c == ',') | (c == '[');
  return n;
}

Result<std::shared_ptr<JsonTree>> Build(std::shared_ptr<JsonTree> tree, JsonParser& parser) {
  if (!parser.Run()) {
    return Status(Code::kInternal, "internal error: the parser printed a malformed parse tree.");
  }
  return tree;
}

}  // namespace

Result<std::shared_ptr<JsonTree>> JsonTree::Parse(std::string text) {
  auto tree = std::make_shared<JsonTree>();
  tree->owned_text_ = std::move(text);
  tree->text_ = tree->owned_text_;
  tree->nodes_.reserve(NodeBound(tree->text_));
  JsonParser parser(*tree);
  return Build(tree, parser);
}

Result<std::shared_ptr<JsonTree>> JsonTree::Adopt(char* malloced) {
  auto tree = std::make_shared<JsonTree>();
  tree->adopted_ = std::unique_ptr<char, void (*)(void*)>(malloced, &std::free);
  tree->text_ = malloced ? std::string_view(malloced) : std::string_view();
  tree->nodes_.reserve(NodeBound(tree->text_));
  JsonParser parser(*tree);
  return Build(tree, parser);
}

void JsonTree::ShiftLocations(int64_t by) {
  constexpr std::string_view kKey = "location";
  for (Node& n : nodes_) {
    if (n.type != Type::kNumber || n.key_len != kKey.size() ||
        text_.compare(n.key_off, n.key_len, kKey) != 0) {
      continue;
    }
    auto v = static_cast<int64_t>(static_cast<uint64_t>(n.a) | static_cast<uint64_t>(n.b) << 32);
    if (v < 0) continue;
    auto bits = static_cast<uint64_t>(v + by);
    n.a = static_cast<uint32_t>(bits);
    n.b = static_cast<uint32_t>(bits >> 32);
  }
}

bool JsonRef::is_object() const { return tree_ && tree_->nodes_[index_].type == Type::kObject; }
bool JsonRef::is_array() const { return tree_ && tree_->nodes_[index_].type == Type::kArray; }
bool JsonRef::is_string() const { return tree_ && tree_->nodes_[index_].type == Type::kString; }
bool JsonRef::is_number() const { return tree_ && tree_->nodes_[index_].type == Type::kNumber; }

JsonRef JsonRef::operator[](std::string_view key) const {
  if (!is_object()) return {};
  const Node& n = tree_->nodes_[index_];
  for (uint32_t i = n.a; i < n.a + n.b; ++i) {
    const Node& c = tree_->nodes_[i];
    const char* k = tree_->text_.data() + c.key_off;
    if (c.key_len == key.size() && !key.empty() && k[0] == key[0] &&
        std::memcmp(k, key.data(), key.size()) == 0) {
      return JsonRef(tree_, i);
    }
  }
  return {};
}

JsonRef JsonRef::at(size_t i) const {
  if (!is_object() && !is_array()) return {};
  const Node& n = tree_->nodes_[index_];
  if (i >= n.b) return {};
  return JsonRef(tree_, static_cast<uint32_t>(n.a + i));
}

size_t JsonRef::size() const {
  if (!is_object() && !is_array()) return 0;
  return tree_->nodes_[index_].b;
}

std::string_view JsonRef::key() const {
  if (!tree_) return {};
  const Node& n = tree_->nodes_[index_];
  return tree_->text_.substr(n.key_off, n.key_len);
}

std::string_view JsonRef::str() const {
  if (!is_string()) return {};
  const Node& n = tree_->nodes_[index_];
  if (n.decoded) return tree_->decoded_[n.a];
  return tree_->text_.substr(n.a, n.b);
}

int64_t JsonRef::num() const {
  if (!is_number()) return 0;
  const Node& n = tree_->nodes_[index_];
  return static_cast<int64_t>((static_cast<uint64_t>(n.b) << 32) | n.a);
}

bool JsonRef::boolean() const { return tree_ && tree_->nodes_[index_].type == Type::kTrue; }

}  // namespace pgcrate::sql

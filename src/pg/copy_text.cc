#include "pg/copy_text.h"

namespace pgcrate::pg {

void SplitCopyRow(std::string_view row, std::vector<std::string_view>& fields) {
  fields.clear();
  size_t start = 0;
  for (;;) {
    size_t tab = row.find('\t', start);
    if (tab == std::string_view::npos) {
      fields.push_back(row.substr(start));
      return;
    }
    fields.push_back(row.substr(start, tab - start));
    start = tab + 1;
  }
}

namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsOctal(char c) { return c >= '0' && c <= '7'; }

// Decodes the escape at raw[i] (just after the backslash); returns the next index.
size_t DecodeEscape(std::string_view raw, size_t i, std::string& out) {
  char c = raw[i];
  switch (c) {
    case 'b':
      out += '\b';
      return i + 1;
    case 'f':
      out += '\f';
      return i + 1;
    case 'n':
      out += '\n';
      return i + 1;
    case 'r':
      out += '\r';
      return i + 1;
    case 't':
      out += '\t';
      return i + 1;
    case 'v':
      out += '\v';
      return i + 1;
    default:
      break;
  }
  if (IsOctal(c)) {
    int v = 0;
    size_t j = i;
    for (; j < raw.size() && j < i + 3 && IsOctal(raw[j]); ++j) v = v * 8 + (raw[j] - '0');
    out += static_cast<char>(v & 0xff);
    return j;
  }
  if (c == 'x' && i + 1 < raw.size() && HexDigit(raw[i + 1]) >= 0) {
    int v = HexDigit(raw[i + 1]);
    size_t j = i + 2;
    if (j < raw.size() && HexDigit(raw[j]) >= 0) v = v * 16 + HexDigit(raw[j++]);
    out += static_cast<char>(v);
    return j;
  }
  out += c;  // any other character stands for itself (\\ is a backslash)
  return i + 1;
}

}  // namespace

std::string DecodeCopyField(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  size_t i = 0;
  while (i < raw.size()) {
    size_t bs = raw.find('\\', i);
    if (bs == std::string_view::npos || bs + 1 >= raw.size()) {
      out.append(raw.substr(i));
      break;
    }
    out.append(raw.substr(i, bs - i));
    i = DecodeEscape(raw, bs + 1, out);
  }
  return out;
}

void AppendCopyField(std::string& out, const std::optional<std::string>& value) {
  if (!value) {
    out += "\\N";
    return;
  }
  for (char c : *value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\v':
        out += "\\v";
        break;
      default:
        out += c;
    }
  }
}

}  // namespace pgcrate::pg

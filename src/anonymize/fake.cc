#include "anonymize/fake.h"

#include "anonymize/words.h"

namespace pgcrate::anonymize::fake {
namespace {

// Bits of the digest's first three words drive the choices; the last word is the tag's.
uint64_t W(const Digest& d, int i) { return DigestWord(d, i); }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == ' ') c = '-';
  }
  return out;
}

std::string Digits(uint64_t v, int n) {
  std::string s(static_cast<size_t>(n), '0');
  for (int i = n - 1; i >= 0; --i) {
    s[static_cast<size_t>(i)] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return s;
}

}  // namespace

std::string FirstName(const Digest& d) { return std::string(FirstNames().Pick(W(d, 0))); }
std::string LastName(const Digest& d) { return std::string(LastNames().Pick(W(d, 1))); }
std::string FullName(const Digest& d) { return FirstName(d) + " " + LastName(d); }

std::string EmailLocal(const Digest& d) {
  return Lower(FirstName(d)) + "." + Lower(LastName(d)) + "." + Digits(W(d, 2) >> 8, 4);
}

std::string EmailDomain(const Digest& d) {
  return std::string(EmailDomains().Pick(W(d, 2) & 0xff));
}

std::string Phone(const Digest& d) {
  uint64_t v = W(d, 2);
  return "+1 555 " + Digits(v, 3) + " " + Digits(v / 1000, 4);
}

std::string Address(const Digest& d) {
  uint64_t v = W(d, 2);
  return std::to_string(1 + v % 9999) + " " + std::string(Streets().Pick(W(d, 0) >> 16)) + " " +
         std::string(StreetSuffixes().Pick(v >> 20));
}

std::string City(const Digest& d) { return std::string(Cities().Pick(W(d, 0) >> 8)); }

std::string Company(const Digest& d) {
  return LastName(d) + " " + std::string(CompanySuffixes().Pick(W(d, 2)));
}

std::string Lorem(const Digest& d) {
  uint64_t v = W(d, 0);
  uint64_t u = W(d, 1);
  size_t words = 3 + v % 10;
  std::string out;
  for (size_t i = 0; i < words; ++i) {
    std::string_view w = LoremWords().Pick(u);
    u = u / LoremWords().size ^ (W(d, 2) >> (i % 8 * 8));
    if (i > 0) out += ' ';
    out += w;
  }
  out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out + ".";
}

std::string SameLengthText(const Digest& d, std::string_view input) {
  std::string out;
  out.reserve(input.size());
  uint64_t pool = 0;
  for (size_t i = 0; i < input.size(); ++i) {
    // A fresh pseudo-random number per character: a digest word mixed with the position.
    if (i % 8 == 0) pool = W(d, static_cast<int>(i / 8 % 3)) * 0x9E3779B97F4A7C15ULL + i;
    auto c = static_cast<unsigned char>(input[i]);
    uint8_t r = static_cast<uint8_t>(pool >> (i % 8 * 8));
    if (c >= 0x80) {
      while (i + 1 < input.size() && (static_cast<unsigned char>(input[i + 1]) & 0xC0) == 0x80) {
        ++i;  // the continuation bytes of one character become one letter
      }
      out += static_cast<char>('a' + r % 26);
    } else if (c >= '0' && c <= '9') {
      out += static_cast<char>('0' + r % 10);
    } else if (c >= 'a' && c <= 'z') {
      out += static_cast<char>('a' + r % 26);
    } else if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>('A' + r % 26);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string Hex(const Digest& d) {
  static const char* hex = "0123456789abcdef";
  std::string s;
  s.reserve(64);
  for (uint8_t b : d) {
    s += hex[b >> 4];
    s += hex[b & 15];
  }
  return s;
}

std::string Uuid(const Digest& d) {
  std::string h = Hex(d).substr(0, 32);
  h[12] = '4';
  h[16] = "89ab"[(h[16] <= '9' ? h[16] - '0' : h[16] - 'a' + 10) & 3];
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20, 12);
}

std::string Tag(const Digest& d) {
  uint64_t v = W(d, 3);
  std::string s(13, '0');
  for (int i = 12; i >= 0; --i) {
    s[static_cast<size_t>(i)] = "0123456789abcdefghijklmnopqrstuv"[v & 31];
    v >>= 5;
  }
  return s;
}

}  // namespace pgcrate::anonymize::fake

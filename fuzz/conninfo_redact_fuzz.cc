// Fuzzes the connection-string parsing and redaction of pg/conninfo.h: RedactConnInfo,
// RedactConnInfoInText, DescribeConnInfo and ConnInfoForDatabase (password moved out).
//
// Input: a mode byte, then user, password, host, dbname and the rest (query parameters or
// options, or surrounding text), separated by 0x1f bytes. The password is written as a user
// would: percent-encoded in a URL (postgresql://user:pw@host/db?rest), quoted in key=value
// text (password='pw' ...), and the URL is embedded in free text for RedactConnInfoInText.
//
// Invariant: no printed form contains the password. A password that the output contains
// only because the same text is elsewhere in the string is not a leak, so each output is
// also computed for the same string with a decoy password of the same length: the password
// leaked when the real output contains it and the decoy's output does not. Passwords under
// 4 bytes (or with a NUL, which no connection string carries) are not judged.
#include <cctype>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "pg/conninfo.h"

namespace {

namespace pg = pgcrate::pg;
using pgcrate::fuzz::Quoted;

struct Pieces {
  unsigned mode = 0;
  std::string user, password, host, dbname, rest;
};

std::string PercentEncode(std::string_view s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    bool plain = std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~';
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// A key=value value in single quotes, as libpq reads it.
std::string KvQuote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string Url(const Pieces& p) {
  return "postgresql://" + PercentEncode(p.user) + ":" + PercentEncode(p.password) + "@" + p.host +
         "/" + p.dbname + (p.rest.empty() ? "" : "?" + p.rest);
}

std::string KeyValue(const Pieces& p) {
  return "user=" + KvQuote(p.user) + " password=" + KvQuote(p.password) +
         " host=" + KvQuote(p.host) + " dbname=" + KvQuote(p.dbname) + " " + p.rest;
}

// The string the mode builds.
std::string Build(const Pieces& p) {
  switch (p.mode % 3) {
    case 0:
      return Url(p);
    case 1:
      return KeyValue(p);
    default:
      return p.rest + " " + Url(p) + " " + p.host;  // free text around a URL
  }
}

// Every printed form of the built string, joined by NUL bytes.
std::string Printed(const Pieces& p) {
  std::string s = Build(p);
  std::string out;
  if (p.mode % 3 == 2) {
    out = pg::RedactConnInfoInText(s);
  } else {
    out = pg::RedactConnInfo(s) + '\0' + pg::DescribeConnInfo(s);
    std::string moved;
    auto rebuilt = pg::ConnInfoForDatabase(s, "other", &moved);
    if (rebuilt.ok()) out += '\0' + *rebuilt;
  }
  return out;
}

// A password of the same length that shares no byte with `pw`.
std::string Decoy(const std::string& pw) {
  for (char c = 'a'; c <= 'z'; ++c) {
    if (pw.find(c) == std::string::npos) return std::string(pw.size(), c);
  }
  return std::string(pw.size(), '0');  // pw holds every letter, so it has no run of '0's
}

// ConnInfoForDatabase moves the password out: what it returns is the password libpq read.
void CheckMovedPassword(const Pieces& p) {
  std::string s = Build(p);
  auto parsed = pg::ParseConnInfo(s);
  if (!parsed.ok()) return;
  auto it = parsed->find("password");
  if (it == parsed->end() || it->second != p.password) return;
  std::string moved;
  auto rebuilt = pg::ConnInfoForDatabase(s, "", &moved);
  FUZZ_CHECK(rebuilt.ok() && moved == p.password,
             "ConnInfoForDatabase did not move out the parsed password");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  Pieces p;
  p.mode = data[0];
  pgcrate::fuzz::Parts parts(data + 1, size - 1, "\x1f");
  p.user = parts.Next();
  p.password = parts.Next();
  p.host = parts.Next();
  p.dbname = parts.Next();
  p.rest = parts.Rest();
  if (p.password.size() < 4 || p.password.find('\0') != std::string::npos) {
    (void)Printed(p);  // still exercised, not judged
    return 0;
  }
  std::string out = Printed(p);
  if (out.find(p.password) != std::string::npos) {
    Pieces decoy = p;
    decoy.password = Decoy(p.password);
    std::string alibi = Printed(decoy);
    FUZZ_CHECK(alibi.find(p.password) != std::string::npos,
               "the password " + Quoted(p.password) + " is printed: " + Quoted(out, 400) +
                   " (from " + Quoted(Build(p), 400) + ")");
  }
  CheckMovedPassword(p);
  return 0;
}

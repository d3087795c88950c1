#include "pg/conninfo.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <utility>
#include <vector>

#include "base/process.h"
#include "base/secrets.h"
#include "base/strings.h"

namespace pgcrate::pg {
namespace {

using Options = std::vector<std::pair<std::string, std::string>>;

// libpq's own rule (uri_prefix_length): the scheme is matched case-sensitively.
bool IsUrl(std::string_view s) {
  return base::StartsWith(s, "postgresql://") || base::StartsWith(s, "postgres://");
}

// libpq's message with every quoted fragment ("...") blanked: libpq quotes the offending
// token, which may be the password or the whole URL. One-character punctuation (the "=" of
// `missing "=" after ...`) is kept, and so is an unknown option name when the string has no
// password at all.
std::string SafeReason(const std::string& conninfo, const std::string& msg) {
  bool has_password = base::ToLower(conninfo).find("password") != std::string::npos;
  bool keep_option = !has_password && base::StartsWith(msg, "invalid connection option \"");
  std::string out;
  size_t i = 0;
  while (i < msg.size()) {
    size_t open = msg.find('"', i);
    size_t close = open == std::string::npos ? open : msg.find('"', open + 1);
    if (close == std::string::npos) {
      out += msg.substr(i);
      break;
    }
    std::string inner = msg.substr(open + 1, close - open - 1);
    bool punct = inner.size() == 1 && !std::isalnum(static_cast<unsigned char>(inner[0]));
    bool plain_word = inner.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string::npos;
    bool keep = punct || (keep_option && i == 0 && plain_word);
    out += msg.substr(i, open - i) + "\"" + (keep ? inner : "...") + "\"";
    i = close + 1;
  }
  return out;
}

Status Malformed(const std::string& reason) {
  return Status(Code::kUsage, "malformed connection string: " + reason + ".")
      .WithHint(
          "use postgresql://user@localhost:5432/app (percent-encode special characters in "
          "the password: @ is %40, / is %2F, : is %3A, % is %25) or key=value pairs like "
          "\"host=localhost dbname=app password='...'\".");
}

// libpq splits a URL's authority at the first '@' and stops it at the first '/', so an
// unencoded '@' or '/' in the password moves part of it into host, port or database name.
// Those never legitimately hold an '@' (or, for the port, anything but digits): refuse.
Status CheckUrlUnambiguous(const Options& opts) {
  for (const auto& [key, value] : opts) {
    bool bad = false;
    if (key == "host" || key == "hostaddr" || key == "dbname") {
      bad = value.find('@') != std::string::npos;
    } else if (key == "port") {
      bad = value.find_first_not_of("0123456789,") != std::string::npos;
    }
    if (bad) {
      return Malformed("its " + key +
                       " part is not valid, probably because the user name or "
                       "password holds an unencoded '@', '/' or ':'");
    }
  }
  return Status::Ok();
}

Result<Options> ParseOrdered(const std::string& conninfo) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(conninfo.c_str(), &err);
  if (!opts) {
    std::string msg = err ? base::Trim(err) : "out of memory";
    if (err) PQfreemem(err);
    return Malformed(SafeReason(conninfo, msg));
  }
  Options out;
  for (PQconninfoOption* o = opts; o->keyword; ++o) {
    if (o->val && *o->val) out.emplace_back(o->keyword, o->val);
  }
  PQconninfoFree(opts);
  if (IsUrl(conninfo)) PGCRATE_RETURN_IF_ERROR(CheckUrlUnambiguous(out));
  return out;
}

std::string PercentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string Find(const Options& opts, const std::string& key) {
  for (const auto& [k, v] : opts) {
    if (k == key) return v;
  }
  return "";
}

// A URL rebuilt from parsed options: user and a masked password in the authority, a plain
// host[:port] there too, the database as the path, everything else as query parameters.
std::string RebuildUrl(const Options& opts) {
  std::string host = Find(opts, "host"), port = Find(opts, "port");
  bool plain_host = !host.empty() && host.find_first_of(",/:") == std::string::npos;
  bool plain_port = plain_host && port.find(',') == std::string::npos;
  std::string out = "postgresql://" + PercentEncode(Find(opts, "user")) + ":********@";
  if (plain_host) out += host + (plain_port && !port.empty() ? ":" + port : "");
  out += "/" + PercentEncode(Find(opts, "dbname"));
  std::string query;
  for (const auto& [k, v] : opts) {
    if (k == "user" || k == "password" || k == "dbname" || (k == "host" && plain_host) ||
        (k == "port" && plain_port)) {
      continue;
    }
    query += (query.empty() ? "?" : "&") + k + "=" + PercentEncode(v);
  }
  return out + query;
}

std::string QuoteValue(const std::string& v) {
  if (!v.empty() && v.find_first_of(" \t\n\r'\\") == std::string::npos) return v;
  std::string out = "'";
  for (char c : v) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string RebuildKeyValue(const Options& opts) {
  std::string out;
  for (const auto& [k, v] : opts) {
    out += (out.empty() ? "" : " ") + k + "=" + (k == "password" ? "********" : QuoteValue(v));
  }
  return out;
}

}  // namespace

Result<std::map<std::string, std::string>> ParseConnInfo(const std::string& conninfo) {
  auto parsed = ParseOrdered(conninfo);
  if (!parsed.ok()) return parsed.status();
  return std::map<std::string, std::string>(parsed->begin(), parsed->end());
}

namespace {

// True when the string sets the password option at all, even to "" at the end: in
// `password=secret password=` the last one wins (no password), but the text still holds it.
bool SetsPassword(const std::string& conninfo) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(conninfo.c_str(), &err);
  if (err) PQfreemem(err);
  if (!opts) return true;
  bool set = false;
  for (PQconninfoOption* o = opts; o->keyword; ++o) {
    if (std::string_view(o->keyword) == "password" && o->val) set = true;
  }
  PQconninfoFree(opts);
  return set;
}

}  // namespace

std::string RedactConnInfo(const std::string& conninfo) {
  auto parsed = ParseOrdered(conninfo);
  if (!parsed.ok()) return kMalformedConnInfo;
  if (Find(*parsed, "password").empty() && !SetsPassword(conninfo)) return conninfo;
  return IsUrl(conninfo) ? RebuildUrl(*parsed) : RebuildKeyValue(*parsed);
}

bool LooksLikeConnInfo(std::string_view text) {
  std::string lower = base::ToLower(text);
  return base::StartsWith(lower, "postgresql://") || base::StartsWith(lower, "postgres://") ||
         lower.find("password=") != std::string::npos ||
         lower.find("password =") != std::string::npos;
}

std::string RedactConnInfoInText(std::string_view text) {
  std::string lower = base::ToLower(text);
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t a = lower.find("postgresql://", i), b = lower.find("postgres://", i);
    size_t start = std::min(a, b);
    if (start == std::string::npos) break;
    size_t end = text.find_first_of(" \t\r\n\"'`<>", start);
    if (end == std::string::npos) end = text.size();
    out += std::string(text.substr(i, start - i));
    out += RedactConnInfo(std::string(text.substr(start, end - start)));
    i = end;
  }
  if (i < text.size()) out += std::string(text.substr(i));
  return out;
}

ConnTarget ResolveConnTarget(const std::string& conninfo) {
  ConnTarget t;
  std::map<std::string, std::string> o;
  if (!conninfo.empty()) {
    auto parsed = ParseConnInfo(conninfo);
    if (!parsed.ok()) return t;
    o = std::move(parsed).value();
  }
  auto get = [&](const char* key, const char* env) {
    auto it = o.find(key);
    return it != o.end() ? it->second : base::GetEnv(env);
  };
  t.parsed = true;
  t.user = get("user", "PGUSER");
  t.host = get("host", "PGHOST");
  t.port = get("port", "PGPORT");
  t.dbname = get("dbname", "PGDATABASE");
  t.service = get("service", "PGSERVICE");
  return t;
}

std::string DescribeConnInfo(const std::string& conninfo) {
  ConnTarget t = ResolveConnTarget(conninfo);
  if (!t.parsed) return kMalformedConnInfo;
  std::string out;
  if (!t.service.empty()) out += "service=" + t.service + " ";
  if (!t.user.empty()) out += t.user + "@";
  out += t.host.empty() ? "localhost" : t.host;
  if (!t.port.empty()) out += ":" + t.port;
  out += "/" + (t.dbname.empty() ? std::string("(default)") : t.dbname);
  return out;
}

void RegisterConnInfoSecrets(const std::string& conninfo) {
  if (!conninfo.empty()) base::RegisterSensitive(conninfo, RedactConnInfo(conninfo));
}

Result<std::string> ConnInfoForDatabase(const std::string& conninfo, const std::string& database,
                                        std::string* password) {
  Options opts;
  if (!conninfo.empty()) {
    auto parsed = ParseOrdered(conninfo);
    if (!parsed.ok()) return parsed.status();
    opts = std::move(parsed).value();
  }
  std::string out;
  bool has_db = false;
  for (auto& [k, v] : opts) {
    if (k == "dbname" && !database.empty()) v = database;
    has_db |= k == "dbname";
    if (k == "password" && password != nullptr) {
      *password = v;
      continue;
    }
    out += (out.empty() ? "" : " ") + k + "=" + QuoteValue(v);
  }
  if (!has_db && !database.empty())
    out += (out.empty() ? "" : " ") + std::string("dbname=") + QuoteValue(database);
  return out;
}

}  // namespace pgcrate::pg

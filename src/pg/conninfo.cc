#include "pg/conninfo.h"

#include <libpq-fe.h>

#include "base/process.h"
#include "base/secrets.h"
#include "base/strings.h"

namespace pgcrate::pg {
namespace {

// For a URL that libpq cannot parse: the text between "user:" and "@" of the authority, so
// that even a malformed URL's password is never echoed back.
std::string PasswordInMalformedUrl(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return "";
  size_t start = scheme + 3;
  size_t at = url.rfind('@', url.find_first_of("/?", start));
  if (at == std::string::npos || at < start) return "";
  size_t colon = url.find(':', start);
  if (colon == std::string::npos || colon > at) return "";
  return url.substr(colon + 1, at - colon - 1);
}

}  // namespace

Result<std::map<std::string, std::string>> ParseConnInfo(const std::string& conninfo) {
  base::RegisterSecret(PasswordInMalformedUrl(conninfo));
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(conninfo.c_str(), &err);
  if (!opts) {
    std::string msg = err ? base::Trim(err) : "out of memory";
    if (err) PQfreemem(err);
    return Status(Code::kUsage, "malformed connection string: " + base::Redact(msg) + ".")
        .WithHint("use postgresql://user@host:port/dbname or key=value pairs like "
                  "\"host=localhost dbname=app\".");
  }
  std::map<std::string, std::string> out;
  for (PQconninfoOption* o = opts; o->keyword; ++o) {
    if (o->val && *o->val) out[o->keyword] = o->val;
  }
  PQconninfoFree(opts);
  if (auto it = out.find("password"); it != out.end()) base::RegisterSecret(it->second);
  return out;
}

void RegisterConnInfoSecrets(const std::string& conninfo) {
  base::RegisterSecret(base::GetEnv("PGPASSWORD"));
  if (!conninfo.empty()) (void)ParseConnInfo(conninfo);
}

std::string DescribeConnInfo(const std::string& conninfo) {
  std::map<std::string, std::string> o;
  if (!conninfo.empty()) {
    auto parsed = ParseConnInfo(conninfo);
    if (!parsed.ok()) return "(malformed connection string)";
    o = parsed.value();
  }
  auto get = [&](const char* key, const char* env) {
    auto it = o.find(key);
    if (it != o.end()) return it->second;
    return base::GetEnv(env);
  };
  std::string user = get("user", "PGUSER");
  std::string host = get("host", "PGHOST");
  std::string port = get("port", "PGPORT");
  std::string db = get("dbname", "PGDATABASE");
  std::string service = get("service", "PGSERVICE");
  std::string out;
  if (!service.empty()) out += "service=" + service + " ";
  if (!user.empty()) out += user + "@";
  out += host.empty() ? "localhost" : host;
  if (!port.empty()) out += ":" + port;
  out += "/" + (db.empty() ? std::string("(default)") : db);
  return base::Redact(out);
}

}  // namespace pgcrate::pg

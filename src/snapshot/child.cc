#include "snapshot/child.h"

#include "base/process.h"
#include "base/strings.h"
#include "pg/conninfo.h"

namespace pgcrate::snapshot {
namespace {

// The last lines of a child's stderr, at most ~2000 bytes, with connection strings redacted.
std::string Tail(const std::string& text) {
  std::string t = base::Trim(text);
  if (t.size() > 2000) t = "..." + t.substr(t.size() - 2000);
  return pg::RedactConnInfoInText(t);
}

std::string BaseName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

Result<ChildConn> ForChild(const std::string& conninfo, const std::string& database) {
  ChildConn c;
  std::string password;
  auto ci = pg::ConnInfoForDatabase(conninfo, database, &password);
  if (!ci.ok()) return ci.status();
  c.conninfo = std::move(ci).value();
  if (!password.empty()) c.env.push_back("PGPASSWORD=" + password);
  return c;
}

Result<std::string> RunChild(const std::vector<std::string>& argv, const ChildConn& conn) {
  base::ProcessOptions po;
  po.separate_stderr = true;
  po.env = conn.env;
  po.forward_interrupt = true;
  auto r = base::RunProcess(argv, po);
  if (!r.ok()) return r.status();
  if (r->exit_code != 0) {
    std::string program = BaseName(argv[0]);
    return Status(Code::kIo, program + " failed (exit " + std::to_string(r->exit_code) + ")" +
                                 (r->error_output.empty() ? "." : ":\n" + Tail(r->error_output)));
  }
  return r->output;
}

}  // namespace pgcrate::snapshot

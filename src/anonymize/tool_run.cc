#include "anonymize/tool_run.h"

#include "base/process.h"
#include "base/secrets.h"
#include "pg/conninfo.h"

namespace pgcrate::anonymize {
namespace {

struct ToolTarget {
  std::vector<std::string> args;  // "-d" conninfo-without-password, or nothing
  std::vector<std::string> env;   // PGPASSWORD=... when the conninfo had one
};

std::string QuoteValue(const std::string& v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

Result<ToolTarget> ForTool(const std::string& conninfo) {
  ToolTarget t;
  if (conninfo.empty()) return t;
  auto opts = pg::ParseConnInfo(conninfo);
  if (!opts.ok()) return opts.status();
  std::string kv;
  for (const auto& [key, value] : *opts) {
    if (key == "password") {
      t.env.push_back("PGPASSWORD=" + value);
      continue;
    }
    kv += (kv.empty() ? "" : " ") + key + "=" + QuoteValue(value);
  }
  t.args = {"-d", kv};
  return t;
}

std::string Tail(const std::string& text) {
  std::string t = text.size() > 2000 ? "..." + text.substr(text.size() - 2000) : text;
  while (!t.empty() && (t.back() == '\n' || t.back() == ' ')) t.pop_back();
  return base::Redact(t);
}

}  // namespace

Result<std::string> RunPgDump(const std::string& pg_dump, const std::string& conninfo,
                              const std::vector<std::string>& args) {
  auto target = ForTool(conninfo);
  if (!target.ok()) return target.status();
  std::vector<std::string> argv = {pg_dump};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.insert(argv.end(), target->args.begin(), target->args.end());
  base::ProcessOptions o;
  o.separate_stderr = true;
  o.env = target->env;
  auto r = base::RunProcess(argv, o);
  if (!r.ok()) return r.status();
  if (r->exit_code != 0) {
    return Status(Code::kIo, pg_dump + " failed (exit " + std::to_string(r->exit_code) +
                                 "): " + Tail(r->error_output));
  }
  return std::move(r->output);
}

Status RunPsqlScript(const std::string& psql, const std::string& conninfo,
                     const std::string& script, const std::string& what) {
  auto target = ForTool(conninfo);
  if (!target.ok()) return target.status();
  std::vector<std::string> argv = {
      psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction"};
  argv.insert(argv.end(), target->args.begin(), target->args.end());
  argv.insert(argv.end(), {"-f", "-"});
  base::ProcessOptions o;
  o.separate_stderr = true;
  o.env = target->env;
  o.env.push_back("PGOPTIONS=-c client_min_messages=warning");
  o.stdin_data = script;
  o.use_stdin = true;
  auto r = base::RunProcess(argv, o);
  if (!r.ok()) return r.status();
  if (r->exit_code != 0) {
    return Status(Code::kQuery, "loading the " + what + " into the target failed (" + psql +
                                    " exit " + std::to_string(r->exit_code) +
                                    "): " + Tail(r->error_output));
  }
  return Status::Ok();
}

}  // namespace pgcrate::anonymize

#include "snapshot/sessions.h"

#include <chrono>
#include <thread>

#include "base/interrupt.h"

namespace pgcrate::snapshot {
namespace {

constexpr const char* kOthers =
    "SELECT pid, coalesce(usename, ''), coalesce(application_name, '') FROM pg_stat_activity "
    "WHERE datname = $1 AND pid <> pg_backend_pid()";

Result<std::string> DescribeOthers(pg::Connection& admin, const std::string& database) {
  auto r = admin.Exec(kOthers, {database});
  if (!r.ok()) return r.status();
  std::string out;
  for (int i = 0; i < r->rows(); ++i) {
    out += (out.empty() ? "" : ", ") + std::string("pid ") + r->str(i, 0);
    if (!r->str(i, 1).empty()) out += " user " + r->str(i, 1);
    if (!r->str(i, 2).empty()) out += " (" + r->str(i, 2) + ")";
  }
  return out;
}

Status TerminateOthers(pg::Connection& admin, const std::string& database) {
  return admin
      .Exec(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
          "WHERE datname = $1 AND pid <> pg_backend_pid()",
          {database})
      .status();
}

bool Busy(const Status& st) { return st.sqlstate() == "55006" || st.sqlstate() == "55P03"; }

}  // namespace

Status RunAlone(pg::Connection& admin, const std::string& database, const WaitOptions& options,
                const std::function<Status()>& attempt) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(options.wait_seconds);
  bool told = false;
  for (;;) {
    if (options.terminate) PGCRATE_RETURN_IF_ERROR(TerminateOthers(admin, database));
    auto others = DescribeOthers(admin, database);
    if (!others.ok()) return others.status();
    // Wait here rather than in the statement: CREATE DATABASE itself waits 5 s per attempt.
    if (others->empty()) {
      Status st = attempt();
      if (st.ok() || !Busy(st)) return st;
    }
    if (std::chrono::steady_clock::now() >= deadline || base::Interrupted()) {
      return Status(Code::kConflict, "other sessions are still connected to database \"" +
                                         database + "\" after " +
                                         std::to_string(options.wait_seconds) + " s" +
                                         (others->empty() ? "" : ": " + *others) + ".")
          .WithHint(
              "close them (or pass --terminate to end them, or --wait SECONDS to wait "
              "longer).");
    }
    if (!told && options.progress && !others->empty()) {
      options.progress("waiting up to " + std::to_string(options.wait_seconds) +
                       " s for the other sessions on database \"" + database + "\" to end (" +
                       *others + "); --terminate ends them");
      told = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

Result<bool> DatabaseExists(pg::Connection& admin, const std::string& database) {
  auto r = admin.Exec("SELECT 1 FROM pg_database WHERE datname = $1", {database});
  if (!r.ok()) return r.status();
  return r->rows() > 0;
}

}  // namespace pgcrate::snapshot

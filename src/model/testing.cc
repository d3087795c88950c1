// RunTests: the compiled test queries shared out to `threads` workers, each on its own
// connection from the factory, pulling the next test from one counter. Outcomes keep the
// order of the tests, whatever order they finish in.
#include "model/testing.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "base/interrupt.h"

namespace pgcrate::model {
namespace {

struct Job {
  const Model* model = nullptr;
  std::string sql;
  size_t outcome = 0;
};

std::string Where(const TestOutcome& o) {
  return o.path + ":" + std::to_string(o.line) + ": " + o.model + " " + o.test + ": ";
}

// The server refused the test's query: say which relation or column is missing when that is it.
std::string ErrorMessage(const TestOutcome& o, const Model& m, const Status& st) {
  std::string msg = Where(o) + st.message();
  if (st.sqlstate() == "42P01") {
    msg += " (does " + m.Id() + " exist yet? `pgcrate model run` builds it)";
  } else if (st.sqlstate() == "42703") {
    msg += " (a test names a column of " + m.Id() + " or of the relation it references)";
  }
  return msg;
}

void RunOne(pg::Connection& conn, const Job& job, TestOutcome& out) {
  out.message.clear();
  auto started = std::chrono::steady_clock::now();
  auto res = conn.Exec(job.sql);
  out.elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  if (!res.ok()) {
    out.status = TestStatus::kError;
    out.message = ErrorMessage(out, *job.model, res.status());
    return;
  }
  out.failing_rows = res->rows() > 0 ? res->int64(0, 0) : 0;
  for (int r = 0; r < res->rows(); ++r) out.examples.push_back(res->str(r, 1));
  out.status = out.failing_rows > 0 ? TestStatus::kFail : TestStatus::kPass;
}

class Pool {
 public:
  Pool(const std::vector<Job>& jobs, std::vector<TestOutcome>& outcomes)
      : jobs_(jobs), outcomes_(outcomes) {}

  void Work(const ConnectionFactory& connect) {
    auto conn = connect();
    if (!conn.ok()) {
      std::lock_guard<std::mutex> lock(mu_);
      if (connect_error_.ok()) connect_error_ = conn.status();
      return;
    }
    for (size_t i = next_++; i < jobs_.size(); i = next_++) {
      if (base::Interrupted()) break;
      RunOne(**conn, jobs_[i], outcomes_[jobs_[i].outcome]);
      done_++;
    }
  }
  // OK when every job ran (or was stopped by an interrupt).
  Status Finish() const {
    if (done_.load() == jobs_.size() || base::Interrupted()) return Status::Ok();
    return connect_error_;
  }

 private:
  const std::vector<Job>& jobs_;
  std::vector<TestOutcome>& outcomes_;
  std::atomic<size_t> next_{0};
  std::atomic<size_t> done_{0};
  std::mutex mu_;
  Status connect_error_;
};

// One outcome per test; the jobs for those that compiled (the others are errors already).
std::vector<Job> Prepare(const std::vector<const Model*>& models,
                         std::vector<TestOutcome>& outcomes) {
  std::vector<Job> jobs;
  for (const Model* m : models) {
    for (const ModelTest& t : m->tests) {
      TestOutcome o;
      o.model = m->Id();
      o.test = t.Name();
      o.path = m->path;
      o.line = t.line;
      auto sql = CompileTest(*m, t);
      if (sql.ok()) {
        jobs.push_back({m, std::move(sql).value(), outcomes.size()});
        o.status = TestStatus::kError;
        o.message = "not run (interrupted)";  // until it runs
      } else {
        o.status = TestStatus::kError;
        o.message = sql.status().ToString();
      }
      outcomes.push_back(std::move(o));
    }
  }
  return jobs;
}

}  // namespace

const char* TestStatusName(TestStatus s) {
  switch (s) {
    case TestStatus::kPass:
      return "pass";
    case TestStatus::kFail:
      return "fail";
    case TestStatus::kError:
      return "error";
  }
  return "error";
}

Result<std::vector<TestOutcome>> RunTests(const std::vector<const Model*>& models,
                                          const TestRunOptions& options) {
  std::vector<TestOutcome> outcomes;
  std::vector<Job> jobs = Prepare(models, outcomes);
  if (jobs.empty()) return outcomes;
  Pool pool(jobs, outcomes);
  size_t n = std::min(jobs.size(), static_cast<size_t>(std::max(options.threads, 1)));
  std::vector<std::thread> workers;
  for (size_t i = 1; i < n; ++i) workers.emplace_back([&] { pool.Work(options.connect); });
  pool.Work(options.connect);
  for (std::thread& w : workers) w.join();
  PGCRATE_RETURN_IF_ERROR(pool.Finish());
  return outcomes;
}

}  // namespace pgcrate::model

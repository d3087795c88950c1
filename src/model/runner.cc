#include "model/runner.h"

#include <chrono>
#include <condition_variable>
#include <future>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "base/interrupt.h"
#include "base/strings.h"
#include "model/store.h"
#include "sql/quote.h"

namespace pgcrate::model {
namespace {

double MsSince(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

bool InSources(const Relation& r, const std::vector<std::string>& sources) {
  for (const std::string& s : sources) {
    if (s == r.Qualified() || s == r.schema + ".*") return true;
  }
  return false;
}

// Per model: why it may not run before building anything (undeclared model deps, relations
// that do not exist); one catalog query for all.
Result<std::map<size_t, Status>> Preflight(pg::Connection& conn, const Graph& g,
                                           const std::vector<size_t>& selected,
                                           const std::vector<std::string>& sources) {
  std::map<size_t, Status> refused;
  std::vector<DepsMismatch> mismatches = CheckDeps(g);
  for (const DepsMismatch& d : mismatches) {
    if (d.missing.empty()) continue;
    const Model& m = g.models()[d.model];
    refused[d.model] =
        Status(Code::kRefused, m.Id() + " reads the model(s) " + base::Join(d.missing, ", ") +
                                   " without declaring them in -- deps:")
            .WithLocation({m.path, m.deps_line > 0 ? m.deps_line : 1, 0})
            .WithObject(m.Id())
            .WithHint("run `pgcrate model lint deps --fix` to write the deps line");
  }
  std::set<Relation> outside;
  for (size_t i : selected) {
    for (const Relation& r : g.models()[i].reads) {
      if (g.Find(r.Qualified()) < 0 && !InSources(r, sources)) outside.insert(r);
    }
  }
  if (outside.empty()) return refused;
  nlohmann::json list = nlohmann::json::array();
  for (const Relation& r : outside) list.push_back({r.schema, r.name});
  auto res = conn.Exec(
      "SELECT e->>0, e->>1 FROM jsonb_array_elements($1::jsonb) e WHERE NOT EXISTS (SELECT 1 "
      "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = e->>0 "
      "AND c.relname = e->>1)",
      {list.dump()});
  if (!res.ok()) return res.status();
  std::set<Relation> missing;
  for (int i = 0; i < res->rows(); ++i) missing.insert({res->str(i, 0), res->str(i, 1)});
  for (size_t i : selected) {
    const Model& m = g.models()[i];
    for (const Relation& r : m.reads) {
      if (missing.count(r) == 0 || refused.count(i) != 0) continue;
      refused[i] = Status(Code::kNotFound, m.Id() + " reads " + r.Qualified() +
                                               ", which is neither a model nor an existing table "
                                               "or view (nor in [model] sources)")
                       .WithLocation({m.path, m.sql_line, 0})
                       .WithObject(m.Id());
    }
  }
  return refused;
}

class Scheduler {
 public:
  Scheduler(const Graph& g, const std::vector<size_t>& selected, const RunOptions& o,
            std::map<size_t, Status> refused)
      : g_(g), o_(o), refused_(std::move(refused)) {
    for (size_t k = 0; k < selected.size(); ++k) position_[selected[k]] = k;
    runs_.resize(selected.size());
    for (size_t k = 0; k < selected.size(); ++k) {
      runs_[k].index = selected[k];
      runs_[k].id = g.models()[selected[k]].Id();
      runs_[k].materialized = MaterializedName(g.models()[selected[k]].materialized);
    }
  }

  void Work(pg::Connection& conn) {
    for (;;) {
      size_t k = 0;
      if (!Next(k)) return;
      ModelRun& run = runs_[k];
      auto started = std::chrono::steady_clock::now();
      auto refused = refused_.find(run.index);
      Result<BuildOutcome> out = refused != refused_.end()
                                     ? Result<BuildOutcome>(refused->second)
                                     : BuildModel(conn, g_, run.index, {o_.full_refresh});
      run.elapsed_ms = MsSince(started);
      Finish(k, out);
    }
  }

  RunSummary Summary() {
    RunSummary s;
    s.models = runs_;
    for (const ModelRun& r : runs_) {
      s.succeeded += r.status == "success";
      s.failed += r.status == "error";
      s.skipped += r.status == "skipped" || r.status.empty();
    }
    s.interrupted = base::Interrupted();
    return s;
  }

 private:
  // The next model whose selected upstream all succeeded; false when nothing is left.
  bool Next(size_t& k) {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      if (base::Interrupted()) return false;
      bool pending = false;
      for (size_t j = 0; j < runs_.size(); ++j) {
        if (!runs_[j].status.empty() || started_.count(j) != 0) continue;
        pending = true;
        if (Ready(j)) {
          started_.insert(j);
          k = j;
          return true;
        }
      }
      if (!pending || running_ == 0) return false;
      cv_.wait(lock);
    }
  }

  bool Ready(size_t j) {
    for (size_t u : g_.upstream(runs_[j].index)) {
      auto p = position_.find(u);
      if (p != position_.end() && runs_[p->second].status != "success") return false;
    }
    ++running_;
    return true;
  }

  void Finish(size_t k, const Result<BuildOutcome>& out) {
    std::lock_guard<std::mutex> lock(mu_);
    --running_;
    ModelRun& run = runs_[k];
    if (out.ok()) {
      run.status = "success";
      run.action = out->action;
      run.rows = out->rows;
    } else {
      run.status = "error";
      run.error = out.status();
      SkipDownstream(k);
    }
    if (o_.on_done) o_.on_done(run);
    cv_.notify_all();
  }

  void SkipDownstream(size_t k) {
    for (size_t d : g_.Closure({runs_[k].index}, false)) {
      auto p = position_.find(d);
      if (p == position_.end() || p->second == k || !runs_[p->second].status.empty()) continue;
      runs_[p->second].status = "skipped";
      runs_[p->second].action = "upstream " + runs_[k].id + " failed";
      if (o_.on_done) o_.on_done(runs_[p->second]);
    }
  }

  const Graph& g_;
  const RunOptions& o_;
  std::map<size_t, Status> refused_;
  std::map<size_t, size_t> position_;
  std::vector<ModelRun> runs_;
  std::set<size_t> started_;
  int running_ = 0;
  std::mutex mu_;
  std::condition_variable cv_;
};

// The tracking table and the target schemas (created here, one at a time: concurrent CREATE
// SCHEMA IF NOT EXISTS of one name collide).
Status Prepare(pg::Connection& conn, const Graph& graph, const std::vector<size_t>& selected) {
  PGCRATE_RETURN_IF_ERROR(EnsureModelStore(conn));
  std::set<std::string> schemas;
  for (size_t i : selected) schemas.insert(graph.models()[i].schema);
  nlohmann::json list = nlohmann::json::array();
  for (const std::string& schema : schemas) list.push_back(schema);
  auto missing = conn.Exec(
      "SELECT s FROM jsonb_array_elements_text($1::jsonb) s WHERE NOT EXISTS (SELECT 1 FROM "
      "pg_namespace WHERE nspname = s)",
      {list.dump()});
  if (!missing.ok()) return missing.status();
  for (int i = 0; i < missing->rows(); ++i) {
    PGCRATE_RETURN_IF_ERROR(
        conn.Run("CREATE SCHEMA IF NOT EXISTS " + sql::QuoteIdent(missing->str(i, 0))));
  }
  return Status::Ok();
}

}  // namespace

Result<RunSummary> RunModels(const Graph& graph, const std::vector<size_t>& selected,
                             const RunOptions& options) {
  auto started = std::chrono::steady_clock::now();
  size_t workers =
      std::max<size_t>(1, std::min<size_t>(static_cast<size_t>(options.threads), selected.size()));
  std::vector<std::unique_ptr<pg::Connection>> conns;
  auto first = options.connect();
  if (!first.ok()) return first.status();
  conns.push_back(std::move(*first));
  // The other workers' connections open at once, while the first prepares the run.
  std::vector<std::future<Result<std::unique_ptr<pg::Connection>>>> opening;
  for (size_t i = 1; i < workers; ++i) {
    opening.push_back(std::async(std::launch::async, options.connect));
  }
  Status prepared = Prepare(*conns[0], graph, selected);
  for (auto& f : opening) {
    auto c = f.get();
    if (!c.ok() && prepared.ok()) prepared = c.status();
    if (c.ok()) conns.push_back(std::move(*c));
  }
  PGCRATE_RETURN_IF_ERROR(prepared);
  auto refused = Preflight(*conns[0], graph, selected, options.sources);
  if (!refused.ok()) return refused.status();
  Scheduler scheduler(graph, selected, options, std::move(*refused));
  std::vector<std::thread> threads;
  for (size_t i = 1; i < workers; ++i) {
    threads.emplace_back([&scheduler, &conns, i] { scheduler.Work(*conns[i]); });
  }
  scheduler.Work(*conns[0]);
  for (std::thread& t : threads) t.join();
  RunSummary s = scheduler.Summary();
  s.elapsed_ms = MsSince(started);
  return s;
}

}  // namespace pgcrate::model

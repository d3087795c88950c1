#include "app/model/test_command.h"

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "app/model/model_common.h"
#include "model/graph.h"
#include "model/testing.h"
#include "output/output.h"

namespace pgcrate::app {
namespace {

using Json = nlohmann::ordered_json;

Result<model::Graph> SelectedGraph(const std::string& dir) {
  auto models = model::DiscoverModels(dir);
  if (!models.ok()) return models.status();
  return model::Graph::Build(std::move(models).value());
}

std::string TestDuration(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, ms < 10 ? "%.1f ms" : "%.0f ms", ms);
  return buf;
}

struct Counts {
  size_t passed = 0, failed = 0, errors = 0;
};

Counts Count(const std::vector<model::TestOutcome>& outcomes) {
  Counts c;
  for (const model::TestOutcome& o : outcomes) {
    if (o.status == model::TestStatus::kPass) ++c.passed;
    if (o.status == model::TestStatus::kFail) ++c.failed;
    if (o.status == model::TestStatus::kError) ++c.errors;
  }
  return c;
}

Json Example(const std::string& text) {
  Json j = Json::parse(text, nullptr, false);
  return j.is_discarded() ? Json(text) : j;
}

void PrintJson(const Session& session, const std::vector<model::TestOutcome>& outcomes) {
  Counts c = Count(outcomes);
  Json tests = Json::array();
  for (const model::TestOutcome& o : outcomes) {
    Json examples = Json::array();
    for (const std::string& e : o.examples) examples.push_back(Example(e));
    tests.push_back({{"model", o.model},
                     {"test", o.test},
                     {"status", model::TestStatusName(o.status)},
                     {"failing_rows", o.failing_rows},
                     {"examples", examples},
                     {"elapsed_ms", o.elapsed_ms},
                     {"message", o.message},
                     {"path", o.path},
                     {"line", o.line}});
  }
  session.out().Json(
      {{"passed", c.passed}, {"failed", c.failed}, {"errors", c.errors}, {"tests", tests}});
}

// The failing rows of each failed test and the reason of each error, after the table.
std::string Details(const std::vector<model::TestOutcome>& outcomes) {
  std::string text;
  for (const model::TestOutcome& o : outcomes) {
    if (o.status == model::TestStatus::kFail) {
      bool more = o.failing_rows > static_cast<int64_t>(o.examples.size());
      text += "\nFAIL " + o.model + " " + o.test + " (" + o.path + ":" + std::to_string(o.line) +
              "): " + std::to_string(o.failing_rows) + " failing row(s)" +
              (more ? ", first " + std::to_string(o.examples.size()) : "") + ":\n";
      for (const std::string& e : o.examples) text += "  " + e + "\n";
    } else if (o.status == model::TestStatus::kError) {
      text += "\nERROR " + o.message + "\n";
    }
  }
  return text;
}

void PrintText(const Session& session, const std::vector<model::TestOutcome>& outcomes,
               double total_ms) {
  if (outcomes.empty()) {
    session.out().Data("No model tests found (add `-- tests:` lines to the models).\n");
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const model::TestOutcome& o : outcomes) {
    bool ran = o.status != model::TestStatus::kError;
    rows.push_back({o.model, o.test, model::TestStatusName(o.status),
                    ran ? std::to_string(o.failing_rows) : "",
                    ran ? TestDuration(o.elapsed_ms) : ""});
  }
  std::string text =
      output::RenderTable({"model", "test", "result", "failing rows", "time"}, rows, false);
  text += Details(outcomes);
  Counts c = Count(outcomes);
  text += "\n" + std::to_string(c.passed) + " passed, " + std::to_string(c.failed) + " failed, " +
          std::to_string(c.errors) + " error(s) in " + TestDuration(total_ms) + "\n";
  session.out().Data(text);
}

}  // namespace

Status RunModelTest(Session& session, const ModelTestOptions& options, bool& passed) {
  auto started = std::chrono::steady_clock::now();
  auto dir = RequireModelsDir(session, options.init);
  if (!dir.ok()) return dir.status();
  auto graph = SelectedGraph(*dir);
  if (!graph.ok()) return graph.status();
  auto selected = graph->Select(options.select);
  if (!selected.ok()) return selected.status();
  std::vector<const model::Model*> models;
  for (size_t i : *selected) models.push_back(&graph->models()[i]);

  // The config is loaded (RequireModelsDir), so the workers may open their connections at once.
  model::TestRunOptions run;
  run.threads = options.threads;
  run.connect = [&session]() { return session.OpenConnection(); };
  auto outcomes = model::RunTests(models, run);
  if (!outcomes.ok()) return outcomes.status();
  Counts c = Count(*outcomes);
  passed = c.failed == 0 && c.errors == 0;
  if (session.out().json()) {
    PrintJson(session, *outcomes);
  } else {
    PrintText(session, *outcomes,
              std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
                  .count());
  }
  return Status::Ok();
}

}  // namespace pgcrate::app

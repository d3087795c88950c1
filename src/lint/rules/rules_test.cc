// Runs every rule on its fixtures: rules/testdata/<rule-id>/ok/*.sql must give no finding of
// that rule, err/*.sql must give at least one and match err/<name>.golden (the text report
// and the JSON). PGCRATE_UPDATE_GOLDEN=1 rewrites the goldens. A file named like a migration
// (20250101000000_x.sql) is linted as one (up section, down, no-transaction directive).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "base/files.h"
#include "lint/linter.h"
#include "lint/registry.h"
#include "lint/render.h"
#include "lint/sources.h"
#include "migrate/migration_file.h"

namespace pgcrate::lint {
namespace {

namespace fs = std::filesystem;

const fs::path kRoot = fs::path(PGCRATE_SOURCE_DIR) / "src/lint/rules";

std::string ReadFixture(const fs::path& p) {
  auto text = base::ReadFile(p.string());
  return text.ok() ? *text : "";
}

LintFile Load(const fs::path& p) {
  std::string content = ReadFixture(p);
  std::string rel = fs::relative(p, kRoot).string();
  std::string version, name;
  if (migrate::ParseMigrationFileName(p.filename().string(), version, name).ok()) {
    auto f = MigrationLintFile(rel, content);
    EXPECT_TRUE(f.ok()) << f.status().ToString();
    if (f.ok()) return std::move(f).value();
  }
  LintFile f;
  f.path = rel;
  f.content = content;
  return f;
}

LintReport LintOnly(const std::string& rule, const LintFile& f) {
  LintOptions o;
  for (const Rule* r : AllRules()) {
    if (r->id != rule) o.disabled.insert(r->id);
  }
  o.settings.naming = {{"index", "idx_{table}_{columns}"}, {"foreign_key", "fk_{table}_{columns}"}};
  return Lint({f}, o);
}

std::vector<fs::path> Sql(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".sql") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(LintRules, EveryRuleHasFixturesAndDocs) {
  for (const Rule* r : AllRules()) {
    fs::path dir = kRoot / "testdata" / r->id;
    EXPECT_FALSE(Sql(dir / "ok").empty()) << r->id << " has no ok fixture";
    EXPECT_FALSE(Sql(dir / "err").empty()) << r->id << " has no err fixture";
    EXPECT_TRUE(
        fs::exists(fs::path(PGCRATE_SOURCE_DIR) / "docs/rules" / (std::string(r->id) + ".md")))
        << r->id << " has no docs/rules page";
    EXPECT_NE(std::string(r->safe_alternative), "") << r->id;
  }
}

TEST(LintRules, OkFixturesHaveNoFinding) {
  for (const Rule* r : AllRules()) {
    for (const auto& p : Sql(kRoot / "testdata" / r->id / "ok")) {
      LintReport rep = LintOnly(r->id, Load(p));
      EXPECT_TRUE(rep.findings.empty()) << p << ":\n" << RenderText(rep, false);
    }
  }
}

TEST(LintRules, ErrFixturesMatchGoldens) {
  bool update = std::getenv("PGCRATE_UPDATE_GOLDEN") != nullptr;
  for (const Rule* r : AllRules()) {
    for (const auto& p : Sql(kRoot / "testdata" / r->id / "err")) {
      LintReport rep = LintOnly(r->id, Load(p));
      EXPECT_FALSE(rep.findings.empty()) << p << " gave no " << r->id << " finding";
      std::string got = RenderText(rep, false) + "--- json ---\n" + RenderJson(rep) + "\n";
      fs::path golden = p;
      golden.replace_extension(".golden");
      if (update) {
        std::ofstream(golden) << got;
        continue;
      }
      ASSERT_TRUE(fs::exists(golden)) << golden << " missing; run with PGCRATE_UPDATE_GOLDEN=1";
      EXPECT_EQ(got, ReadFixture(golden)) << p;
    }
  }
}

}  // namespace
}  // namespace pgcrate::lint

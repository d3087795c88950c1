// The check table, thresholds from [dba.<check>], and rendering — no database needed.
#include "dba/registry.h"

#include <gtest/gtest.h>

#include <set>

#include "app/dba/render.h"
#include "config/config.h"
#include "dba/runner.h"

namespace pgcrate::dba {
namespace {

TEST(DbaRegistry, EveryCheckIsUniqueDocumentedAndKnownToTheConfig) {
  std::set<std::string> ids;
  std::string toml;
  for (const CheckDescriptor* c : AllChecks()) {
    EXPECT_TRUE(ids.insert(c->id).second) << c->id;
    EXPECT_NE(c->run, nullptr);
    EXPECT_FALSE(c->summary.empty());
    EXPECT_EQ(FindCheck(c->id), c);
    toml += "[dba." + c->id + "]\n";
    for (const Threshold& t : c->thresholds) toml += t.name + " = 1\n";
  }
  EXPECT_EQ(ids.size(), 21u);
  // Every check id is a section pgcrate.toml accepts (no "unknown key" warning).
  auto cfg = config::ParseConfig(toml, "pgcrate.toml");
  ASSERT_TRUE(cfg.ok()) << cfg.status().ToString();
  EXPECT_TRUE(cfg->warnings.empty()) << cfg->warnings.front();
  EXPECT_EQ(FindCheck("nope"), nullptr);
  for (const CheckDescriptor* c : TriageChecks()) EXPECT_NE(FindCheck(c->id), nullptr);
}

TEST(DbaThresholds, ConfigOverridesDefaultsAndWarnsOnUnknownNames) {
  auto cfg = config::ParseConfig(
      "[dba.sequences]\nwarning_pct = 60\ncritical_pct = 80.5\nwarn_pct = 1\n", "p.toml");
  ASSERT_TRUE(cfg.ok()) << cfg.status().ToString();
  std::vector<std::string> warnings;
  Thresholds t = ResolveThresholds(*FindCheck("sequences"), cfg->dba_thresholds, warnings);
  EXPECT_DOUBLE_EQ(t.Get("warning_pct"), 60);
  EXPECT_DOUBLE_EQ(t.Get("critical_pct"), 80.5);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("unknown threshold 'warn_pct' in [dba.sequences]"), std::string::npos);
  Thresholds locks = ResolveThresholds(*FindCheck("locks"), cfg->dba_thresholds, warnings);
  EXPECT_DOUBLE_EQ(locks.Get("blocked_critical_seconds"), 60);  // default untouched
}

TEST(DbaThresholds, BadValuesAreConfigErrorsWithLocation) {
  auto str = config::ParseConfig("[dba.sequences]\nwarning_pct = \"high\"\n", "p.toml");
  ASSERT_FALSE(str.ok());
  EXPECT_EQ(str.status().location().line, 2);
  auto flat = config::ParseConfig("[dba]\nsequences = 5\n", "p.toml");
  EXPECT_FALSE(flat.ok());
  auto typo = config::ParseConfig("[dba.sequencs]\nwarning_pct = 5\n", "p.toml");
  ASSERT_TRUE(typo.ok());
  ASSERT_EQ(typo->warnings.size(), 1u);
  EXPECT_NE(typo->warnings[0].find("did you mean 'sequences'"), std::string::npos);
}

TEST(DbaHelpers, GradeAndFormat) {
  EXPECT_EQ(Grade(74.9, 75, 90), Severity::kOk);
  EXPECT_EQ(Grade(75, 75, 90), Severity::kWarning);
  EXPECT_EQ(Grade(95, 75, 90), Severity::kCritical);
  EXPECT_EQ(HumanBytes(512), "512 bytes");
  EXPECT_EQ(HumanBytes(1536), "1.5 kB");
  EXPECT_EQ(HumanSeconds(59), "59s");
  EXPECT_EQ(HumanSeconds(3725), "1h 2m");
}

TEST(DbaRender, ReportJsonAndTextCarryFindingsAndFixes) {
  CheckReport r;
  r.check = "sequences";
  r.summary = "1 sequence";
  Finding f;
  f.kind = "sequence_exhaustion";
  f.severity = Severity::kCritical;
  f.object = "public.s";
  f.message = "95.0% of its range used";
  f.action = "upgrade";
  f.fix = Fix{"pgcrate dba fix sequence public.s", "ALTER SEQUENCE public.s AS bigint;", "low"};
  r.Add(f);
  EXPECT_EQ(r.status, Severity::kCritical);
  auto j = ReportJson(r, true);
  EXPECT_EQ(j["status"], "critical");
  EXPECT_EQ(j["findings"][0]["fix"]["risk"], "low");
  EXPECT_FALSE(ReportJson(r, false)["findings"][0].contains("fix"));
  std::string text = ReportText(r, true);
  EXPECT_NE(text.find("sequences: CRITICAL - 1 sequence"), std::string::npos) << text;
  EXPECT_NE(text.find("CRITICAL public.s: 95.0% of its range used"), std::string::npos) << text;
  CheckReport skipped;
  skipped.check = "queries";
  skipped.Skip("needs pg_stat_statements");
  EXPECT_EQ(ReportJson(skipped, false)["status"], "skipped");
  EXPECT_EQ(StatusLabel(skipped), "SKIPPED");
}

}  // namespace
}  // namespace pgcrate::dba

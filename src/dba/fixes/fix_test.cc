// The fix engine's pure parts: the action words of a plan and the --verify narrowing.
#include "dba/fixes/fix.h"

#include <gtest/gtest.h>

namespace pgcrate::dba {
namespace {

TEST(DbaFixEngine, FixActionQuotesTheObject) {
  FixPlan p;
  p.kind = "index";
  p.object = "public.\"my idx\"";
  EXPECT_EQ(FixAction(p), "dba fix index 'public.\"my idx\"'");
}

TEST(DbaFixEngine, VerifyReportKeepsOnlyTheFixedObject) {
  FixPlan p;
  p.object = "public.s";
  CheckReport r;
  r.check = "sequences";
  r.columns = {"sequence"};
  r.rows = {{"public.s"}, {"public.t"}};
  Finding other;
  other.object = "public.t";
  other.severity = Severity::kCritical;
  r.Add(other);
  CheckReport clean = VerifyReport(r, p);
  EXPECT_EQ(clean.status, Severity::kOk);
  EXPECT_TRUE(clean.findings.empty());
  EXPECT_TRUE(clean.rows.empty());
  EXPECT_EQ(clean.summary, "no findings left for public.s");
  Finding mine;
  mine.object = "public.s";
  mine.severity = Severity::kWarning;
  r.Add(mine);
  CheckReport left = VerifyReport(r, p);
  EXPECT_EQ(left.status, Severity::kWarning);
  ASSERT_EQ(left.findings.size(), 1u);
  EXPECT_EQ(left.summary, "1 findings remain for public.s");
}

}  // namespace
}  // namespace pgcrate::dba

// lint::Lint's report as a whole: the order of its findings and its counts.
#include "lint/linter.h"

#include <gtest/gtest.h>

#include "lint/sources.h"
#include "migrate/migration_file.h"

namespace pgcrate::lint {
namespace {

LintReport LintSql(const std::string& sql) {
  LintFile f;
  f.path = "x.sql";
  f.content = sql;
  f.sql = sql;
  return Lint({f}, LintOptions{});
}

// Found by fuzz/lint_sql_fuzz.cc: a file-level rule (mixed-non-transactional, at 1:1) came
// after the statement rules' findings when no finding was deferred, because the report was
// only sorted when one was.
TEST(Linter, FindingsAreInFileOrderWithoutDeferredOnes) {
  LintReport r = LintSql("CLUSTER;\nVACUUM (FULL, ANALYZE);\n");
  ASSERT_GE(r.findings.size(), 2u);
  bool file_level = false;
  for (size_t i = 0; i < r.findings.size(); ++i) {
    const Finding& f = r.findings[i];
    file_level = file_level || f.rule_id == "mixed-non-transactional";
    if (i == 0) continue;
    const Finding& p = r.findings[i - 1];
    EXPECT_TRUE(p.line < f.line || (p.line == f.line && p.column <= f.column))
        << p.rule_id << " at " << p.line << ":" << p.column << " before " << f.rule_id << " at "
        << f.line << ":" << f.column;
  }
  EXPECT_TRUE(file_level);
  EXPECT_EQ(r.errors + r.warnings, r.findings.size());
}

// Found by fuzz/lint_sql_fuzz.cc: in a file whose lines end in a lone \r (as PostgreSQL's
// scanner and migration files count them) findings pointed at line 1 and showed the whole
// file as its source line, or at a line past the end in a migration's up section.
TEST(Linter, LoneCarriageReturnsEndLines) {
  for (const char* eol : {"\r", "\r\n", "\n"}) {
    std::string sql = std::string("SELECT 1;") + eol + "CREATE TABLE t (id int);" + eol;
    LintReport r = LintSql(sql);
    ASSERT_EQ(r.findings.size(), 1u) << sql;
    const Finding& f = r.findings.front();
    EXPECT_EQ(f.rule_id, "prefer-bigint-over-int");
    EXPECT_EQ(f.line, 2) << sql;
    EXPECT_EQ(f.source_line, "CREATE TABLE t (id int);") << sql;
  }
}

// Found by fuzz/lint_sql_fuzz.cc: a migration reading only `-- UP` (no line break after it)
// has an empty up section on line 2 of a one-line file; missing-down pointed there.
TEST(Linter, AFindingAtTheEndOfAFileWithoutALastLineBreakIsOnItsLastLine) {
  const std::string content = "-- UP";
  auto m = migrate::ParseMigrationFile("20250101000000_x.sql", content);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  LintReport r = Lint({FromMigration(*m, content)}, LintOptions{});
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].rule_id, "missing-down");
  EXPECT_EQ(r.findings[0].line, 1);
  EXPECT_EQ(r.findings[0].column, 6);
  EXPECT_EQ(r.findings[0].source_line, "-- UP");
}

// Found by fuzz/lint_sql_fuzz.cc (a syntax-error column past the end of its line): the
// parser's error position counts characters and was used as a byte offset.
TEST(Linter, SyntaxErrorColumnAfterMultibyteCharacters) {
  LintReport r = LintSql("SELECT 'é', '€' FROM;");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].rule_id, "syntax-error");
  EXPECT_EQ(r.findings[0].column, 24);  // the ';', in bytes
}

}  // namespace
}  // namespace pgcrate::lint

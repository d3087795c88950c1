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

// Ignore comments are read before the file is parsed (statements are checked as they are
// parsed); they still never silence the syntax error of a file that does not parse.
TEST(Linter, AnIgnoreCommentDoesNotSilenceASyntaxError) {
  LintReport r = LintSql("-- pgcrate-lint: ignore all\nSELEC 1;\n");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].rule_id, "syntax-error");
}

// Statements are linted as they are parsed, a 64 KiB piece at a time (issue 10 #17): rules
// that depend on a later statement decide when it comes, or at the file's end, across pieces.

// `n` filler statements (about 30 bytes each) that no rule flags.
std::string Filler(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += "INSERT INTO filler VALUES (" + std::to_string(i) + ");\n";
  return out;
}

// A migration `20250101000000_x.sql` with `header` lines (directives), up section `up` (line 3
// of the file is its first line) and a down section.
LintReport LintMigration(const std::string& header, const std::string& up) {
  std::string content = header + "\n-- up\n" + up + "-- down\nSELECT 1;\n";
  auto f = MigrationLintFile("20250101000000_x.sql", content);
  EXPECT_TRUE(f.ok()) << f.status().ToString();
  return f.ok() ? Lint({std::move(f).value()}, LintOptions{}) : LintReport{};
}

// The lines of the findings of `rule`.
std::vector<int> LinesOf(const LintReport& r, std::string_view rule) {
  std::vector<int> out;
  for (const auto& f : r.findings) {
    if (f.rule_id == rule) out.push_back(f.line);
  }
  return out;
}

constexpr int kFiller = 6000;          // about 180 KB: several pieces
const int kAfterFiller = kFiller + 4;  // the file line after the filler

TEST(Linter, FindingsDecidedLaterInABigFileAcrossPieces) {
  // A session-level SET is undone by a RESET 180 KB later; another is never undone.
  LintReport set = LintMigration("", "SET search_path = app;\nSET work_mem = '1GB';\n" +
                                         Filler(kFiller) + "RESET search_path;\n");
  EXPECT_EQ(LinesOf(set, "session-level-set"), std::vector<int>{4});
  // A backfill is flagged when a DDL lock on an existing table comes at the end of its
  // transaction, with the backfill's own line, and silenced by an ignore comment on it.
  std::string backfill = "UPDATE accounts SET plan = 'free';\n" + Filler(kFiller) +
                         "ALTER TABLE accounts ADD COLUMN note text;\n";
  EXPECT_EQ(LinesOf(LintMigration("", backfill), "unbatched-backfill"), std::vector<int>{3});
  EXPECT_TRUE(LinesOf(LintMigration("", "-- pgcrate-lint: ignore unbatched-backfill\n" + backfill),
                      "unbatched-backfill")
                  .empty());
  // ... but not when the transaction ended before the DDL (a no-transaction migration's block).
  std::string blocks = "BEGIN;\nUPDATE accounts SET plan = 'free';\n" + Filler(kFiller) +
                       "COMMIT;\nBEGIN;\nALTER TABLE accounts ADD COLUMN note text;\nCOMMIT;\n";
  LintReport nt = LintMigration("-- pgcrate: no-transaction", blocks);
  EXPECT_TRUE(LinesOf(nt, "unbatched-backfill").empty());
  EXPECT_TRUE(LinesOf(nt, "transaction-control").empty());
  // A BEGIN that nothing closes before the end, 180 KB later; a CREATE INDEX CONCURRENTLY inside
  // that block names the BEGIN's line.
  LintReport open = LintMigration(
      "-- pgcrate: no-transaction",
      "BEGIN;\n" + Filler(kFiller) + "CREATE INDEX CONCURRENTLY i ON accounts (plan);\n");
  EXPECT_EQ(LinesOf(open, "transaction-control"), std::vector<int>{3});
  EXPECT_EQ(LinesOf(open, "missing-no-transaction"), std::vector<int>{kAfterFiller});
  for (const auto& f : open.findings) {
    if (f.rule_id == "missing-no-transaction") {
      EXPECT_NE(f.message.find("BEGIN at line 3"), std::string::npos) << f.message;
    }
  }
  EXPECT_EQ(LinesOf(open, "mixed-non-transactional"), std::vector<int>{kAfterFiller});
}

// A syntax error after the first pieces: the file's only finding is the error, at its line,
// and what its parsed statements created is forgotten (a later file's CREATE INDEX on the
// table is on an existing table again).
TEST(Linter, ASyntaxErrorLateInABigFileTakesBackWhatTheFileDid) {
  LintFile a, b;
  a.path = "1.sql";
  a.content = "CREATE TABLE orders (id bigint PRIMARY KEY);\nUPDATE accounts SET plan = 1;\n" +
              Filler(kFiller) + "SELEC 1;\n";
  b.path = "2.sql";
  b.content = "CREATE INDEX idx_orders_id ON orders (id);\n";
  LintReport r = Lint({a, b}, LintOptions{});
  ASSERT_EQ(r.findings.size(), 2u);
  EXPECT_EQ(r.findings[0].rule_id, "syntax-error");
  EXPECT_EQ(r.findings[0].line, kFiller + 3);
  EXPECT_EQ(r.findings[1].rule_id, "require-concurrent-index-creation");
  EXPECT_EQ(r.errors + r.warnings, 2u);
  EXPECT_EQ(r.statements, 1u);
}

}  // namespace
}  // namespace pgcrate::lint

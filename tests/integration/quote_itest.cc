// The one identifier-quoting function (sql::QuoteIdent) against the server's quote_ident():
// every keyword the running server knows, and names that need quoting for other reasons. And
// the index `dba explain` suggests for a reserved-word table and column runs as written.
#include "dba_itest.h"
#include "sql/quote.h"

namespace pgcrate::testing {
namespace {

class QuoteTest : public PgTest {};

TEST_F(QuoteTest, QuoteIdentMatchesTheServerForEveryKeywordAndOddName) {
  auto words = conn().Exec("SELECT word FROM pg_get_keywords() ORDER BY word");
  ASSERT_TRUE(words.ok()) << words.status().ToString();
  std::vector<std::string> names = {"users", "Users",       "a\"b",       "1x",  "_x1",
                                    "x$",    "caf\xc3\xa9", "with space", "",    "\"",
                                    "a.b",   "select",      "user",       "name"};
  for (int i = 0; i < words->rows(); ++i) names.push_back(words->str(i, 0));
  ASSERT_GT(names.size(), 400u);
  for (const std::string& n : names) {
    auto server = conn().Exec("SELECT quote_ident($1)", {n});
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    // The keyword list is the union over the supported versions, so a word that is a keyword
    // only on some of them (json: unreserved on 16, not on 14/15, col_name on 17+) is quoted
    // everywhere: safe, and the only accepted difference.
    bool keyword_elsewhere = server->str(0, 0) == n && sql::IsReservedKeyword(n);
    if (!keyword_elsewhere) {
      EXPECT_EQ(sql::QuoteIdent(n), server->str(0, 0)) << "identifier: " << n;
    }
    EXPECT_EQ(sql::QuoteLiteral(n), Scalar("SELECT quote_literal(" + sql::QuoteLiteral(n) + ")"))
        << "literal: " << n;
  }
}

TEST_F(QuoteTest, ExplainSuggestsAnIndexThatRunsOnReservedWordNames) {
  Exec("CREATE TABLE \"order\" (id int PRIMARY KEY, \"user\" int, note text)");
  Exec("INSERT INTO \"order\" SELECT g, g % 5000, 'n' FROM generate_series(1, 200000) g");
  Exec("ANALYZE \"order\"");
  DbaRun r = RunDba(url(), {"--json", "dba", "explain",
                            "SELECT * FROM \"order\" WHERE \"user\" = 5", "--include-actions"});
  ASSERT_EQ(r.exit_code, 2) << r.out << r.err;
  auto idx = Findings(r.doc, "missing_index_on_filter");
  ASSERT_EQ(idx.size(), 1u) << r.out;
  ASSERT_TRUE(idx[0]["fix"]["sql"].is_string()) << r.out;
  std::string sql = idx[0]["fix"]["sql"];
  EXPECT_EQ(sql, "CREATE INDEX CONCURRENTLY ON public.\"order\" (\"user\");");
  Exec(sql);
  EXPECT_EQ(Scalar("SELECT count(*) FROM pg_indexes WHERE tablename = 'order'"), "2");
}

}  // namespace
}  // namespace pgcrate::testing

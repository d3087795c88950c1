#include "anonymize/stream.h"

#include <gtest/gtest.h>

#include "anonymize/check.h"
#include "pg/copy_text.h"

namespace pgcrate::anonymize {
namespace {

Table Users() {
  Table t{"public", "users", {}};
  t.root_schema = "public";
  t.root_name = "users";
  t.columns.push_back({"id", "integer", TypeClass::kInteger});
  t.columns.push_back({"email", "text", TypeClass::kText});
  t.columns.push_back({"note", "text", TypeClass::kText});
  t.columns[1].unique = true;
  return t;
}

RuleSet Rules(const std::vector<RuleEntry>& entries) {
  auto r = ParseRules(entries, "pgcrate.toml");
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return *r;
}

std::string Stream(const std::string& data, size_t piece, KeyedHash& h) {
  auto s =
      TableStream::Create(Users(), Rules({{"public.users.email", "email", 2}}), "pgcrate.toml", h);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  std::string out;
  for (size_t i = 0; i < data.size(); i += piece) {
    Status st = (*s)->Feed(std::string_view(data).substr(i, piece), out);
    EXPECT_TRUE(st.ok()) << st.ToString();
  }
  EXPECT_TRUE((*s)->Finish(out).ok());
  return out;
}

TEST(AnonymizeStream, TransformsRowsInAnySplitAndPassesOtherColumnsThrough) {
  auto h = KeyedHash::Create("salt");
  ASSERT_TRUE(h.ok());
  std::string data =
      "1\ta@x.test\tline\\none\\ttab\n2\t\\N\t\\\\N\n3\ta@x.test\t\n4\tb\\\\@x.test\tz\n";
  std::string whole = Stream(data, data.size(), **h);
  for (size_t piece : {1, 2, 3, 7, 13}) EXPECT_EQ(Stream(data, piece, **h), whole) << piece;
  std::vector<std::string> rows;
  size_t start = 0;
  for (size_t nl; (nl = whole.find('\n', start)) != std::string::npos; start = nl + 1) {
    rows.push_back(whole.substr(start, nl - start));
  }
  ASSERT_EQ(rows.size(), 4u);
  std::vector<std::string_view> f1, f2, f3;
  pg::SplitCopyRow(rows[0], f1);
  pg::SplitCopyRow(rows[1], f2);
  pg::SplitCopyRow(rows[2], f3);
  EXPECT_EQ(f1[0], "1");
  EXPECT_NE(f1[1], "a@x.test");
  EXPECT_EQ(f1[1], f3[1]);               // same input, same output
  EXPECT_EQ(f1[2], "line\\none\\ttab");  // untouched bytes
  EXPECT_TRUE(pg::IsCopyNull(f2[1]));    // NULL stays NULL
  EXPECT_EQ(f2[2], "\\\\N");
}

TEST(AnonymizeStream, BadDataAndRulesAreErrors) {
  auto h = KeyedHash::Create("salt");
  ASSERT_TRUE(h.ok());
  auto s = TableStream::Create(Users(), Rules({{"public.users.email", "email", 2}}), "p.toml", **h);
  ASSERT_TRUE(s.ok());
  std::string out;
  Status st = (*s)->Feed("1\tonly-two\n", out);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("public.users, row 1"), std::string::npos) << st.message();
  std::string partial;
  auto s2 = TableStream::Create(Users(), Rules({}), "p.toml", **h);
  ASSERT_TRUE(s2.ok());
  EXPECT_FALSE((*s2)->Transforms());
  ASSERT_TRUE((*s2)->Feed("1\ta\tb", partial).ok());
  EXPECT_FALSE((*s2)->Finish(partial).ok());

  auto missing =
      TableStream::Create(Users(), Rules({{"public.users.mail", "email", 9}}), "p.toml", **h);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().location().line, 9);
  EXPECT_NE(missing.status().message().find("no column mail"), std::string::npos);
  auto unfit =
      TableStream::Create(Users(), Rules({{"public.users.id", "email", 4}}), "p.toml", **h);
  ASSERT_FALSE(unfit.ok());
  EXPECT_NE(unfit.status().ToString().find("p.toml:4"), std::string::npos);
  EXPECT_NE(unfit.status().message().find("column id (integer)"), std::string::npos);
}

TEST(AnonymizeCheck, FindsPersonalDataColumnsWithoutRulesAndStaleRules) {
  EXPECT_NE(PersonalDataReason("email", "text"), "");
  EXPECT_NE(PersonalDataReason("contactEmailAddress", "text"), "");
  EXPECT_NE(PersonalDataReason("last_login_ip", "text"), "");
  EXPECT_NE(PersonalDataReason("date_of_birth", "date"), "");
  EXPECT_NE(PersonalDataReason("iban", "text"), "");
  EXPECT_NE(PersonalDataReason("password_hash", "text"), "");
  EXPECT_NE(PersonalDataReason("client", "inet"), "");
  EXPECT_EQ(PersonalDataReason("zipped_size", "bigint"), "");
  EXPECT_EQ(PersonalDataReason("description", "text"), "");
  EXPECT_EQ(PersonalDataReason("ship_date", "date"), "");
  EXPECT_EQ(PersonalDataReason("email_verified", "boolean"), "");

  std::vector<Table> tables = {Users()};
  auto result = CheckCoverage(tables, Rules({{"public.users.note", "lorem", 2},
                                             {"public.users.phone", "phone", 3},
                                             {"public.orders.x", "keep", 4}}));
  ASSERT_EQ(result.uncovered.size(), 1u);
  EXPECT_EQ(result.uncovered[0].column, "email");
  ASSERT_EQ(result.stale.size(), 2u);
  EXPECT_EQ(result.stale[0].reason, "no column phone in public.users");
  EXPECT_EQ(result.stale[1].reason, "no table public.orders");
  EXPECT_FALSE(result.ok());
  EXPECT_TRUE(CheckCoverage(tables, Rules({{"public.users.email", "email", 2}})).ok());
}

}  // namespace
}  // namespace pgcrate::anonymize

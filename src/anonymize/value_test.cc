#include "anonymize/value.h"

#include <gtest/gtest.h>

#include <set>

#include "anonymize/fake.h"
#include "anonymize/strategy.h"

namespace pgcrate::anonymize {
namespace {

std::unique_ptr<KeyedHash> Hash(const std::string& salt = "test-salt") {
  auto h = KeyedHash::Create(salt);
  EXPECT_TRUE(h.ok());
  return std::move(h).value();
}

Column TextColumn(int max = -1, bool unique = false) {
  Column c{"c", max < 0 ? "text" : "character varying(" + std::to_string(max) + ")",
           TypeClass::kText, max};
  c.unique = unique;
  return c;
}

Column IntColumn() {
  Column c{"n", "integer", TypeClass::kInteger};
  IntegerRange("int4", c.int_min, c.int_max);
  return c;
}

Strategy S(const char* text) {
  auto s = ParseStrategy(text);
  EXPECT_TRUE(s.ok()) << text;
  return *s;
}

std::optional<std::string> Anon(const char* strategy, const Column& c, const std::string& in,
                                KeyedHash& h) {
  EXPECT_TRUE(CheckFits(S(strategy), c).ok()) << strategy << " on " << c.type;
  auto out = ValueAnonymizer(S(strategy), c).Apply(in, h);
  EXPECT_TRUE(out.ok()) << out.status().ToString();
  return out.ok() ? *out : std::nullopt;
}

constexpr const char* kTextStrategies[] = {"email", "name",    "first_name", "last_name",
                                           "phone", "address", "city",       "company",
                                           "text",  "lorem",   "hash",       "uuid"};

TEST(AnonymizeKeyedHash, IsHmacSha256) {
  // RFC 4231 test case 2: key "Jefe".
  auto h = Hash("Jefe");
  EXPECT_EQ(fake::Hex(h->Of("what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // A key longer than a block is hashed first (RFC 4231 test case 6).
  auto l = Hash(std::string(131, '\xaa'));
  EXPECT_EQ(fake::Hex(l->Of("Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  EXPECT_FALSE(KeyedHash::Create("").ok());
}

TEST(AnonymizeValue, EveryTextStrategyIsDeterministicKeepsNullAndChangesTheValue) {
  auto h = Hash();
  auto other = Hash("another-salt");
  for (const char* s : kTextStrategies) {
    Column c = TextColumn();
    auto a = Anon(s, c, "alice@corp.test", *h);
    auto b = Anon(s, c, "alice@corp.test", *h);
    ASSERT_TRUE(a.has_value()) << s;
    EXPECT_EQ(a, b) << s;
    EXPECT_NE(*a, "alice@corp.test") << s;
    EXPECT_NE(a, Anon(s, c, "bob@corp.test", *h)) << s;
    EXPECT_NE(a, Anon(s, c, "alice@corp.test", *other)) << s << ": the salt must matter";
    auto null = ValueAnonymizer(S(s), c).Apply(std::nullopt, *h);
    ASSERT_TRUE(null.ok());
    EXPECT_FALSE(null->has_value()) << s;
  }
}

TEST(AnonymizeValue, ShapesOfTheFakeValues) {
  auto h = Hash();
  Column c = TextColumn();
  std::string email = *Anon("email", c, "x", *h);
  EXPECT_NE(email.find('@'), std::string::npos);
  EXPECT_TRUE(email.ends_with(".com") || email.ends_with(".net") || email.ends_with(".org"));
  EXPECT_EQ(Anon("uuid", c, "x", *h)->size(), 36u);
  EXPECT_EQ(Anon("uuid", c, "x", *h)->at(14), '4');
  EXPECT_EQ(Anon("hash", c, "x", *h)->size(), 64u);
  EXPECT_EQ(Anon("phone", c, "x", *h)->rfind("+1 555 ", 0), 0u);
  EXPECT_NE(Anon("name", c, "x", *h)->find(' '), std::string::npos);
  std::string text = *Anon("text", c, "Ab 12-cd, é!", *h);
  EXPECT_EQ(CharCount(text), CharCount("Ab 12-cd, é!"));
  EXPECT_EQ(text[2], ' ');
  EXPECT_EQ(text[5], '-');
  EXPECT_TRUE(std::isupper(static_cast<unsigned char>(text[0])));
  EXPECT_TRUE(std::isdigit(static_cast<unsigned char>(text[3])));
  EXPECT_EQ(*Anon("text", c, "", *h), "");  // empty stays empty
}

TEST(AnonymizeValue, OutputFitsTheColumnLength) {
  auto h = Hash();
  for (const char* s : kTextStrategies) {
    if (std::string(s) == "uuid") continue;
    int max = std::string(s) == "email" ? 16 : 5;
    Column c = TextColumn(max);
    for (int i = 0; i < 200; ++i) {
      auto v = Anon(s, c, "value-" + std::to_string(i) + "-with-a-long-tail", *h);
      ASSERT_TRUE(v.has_value());
      EXPECT_LE(CharCount(*v), static_cast<size_t>(max)) << s << ": " << *v;
    }
  }
  EXPECT_NE(Anon("email", TextColumn(16), "someone@x", *h)->find('@'), std::string::npos);
}

TEST(AnonymizeValue, UniqueColumnsStayUniqueOverManyInputs) {
  auto h = Hash();
  for (const char* s : kTextStrategies) {
    Column c = TextColumn(std::string(s) == "uuid" ? 36 : 30, true);
    ASSERT_TRUE(CheckFits(S(s), c).ok()) << s << CheckFits(S(s), c).ToString();
    std::set<std::string> seen;
    const int n = 20000;
    for (int i = 0; i < n; ++i) {
      auto v = ValueAnonymizer(S(s), c).Apply("user" + std::to_string(i), *h);
      ASSERT_TRUE(v.ok() && v->has_value());
      EXPECT_LE(v->value().size(), 36u);
      seen.insert(**v);
    }
    EXPECT_EQ(seen.size(), static_cast<size_t>(n)) << s;
  }
}

TEST(AnonymizeValue, StrategiesThatCannotFitAreRefusedNamingTheColumn) {
  struct Case {
    const char* strategy;
    Column column;
    const char* says;
  };
  Column not_null = TextColumn();
  not_null.not_null = true;
  Column small_int{"n", "smallint", TypeClass::kInteger};
  IntegerRange("int2", small_int.int_min, small_int.int_max);
  Column ts{"t", "timestamp with time zone", TypeClass::kTimestamp};
  std::vector<Case> cases = {
      {"email", IntColumn(), "not a text type"},
      {"email", TextColumn(10), "at most 10 characters"},
      {"name", TextColumn(10, true), "unique"},
      {"hash", TextColumn(12, true), "unique"},
      {"null", not_null, "NOT NULL"},
      {"constant(toolong)", TextColumn(3), "longer"},
      {"constant(abc)", IntColumn(), "whole number"},
      {"constant(x)", TextColumn(-1, true), "unique"},
      {"mask(keep_last=2)", IntColumn(), "text columns only"},
      {"mask(keep_last=2)", TextColumn(-1, true), "unique"},
      {"number(0,70000)", small_int, "does not fit"},
      {"number(0,9)", TextColumn(-1, true), "unique"},
      {"date_shift(10)", TextColumn(), "date and timestamp"},
      {"json", TextColumn(), "json and jsonb"},
      {"uuid", TextColumn(20), "36 characters"},
      {"uuid", ts, "uuid"},
  };
  for (const Case& c : cases) {
    Status st = CheckFits(S(c.strategy), c.column);
    ASSERT_FALSE(st.ok()) << c.strategy << " on " << c.column.type;
    EXPECT_NE(st.message().find(c.says), std::string::npos) << st.message();
    EXPECT_NE(st.message().find("column " + c.column.name), std::string::npos) << st.message();
  }
  EXPECT_TRUE(CheckFits(S("keep"), TextColumn(-1, true)).ok());
  EXPECT_TRUE(CheckFits(S("number(1,10)"), IntColumn()).ok());
  EXPECT_TRUE(CheckFits(S("date_shift(3)"), ts).ok());
}

TEST(AnonymizeValue, ConstantNullMaskNumberAndKeep) {
  auto h = Hash();
  Column c = TextColumn();
  EXPECT_EQ(*Anon("constant(redacted)", c, "secret", *h), "redacted");
  EXPECT_FALSE(Anon("null", c, "secret", *h).has_value());
  EXPECT_EQ(*Anon("keep", c, "secret\tx", *h), "secret\tx");
  EXPECT_EQ(*Anon("mask(keep_last=4)", c, "4111-1111-1111-1234", *h), "xxxxxxxxxxxxxxx1234");
  EXPECT_EQ(*Anon("mask(keep_last=4)", c, "12", *h), "12");
  EXPECT_EQ(*Anon("mask(keep_last=1)", c, "ééé", *h), "xxé");
  std::set<std::string> numbers;
  for (int i = 0; i < 500; ++i) {
    std::string v = *Anon("number(10,20)", IntColumn(), std::to_string(i), *h);
    int n = std::stoi(v);
    EXPECT_GE(n, 10);
    EXPECT_LE(n, 20);
    numbers.insert(v);
    EXPECT_EQ(v, *Anon("number(10,20)", IntColumn(), std::to_string(i), *h));
  }
  EXPECT_EQ(numbers.size(), 11u);
}

TEST(AnonymizeValue, DateShiftStaysWithinTheRangeAndKeepsTheTime) {
  auto h = Hash();
  Column d{"d", "date", TypeClass::kDate};
  std::set<std::string> seen;
  for (int i = 1; i <= 28; ++i) {
    std::string in = "2024-02-" + std::string(i < 10 ? "0" : "") + std::to_string(i);
    std::string out = *Anon("date_shift(3)", d, in, *h);
    ASSERT_EQ(out.size(), 10u) << out;
    EXPECT_GE(out, "2024-01-29");
    EXPECT_LE(out, "2024-03-02");
    seen.insert(out);
  }
  EXPECT_GT(seen.size(), 10u);
  Column ts{"t", "timestamp with time zone", TypeClass::kTimestamp};
  std::string t = *Anon("date_shift(400)", ts, "2023-12-31 23:59:58.5+01", *h);
  EXPECT_TRUE(t.ends_with(" 23:59:58.5+01")) << t;
  EXPECT_EQ(*Anon("date_shift(5)", ts, "infinity", *h), "infinity");
  EXPECT_EQ(*Anon("date_shift(5)", d, "0044-03-15 BC", *h), "0044-03-15 BC");
  auto bad = ValueAnonymizer(S("date_shift(5)"), d).Apply("15/03/2024", *h);
  EXPECT_FALSE(bad.ok());
}

TEST(AnonymizeValue, JsonRulesApplyPerKeyPath) {
  auto h = Hash();
  Column doc{"profile", "jsonb", TypeClass::kJsonb};
  std::vector<JsonRule> rules = {{{"contact", "email"}, S("email")},
                                 {{"tags", "[]"}, S("hash")},
                                 {{"scores", "*"}, S("number(1,5)")},
                                 {{"secret"}, S("null")}};
  ValueAnonymizer a(S("json"), doc, rules);
  auto out =
      a.Apply(R"({"contact":{"email":"a@b.c","city":"Paris"},"tags":["x","y"],"scores":{"m":70},)"
              R"("secret":"s","n":null})",
              *h);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  std::string email = *Anon("email", TextColumn(), "a@b.c", *h);
  EXPECT_NE(out->value().find("\"email\":\"" + email + "\""), std::string::npos) << **out;
  EXPECT_NE(out->value().find("\"city\":\"Paris\""), std::string::npos);
  EXPECT_NE(out->value().find("\"secret\":null"), std::string::npos);
  EXPECT_EQ(out->value().find("\"x\""), std::string::npos);
  EXPECT_EQ(out->value().find("\"m\":70"), std::string::npos);
  EXPECT_EQ(**out, **a.Apply(R"({"contact":{"email":"a@b.c","city":"Paris"},"tags":["x","y"],)"
                             R"("scores":{"m":70},"secret":"s","n":null})",
                             *h));
  EXPECT_FALSE(a.Apply("{not json", *h).ok());
}

}  // namespace
}  // namespace pgcrate::anonymize

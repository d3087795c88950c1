#include "anonymize/strategy.h"

#include <gtest/gtest.h>

#include "anonymize/rules.h"

namespace pgcrate::anonymize {
namespace {

TEST(AnonymizeStrategy, ParsesEveryStrategy) {
  for (const char* text : {"email", "name", "first_name", "last_name", "phone", "address", "city",
                           "company", "text", "lorem", "uuid", "hash", "null", "json", "keep"}) {
    auto s = ParseStrategy(text);
    ASSERT_TRUE(s.ok()) << text << ": " << s.status().ToString();
    EXPECT_EQ(Describe(*s), text);
  }
  auto c = ParseStrategy("constant(redacted, really)");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->constant, "redacted, really");
  auto m = ParseStrategy(" mask(keep_last=4) ");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->keep_last, 4);
  auto n = ParseStrategy("number(-5, 100)");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->min, -5);
  EXPECT_EQ(n->max, 100);
  auto d = ParseStrategy("date_shift(30)");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->days, 30);
}

TEST(AnonymizeStrategy, BadStrategiesSayWhatIsWrong) {
  struct Case {
    const char* text;
    const char* says;
  };
  for (const Case& c : {Case{"emial", "did you mean 'email'"}, Case{"email(3)", "takes no"},
                        Case{"mask", "needs arguments"}, Case{"mask(4)", "keep_last=N"},
                        Case{"number(5,1)", "min <= max"}, Case{"number(a,b)", "two whole"},
                        Case{"date_shift(0)", "from 1 to"}, Case{"constant(x", "closing ')'"},
                        Case{"shuffle", "unknown strategy 'shuffle'"}}) {
    auto s = ParseStrategy(c.text);
    ASSERT_FALSE(s.ok()) << c.text;
    EXPECT_EQ(s.status().code(), Code::kConfig);
    EXPECT_NE(s.status().message().find(c.says), std::string::npos) << s.status().message();
    EXPECT_NE(s.status().message().find(c.text), std::string::npos) << s.status().message();
  }
}

TEST(AnonymizeRules, ParsesColumnsAndJsonPaths) {
  auto set = ParseRules({{"public.users.email", "email", 2},
                         {"public.users.profile->contact.email", "email", 3},
                         {"public.users.profile->tags[]", "lorem", 4},
                         {"public.users.profile", "json", 5}},
                        "pgcrate.toml");
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  ASSERT_EQ(set->rules.size(), 2u);
  const ColumnRule* p = set->Find("public", "users", "profile");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->strategy.kind, Kind::kJson);
  ASSERT_EQ(p->json.size(), 2u);
  EXPECT_EQ(p->json[0].path, (std::vector<std::string>{"contact", "email"}));
  EXPECT_EQ(p->json[1].path, (std::vector<std::string>{"tags", "[]"}));
}

TEST(AnonymizeRules, BadRulesNameFileLineAndKey) {
  struct Case {
    std::vector<RuleEntry> entries;
    const char* says;
  };
  std::vector<Case> cases = {
      {{{"users.email", "email", 7}}, "schema.table.column"},
      {{{"public.users.email", "emial", 7}}, "unknown strategy 'emial'"},
      {{{"public.users.email", "email", 3}, {"public.users.email", "hash", 7}}, "line 3"},
      {{{"public.users.bio", "text", 3}, {"public.users.bio->a", "email", 7}}, "not json"},
      {{{"public.users.doc->a..b", "email", 7}}, "empty segment"},
      {{{"public.users.doc->a", "json", 7}}, "cannot be used at a JSON path"},
  };
  for (const Case& c : cases) {
    auto set = ParseRules(c.entries, "pgcrate.toml");
    ASSERT_FALSE(set.ok()) << c.says;
    EXPECT_EQ(set.status().location().file, "pgcrate.toml");
    EXPECT_EQ(set.status().location().line, 7) << set.status().ToString();
    EXPECT_NE(set.status().message().find(c.says), std::string::npos) << set.status().message();
    EXPECT_NE(set.status().message().find(c.entries.back().key), std::string::npos);
  }
}

}  // namespace
}  // namespace pgcrate::anonymize

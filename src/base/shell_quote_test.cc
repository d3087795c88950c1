// base::ShellQuote: every suggested command pgcrate prints goes through it, so what a user
// pastes into a POSIX shell is exactly the words pgcrate meant, never a command substitution.
#include <gtest/gtest.h>

#include "base/process.h"
#include "base/strings.h"

namespace pgcrate::base {

TEST(ShellQuote, PlainWordsStayBare) {
  EXPECT_EQ(ShellQuote("public.orders_idx"), "public.orders_idx");
  EXPECT_EQ(ShellQuote("--upgrade-to"), "--upgrade-to");
  EXPECT_EQ(ShellQuote("a=b,c:d@e%f+g/h"), "a=b,c:d@e%f+g/h");
}

TEST(ShellQuote, EverythingElseIsSingleQuoted) {
  EXPECT_EQ(ShellQuote(""), "''");
  EXPECT_EQ(ShellQuote("a b"), "'a b'");
  EXPECT_EQ(ShellQuote("public.\"x$(touch /tmp/p)\""), "'public.\"x$(touch /tmp/p)\"'");
  EXPECT_EQ(ShellQuote("it's"), "'it'\\''s'");
  EXPECT_EQ(ShellQuote("`id`;*?~!#&|<>\\"), "'`id`;*?~!#&|<>\\'");
  EXPECT_EQ(ShellQuote(std::string("a\0b", 3)), std::string("'a\0b'", 5));
  EXPECT_EQ(ShellCommand({"pgcrate", "dba", "fix", "index", "--drop", "s.\"a b\""}),
            "pgcrate dba fix index --drop 's.\"a b\"'");
}

// What /bin/sh makes of a quoted word is the word itself, for every byte a name can hold.
TEST(ShellQuote, ShellReadsBackTheSameWord) {
  if (FindProgram("sh").empty()) GTEST_SKIP() << "no sh";
  for (std::string word :
       {std::string("x$(echo pwned)"), std::string("'; echo pwned; '"), std::string("a\nb\tc"),
        std::string("\"$HOME\" `id` \\ '' !"), std::string("\xc3\xa9t\xc3\xa9")}) {
    auto r = RunProcess({"sh", "-c", "printf %s " + ShellQuote(word)});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->output, word);
  }
}

}  // namespace pgcrate::base

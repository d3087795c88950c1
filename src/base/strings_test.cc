#include "base/strings.h"

#include <gtest/gtest.h>

#include "base/files.h"
#include "base/secrets.h"

namespace pgcrate::base {

TEST(Strings, TrimSplitJoin) {
  EXPECT_EQ(Trim("  a b \n"), "a b");
  EXPECT_EQ(Split("a,,b", ','), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_EQ(Join({"a", "b"}, ", "), "a, b");
  EXPECT_EQ(ReplaceAll("aXbXc", "X", "--"), "a--b--c");
}

TEST(Strings, ClosestMatchSuggestsOnlyNearWords) {
  EXPECT_EQ(ClosestMatch("lcoks", {"locks", "xid", "vacuum"}), "locks");
  EXPECT_EQ(ClosestMatch("zzz", {"migrations", "models"}), "");
  EXPECT_EQ(ClosestMatch("migration", {"migrations", "models"}), "migrations");
}

TEST(Strings, LineColumnAt) {
  std::string text = "ab\ncd\nef";
  EXPECT_EQ(LineColumnAt(text, 0), std::make_pair(1, 1));
  EXPECT_EQ(LineColumnAt(text, 4), std::make_pair(2, 2));
  EXPECT_EQ(LineColumnAt(text, 6), std::make_pair(3, 1));
}

TEST(Paths, ParentReferences) {
  EXPECT_TRUE(HasParentReference("../x"));
  EXPECT_TRUE(HasParentReference("db/../../etc"));
  EXPECT_FALSE(HasParentReference("db/migrations"));
  EXPECT_FALSE(HasParentReference("db/..hidden"));
}

TEST(Secrets, ReplacesRegisteredStringsWholeAndNothingElse) {
  RegisterSensitive("postgresql://u:p%40ss@h/db", "postgresql://u:********@h/db");
  EXPECT_EQ(Redact("url postgresql://u:p%40ss@h/db and p%40ss"),
            "url postgresql://u:********@h/db and p%40ss");
  EXPECT_EQ(Redact("nothing here"), "nothing here");
}

}  // namespace pgcrate::base

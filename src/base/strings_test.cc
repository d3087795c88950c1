#include "base/strings.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

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

// SortStrings orders exactly as std::sort: shared prefixes longer than its 16-byte key, prefixes
// of one another, bytes above 0x7f, embedded NULs, duplicates.
TEST(Strings, SortStringsOrdersAsStdSort) {
  std::vector<std::string> items = {"20240101000000_b.sql",
                                    "20240101000000_a.sql",
                                    "2024010100000",
                                    "20240101000000",
                                    "",
                                    std::string("a\0b", 3),
                                    "a",
                                    "\xff"
                                    "z",
                                    "\x7f",
                                    "20240101000000_a.sql",
                                    "20231231235959_z.sql",
                                    "20240101000000_a.sqm"};
  std::mt19937 rng(7);
  for (int i = 0; i < 500; ++i) {
    std::string s = "2024" + std::to_string(rng() % 1000);
    for (int j = static_cast<int>(rng() % 20); j > 0; --j) s += static_cast<char>(rng() % 256);
    items.push_back(s);
  }
  std::vector<std::string> expected = items;
  std::sort(expected.begin(), expected.end());
  std::shuffle(items.begin(), items.end(), rng);
  pgcrate::base::SortStrings(items);
  EXPECT_EQ(items, expected);
  pgcrate::base::SortStrings(items);  // already sorted
  EXPECT_EQ(items, expected);
}

#include "pg/error.h"

#include <gtest/gtest.h>

namespace pgcrate::pg {
namespace {

TEST(PgError, ErrorPositionToOffsetCountsCharactersNotBytes) {
  EXPECT_EQ(ErrorPositionToOffset("abc", 1), 0u);
  EXPECT_EQ(ErrorPositionToOffset("abc", 3), 2u);
  EXPECT_EQ(ErrorPositionToOffset("\xc3\xa9 x", 3), 3u);  // 'é' is two bytes, one character
  EXPECT_EQ(ErrorPositionToOffset("ab", 10), 2u);
  EXPECT_EQ(ErrorPositionToOffset("", 0), 0u);
}

}  // namespace
}  // namespace pgcrate::pg

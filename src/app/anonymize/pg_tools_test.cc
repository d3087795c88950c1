#include "app/anonymize/pg_tools.h"

#include <gtest/gtest.h>

namespace pgcrate::app {
namespace {

TEST(AnonymizePgTools, AClientOlderThanTheServerIsRefusedNamingBothVersionsAndTheKey) {
  EXPECT_TRUE(CheckToolVersion("/usr/bin/pg_dump", 15, 150004, "pg_dump").ok());
  EXPECT_TRUE(CheckToolVersion("/usr/bin/pg_dump", 16, 150004, "pg_dump").ok());
  Status st = CheckToolVersion("/usr/bin/pg_dump", 14, 160002, "pg_dump");
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("version 14"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("version 16"), std::string::npos) << st.message();
  EXPECT_NE(st.hint().find("[tools] pg_dump"), std::string::npos) << st.hint();
}

TEST(AnonymizePgTools, FindsTheClientOrNamesTheConfiguredKey) {
  auto found = FindPgTool("pg_dump", "", "pg_dump");
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  auto major = PgToolMajorVersion(*found);
  ASSERT_TRUE(major.ok()) << major.status().ToString();
  EXPECT_GE(*major, 10);
  auto missing = FindPgTool("pg_dump", "/nonexistent/pg_dump", "pg_dump");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("[tools] pg_dump"), std::string::npos);
}

}  // namespace
}  // namespace pgcrate::app

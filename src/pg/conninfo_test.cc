#include "pg/conninfo.h"

#include <gtest/gtest.h>

#include "base/secrets.h"

namespace pgcrate::pg {

TEST(ConnInfo, ParsesUrlAndKeyValueForms) {
  auto url = ParseConnInfo("postgresql://alice:pw1@db.example:6432/app?sslmode=require");
  ASSERT_TRUE(url.ok()) << url.status().ToString();
  EXPECT_EQ(url->at("host"), "db.example");
  EXPECT_EQ(url->at("port"), "6432");
  EXPECT_EQ(url->at("dbname"), "app");
  EXPECT_EQ(url->at("sslmode"), "require");
  auto kv = ParseConnInfo("host=/tmp port=5433 dbname=x");
  ASSERT_TRUE(kv.ok());
  EXPECT_EQ(kv->at("port"), "5433");
}

TEST(ConnInfo, MalformedUrlIsAUsageErrorWithoutThePassword) {
  auto r = ParseConnInfo("postgresql://bob:Hunter2Secret@[::1/db");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kUsage);
  EXPECT_NE(r.status().message().find("malformed connection string"), std::string::npos);
  EXPECT_EQ(base::Redact("x Hunter2Secret y"), "x ******** y");
  auto bad_key = ParseConnInfo("host=x nosuchkey=1");
  ASSERT_FALSE(bad_key.ok());
  EXPECT_NE(bad_key.status().message().find("nosuchkey"), std::string::npos);
}

TEST(ConnInfo, DescribeNeverShowsThePassword) {
  std::string d = DescribeConnInfo("postgresql://carol:TopSecret9@h:5/db");
  EXPECT_EQ(d, "carol@h:5/db");
  EXPECT_EQ(base::Redact("TopSecret9"), "********");
}

}  // namespace pgcrate::pg

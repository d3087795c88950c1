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

TEST(ConnInfo, MalformedStringsAreNeverEchoed) {
  auto r = ParseConnInfo("postgresql://bob:Hunter2Secret@[::1/db");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kUsage);
  EXPECT_NE(r.status().message().find("malformed connection string"), std::string::npos);
  EXPECT_EQ(r.status().ToString().find("Hunter2Secret"), std::string::npos)
      << r.status().ToString();
  auto pct = ParseConnInfo("postgresql://bob:ab%zzSecret@h/db");
  ASSERT_FALSE(pct.ok());
  EXPECT_EQ(pct.status().ToString().find("zzSecret"), std::string::npos) << pct.status().ToString();
  auto space = ParseConnInfo("host=h password=half other");
  ASSERT_FALSE(space.ok());
  EXPECT_EQ(space.status().ToString().find("other"), std::string::npos);
  auto bad_key = ParseConnInfo("host=x nosuchkey=1");
  ASSERT_FALSE(bad_key.ok());
  EXPECT_NE(bad_key.status().message().find("nosuchkey"), std::string::npos);
}

// libpq reads "u:p@ss@h" as password "p" and host "ss@h", and "u:p/ss@h/db" as host "u", port
// "p": printing host or port would print the rest of the password. Such URLs are refused.
TEST(ConnInfo, UrlsWithUnencodedSpecialCharactersAreRefused) {
  for (const char* url : {"postgresql://u:p@QZ@h/db", "postgresql://u:p/QZ@h/db",
                          "postgresql://u:12/QZ@h/db", "postgresql://u:/QZ@h/db"}) {
    auto r = ParseConnInfo(url);
    ASSERT_FALSE(r.ok()) << url;
    std::string all = r.status().ToString() + r.status().hint();
    EXPECT_EQ(all.find("QZ"), std::string::npos) << all;
    EXPECT_EQ(RedactConnInfo(url), kMalformedConnInfo);
    EXPECT_EQ(DescribeConnInfo(url), kMalformedConnInfo);
  }
  EXPECT_TRUE(ParseConnInfo("postgresql://u:p%40ss%2F%23@h/db").ok());
  EXPECT_TRUE(ParseConnInfo("postgresql://u:pa#ss:x?y@h/db").ok());
}

TEST(ConnInfo, RedactRewritesOnlyThePassword) {
  EXPECT_EQ(RedactConnInfo("postgresql://u:s%2Fecret@h:5/db?sslmode=require"),
            "postgresql://u:********@h:5/db?sslmode=require");
  EXPECT_EQ(RedactConnInfo("host=h password='a b' dbname=postgres"),
            "password=******** dbname=postgres host=h");
  EXPECT_EQ(RedactConnInfo("postgresql://postgres@h/postgres"), "postgresql://postgres@h/postgres");
  EXPECT_EQ(RedactConnInfo("postgresql://id:id@h/id"), "postgresql://id:********@h/id");
  EXPECT_EQ(RedactConnInfoInText("to 'postgresql://a:pw@h/d' and id, postgres"),
            "to 'postgresql://a:********@h/d' and id, postgres");
}

// Found by fuzz/conninfo_redact_fuzz.cc: a password overridden by a later empty one parses to
// no password, and the string was then printed as written, secret included.
TEST(ConnInfo, AnOverriddenPasswordIsNotEchoed) {
  for (const char* s :
       {"user=u password='s3cret!' password=", "password=s3cret! password=''",
        "postgresql://u:s3cret!@h/d?password=", "postgresql://u:s3cret%21@h/d?password="}) {
    std::string out = RedactConnInfo(s);
    EXPECT_EQ(out.find("s3cret"), std::string::npos) << s << " -> " << out;
    EXPECT_NE(out, kMalformedConnInfo) << s;
  }
  EXPECT_EQ(RedactConnInfo("host=h dbname=d"), "host=h dbname=d");
}

TEST(ConnInfo, LooksLikeConnInfo) {
  EXPECT_TRUE(LooksLikeConnInfo("postgres://u:pw@h/db"));
  EXPECT_TRUE(LooksLikeConnInfo("POSTGRESQL://h"));
  EXPECT_TRUE(LooksLikeConnInfo("host=h password=x"));
  EXPECT_FALSE(LooksLikeConnInfo("up"));
  EXPECT_FALSE(LooksLikeConnInfo("SELECT 1"));
}

TEST(ConnInfo, DescribeNeverShowsThePassword) {
  EXPECT_EQ(DescribeConnInfo("postgresql://carol:TopSecret9@h:5/db"), "carol@h:5/db");
}

TEST(ConnInfo, RegisteredStringsAreRedactedWhole) {
  RegisterConnInfoSecrets("postgresql://dave:Sh0rt@h/db");
  EXPECT_EQ(base::Redact("x postgresql://dave:Sh0rt@h/db y Sh0rt"),
            "x postgresql://dave:********@h/db y Sh0rt");
}

}  // namespace pgcrate::pg

#include "pg/copy_text.h"

#include <gtest/gtest.h>

namespace pgcrate::pg {
namespace {

TEST(CopyText, DecodesEveryEscape) {
  EXPECT_EQ(DecodeCopyField("plain"), "plain");
  EXPECT_EQ(DecodeCopyField("a\\tb\\nc\\\\d\\re"), "a\tb\nc\\d\re");
  EXPECT_EQ(DecodeCopyField("\\b\\f\\v"), "\b\f\v");
  EXPECT_EQ(DecodeCopyField("\\101\\x42\\7"), "AB\a");
  EXPECT_EQ(DecodeCopyField("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_EQ(DecodeCopyField("\\N"), "N");  // only a whole field \N is NULL
  EXPECT_TRUE(IsCopyNull("\\N"));
  EXPECT_FALSE(IsCopyNull("\\\\N"));
}

TEST(CopyText, RoundTripsAnyBytes) {
  std::string all;
  for (int c = 1; c < 256; ++c) all += static_cast<char>(c);
  for (const std::string& v : {std::string(), std::string("\\N"), std::string("a\tb\n\\"), all}) {
    std::string enc;
    AppendCopyField(enc, v);
    EXPECT_EQ(enc.find('\t'), std::string::npos);
    EXPECT_EQ(enc.find('\n'), std::string::npos);
    EXPECT_FALSE(IsCopyNull(enc));
    EXPECT_EQ(DecodeCopyField(enc), v);
  }
  std::string null;
  AppendCopyField(null, std::nullopt);
  EXPECT_EQ(null, "\\N");
}

TEST(CopyText, EncodesAsTheServerDoes) {
  std::string enc;
  AppendCopyField(enc, std::string("x\\y\tz\r\n\b\f\v"));
  EXPECT_EQ(enc, "x\\\\y\\tz\\r\\n\\b\\f\\v");
}

TEST(CopyText, SplitsRowsIntoRawFields) {
  std::vector<std::string_view> f;
  SplitCopyRow("1\t\\N\ta\\tb\t", f);
  ASSERT_EQ(f.size(), 4u);
  EXPECT_EQ(f[0], "1");
  EXPECT_TRUE(IsCopyNull(f[1]));
  EXPECT_EQ(DecodeCopyField(f[2]), "a\tb");
  EXPECT_EQ(f[3], "");
}

}  // namespace
}  // namespace pgcrate::pg

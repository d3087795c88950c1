#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "app/migrate/squash_internal.h"
#include "base/files.h"

namespace pgcrate::migrate::squash {
namespace {

namespace fs = std::filesystem;

class SwapFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("pgcrate-swap-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    for (const char* name : {"1_a.sql", "2_b.sql", "3_c.sql"}) Put(name, name);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Put(const std::string& name, const std::string& text) {
    ASSERT_TRUE(base::WriteFile((dir_ / name).string(), text, true).ok());
  }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  std::vector<std::string> Names() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir_)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }

  fs::path dir_;
};

TEST_F(SwapFilesTest, ReplacesTheRangeByTheNewFile) {
  ASSERT_TRUE(SwapFiles(dir_.string(), "2_b.sql", "new", {Path("1_a.sql"), Path("2_b.sql")}).ok());
  EXPECT_EQ(Names(), (std::vector<std::string>{"2_b.sql", "3_c.sql"}));
  EXPECT_EQ(*base::ReadFile(Path("2_b.sql")), "new");
}

TEST_F(SwapFilesTest, AnErrorPutsEverythingBack) {
  // The second old file does not exist: the first is moved back, nothing new stays behind.
  Status st = SwapFiles(dir_.string(), "2_new.sql", "new", {Path("1_a.sql"), Path("9_gone.sql")});
  EXPECT_EQ(st.code(), Code::kIo);
  EXPECT_NE(st.message().find("nothing was changed"), std::string::npos) << st.message();
  EXPECT_EQ(Names(), (std::vector<std::string>{"1_a.sql", "2_b.sql", "3_c.sql"}));
  EXPECT_EQ(*base::ReadFile(Path("1_a.sql")), "1_a.sql");
  // The target exists and is not one of the replaced files.
  Status clash = SwapFiles(dir_.string(), "3_c.sql", "new", {Path("1_a.sql")});
  EXPECT_EQ(clash.code(), Code::kIo);
  EXPECT_EQ(Names(), (std::vector<std::string>{"1_a.sql", "2_b.sql", "3_c.sql"}));
  EXPECT_EQ(*base::ReadFile(Path("3_c.sql")), "3_c.sql");
}

TEST(TemplateSchemaTest, SchemaQualifiersBecomeThePlaceholderAndNothingElse) {
  std::vector<int> literal;
  auto out = TemplateSchema(
      "CREATE SCHEMA auth;\nCREATE TABLE auth.auth (id int);\n"
      "GRANT USAGE ON SCHEMA auth TO r;\n"
      "CREATE FUNCTION auth.f() RETURNS int LANGUAGE sql AS $$ SELECT count(*) FROM auth.auth $$;\n"
      "-- auth.x in a comment\nSELECT 'auth' AS auth;\nSELECT 'auth.y';\n",
      "auth", &literal);
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(*out,
            "CREATE SCHEMA {{schema}};\nCREATE TABLE {{schema}}.auth (id int);\n"
            "GRANT USAGE ON SCHEMA {{schema}} TO r;\n"
            "CREATE FUNCTION {{schema}}.f() RETURNS int LANGUAGE sql AS $$ SELECT count(*) FROM "
            "auth.auth $$;\n-- auth.x in a comment\nSELECT 'auth' AS auth;\nSELECT 'auth.y';\n");
  EXPECT_EQ(literal, (std::vector<int>{4, 7}));  // the function body and the string name it
}

TEST(TemplateSchemaTest, QuotedNamesCompareUnquoted) {
  auto out = TemplateSchema(
      "CREATE TABLE \"Tenant \"\"A\"\"\".items (id int);\n"
      "CREATE TABLE tenant.items (id int);\n",
      "Tenant \"A\"", nullptr);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, "CREATE TABLE {{schema}}.items (id int);\nCREATE TABLE tenant.items (id int);\n");
}

}  // namespace
}  // namespace pgcrate::migrate::squash

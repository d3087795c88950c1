#include "migrate/templates.h"

#include <gtest/gtest.h>

#include "base/strings.h"

namespace pgcrate::migrate {
namespace {

TemplateContext Module(const std::string& schema) {
  TemplateContext c;
  c.module = true;
  c.schema = schema;
  return c;
}

std::string Expand(const std::string& text, const TemplateContext& ctx) {
  std::vector<TemplateShift> shifts;
  auto r = ExpandTemplates(text, ctx, "m.sql", 1, &shifts);
  return r.ok() ? r.value() : "ERROR " + r.status().ToString();
}

TEST(Templates, TablesAndSchemaAreQuotedAndQualified) {
  EXPECT_EQ(Expand("SELECT * FROM {{tables.users}}", Module("app")), "SELECT * FROM app.users");
  EXPECT_EQ(Expand("{{ tables.Users }} {{schema}}", Module("My App")),
            "\"My App\".\"Users\" \"My App\"");
  EXPECT_EQ(Expand("{{tables.user}}", Module("")), "\"user\"");  // reserved word, no schema
  EXPECT_EQ(Expand("x{{tables.t}}y{{tables.t}}", Module("s\"q")), "x\"s\"\"q\".ty\"s\"\"q\".t");
}

TEST(Templates, BracesThatAreNotPlaceholdersStay) {
  std::string text = "SELECT '{{1,2},{3,4}}'::int[], '{{}}', '{{ }}', '{{a b}}', '{{'";
  EXPECT_EQ(Expand(text, Module("s")), text);
  EXPECT_EQ(Expand("SELECT '{{name}}'", TemplateContext{}), "SELECT '{{name}}'");
}

TEST(Templates, UnknownOrMisplacedPlaceholdersAreErrorsAtTheirPosition) {
  std::vector<TemplateShift> shifts;
  auto r = ExpandTemplates("SELECT 1;\n  {{table.users}}", Module("s"), "m.sql", 5, &shifts);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().location().line, 6);
  EXPECT_EQ(r.status().location().column, 3);
  EXPECT_NE(r.status().message().find("unknown template placeholder"), std::string::npos);
  EXPECT_NE(Expand("{{tables.x}}", TemplateContext{}).find("outside a module"), std::string::npos);
  EXPECT_NE(Expand("{{schema}}", Module("")).find("has no schema"), std::string::npos);
  EXPECT_NE(Expand("{{tables.a.b}}", Module("s")).find("unknown"), std::string::npos);
  EXPECT_NE(Expand("{{tables.x}}", Module("a\nb")).find("line break"), std::string::npos);
}

TEST(Templates, ColumnsMapBackToTheFileAsWritten) {
  std::vector<TemplateShift> shifts;
  std::string original = "x {{tables.t}} (id int); SELEC";
  auto r = ExpandTemplates(original, Module("sch"), "m.sql", 1, &shifts);
  ASSERT_TRUE(r.ok());
  const std::string& e = r.value();  // "x sch.t (id int); SELEC"
  size_t selec = e.find("SELEC");
  auto [line, col] = base::LineColumnAt(e, selec);
  EXPECT_EQ(OriginalColumn(e, shifts, selec, col), static_cast<int>(original.find("SELEC")) + 1);
  size_t inside = e.find("sch") + 2;  // a byte inside the expansion -> the placeholder
  auto [l2, c2] = base::LineColumnAt(e, inside);
  EXPECT_EQ(OriginalColumn(e, shifts, inside, c2), 3);
}

TEST(Versions, OrderNumericallyPartByPart) {
  EXPECT_TRUE(VersionLess("2", "10"));
  EXPECT_TRUE(VersionLess("1.2", "1.10"));
  EXPECT_TRUE(VersionLess("1", "1.1"));
  EXPECT_TRUE(VersionLess("009", "010"));
  EXPECT_TRUE(VersionLess("20250101000000", "20250102000000"));
  EXPECT_FALSE(VersionLess("10", "2"));
  EXPECT_EQ(CanonicalVersion("001"), "1");
  EXPECT_EQ(CanonicalVersion("1.02"), "1.2");
  EXPECT_EQ(CanonicalVersion("abc"), "abc");
}

TEST(Versions, ModuleFileNames) {
  std::string v, n;
  EXPECT_TRUE(ParseMigrationFileName("001_initial.sql", v, n, Naming::kModule).ok());
  EXPECT_EQ(v, "001");
  EXPECT_EQ(n, "initial");
  EXPECT_TRUE(ParseMigrationFileName("V1_2__add_x.sql", v, n, Naming::kModule).ok());
  EXPECT_EQ(v, "1.2");
  EXPECT_EQ(n, "add_x");
  EXPECT_FALSE(ParseMigrationFileName("V__x.sql", v, n, Naming::kModule).ok());
  EXPECT_FALSE(ParseMigrationFileName("V1.a__x.sql", v, n, Naming::kModule).ok());
  EXPECT_FALSE(ParseMigrationFileName("001.sql", v, n, Naming::kModule).ok());
  EXPECT_FALSE(ParseMigrationFileName("001_x.sql", v, n).ok());  // the project's: timestamps
}

}  // namespace
}  // namespace pgcrate::migrate

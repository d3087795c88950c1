// Golden tests of every lint output format on one sample migration (testdata/formats), plus
// the linter's cross-statement behaviour: inline ignores, tables created by earlier pending
// files, and search_path. PGCRATE_UPDATE_GOLDEN=1 rewrites the goldens.
#include "lint/render.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "base/files.h"
#include "lint/sources.h"
#include "migrate/migration_file.h"

namespace pgcrate::lint {
namespace {

namespace fs = std::filesystem;
const fs::path kDir = fs::path(PGCRATE_SOURCE_DIR) / "src/lint/testdata/formats";

std::string ReadGolden(const fs::path& p) {
  auto text = base::ReadFile(p.string());
  return text.ok() ? *text : "";
}

void ExpectGolden(const std::string& name, const std::string& got) {
  fs::path golden = kDir / name;
  if (std::getenv("PGCRATE_UPDATE_GOLDEN")) {
    std::ofstream(golden) << got;
    return;
  }
  ASSERT_TRUE(fs::exists(golden)) << golden << " missing; run with PGCRATE_UPDATE_GOLDEN=1";
  EXPECT_EQ(got, ReadGolden(golden)) << name;
}

LintReport Sample() {
  std::string name = "20250101000000_add_orders_user.sql";
  std::string content = ReadGolden(kDir / name);
  auto m = migrate::ParseMigrationFile("testdata/formats/" + name, content);
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  return Lint({FromMigration(m.value(), content)}, LintOptions());
}

TEST(LintRender, EveryFormatMatchesItsGolden) {
  LintReport r = Sample();
  ExpectGolden("text.golden", RenderText(r, false));
  ExpectGolden("json.golden", RenderJson(r) + "\n");
  ExpectGolden("github.golden", RenderGithub(r));
  ExpectGolden("sarif.golden", RenderSarif(r, "<version>") + "\n");
}

// Issue 10 #11: bytes that are not UTF-8 (a Latin-1 file) reach the renderers through the
// source line and the message; JSON and SARIF replace them with U+FFFD instead of throwing.
TEST(LintRender, InvalidUtf8IsReplacedNotThrown) {
  LintFile f;
  f.path = "latin1.sql";
  f.content = "DELETE FROM caf\xE9; -- na\xEFve \xFF\n";
  LintReport r = Lint({f}, LintOptions());
  ASSERT_EQ(r.findings.size(), 1u) << RenderText(r, false);
  for (const std::string& doc : {RenderJson(r), RenderSarif(r, "1")}) {
    auto parsed = nlohmann::json::parse(doc, nullptr, false);  // strict UTF-8 parser
    ASSERT_FALSE(parsed.is_discarded()) << doc;
    EXPECT_NE(doc.find("caf\xEF\xBF\xBD"), std::string::npos) << doc;
  }
  EXPECT_NE(RenderText(r, false).find("caf\xE9"), std::string::npos);  // text: bytes as they are
}

TEST(LintRender, InlineIgnoreSilencesOnlyItsStatement) {
  LintReport r = Sample();
  int set_not_null = 0;
  for (const auto& f : r.findings) set_not_null += f.rule_id == "set-not-null";
  EXPECT_EQ(set_not_null, 0);
  LintFile f;
  f.path = "x.sql";
  f.content =
      "DELETE FROM a; -- pgcrate-lint: ignore unfiltered-dml\nDELETE FROM b;\n"
      "/* pgcrate-lint: ignore */ TRUNCATE c;";
  LintReport two = Lint({f}, LintOptions());
  ASSERT_EQ(two.findings.size(), 1u) << RenderText(two, false);
  EXPECT_EQ(two.findings[0].message,
            "DELETE of public.b has no WHERE clause: it touches and "
            "locks every row.");
}

TEST(LintRender, TablesFromEarlierPendingFilesAreNew) {
  LintFile a, b;
  a.path = "1.sql";
  a.content = "SET search_path = app;\nCREATE TABLE orders (id bigint PRIMARY KEY);\n";
  b.path = "2.sql";
  b.content =
      "CREATE INDEX idx_orders_id ON app.orders (id);\n"
      "CREATE INDEX idx_orders_id2 ON orders (id);\n";
  LintReport r = Lint({a, b}, LintOptions());
  ASSERT_EQ(r.findings.size(), 1u) << RenderText(r, false);
  EXPECT_EQ(r.findings[0].file, "2.sql");
  EXPECT_EQ(r.findings[0].line, 2);  // public.orders is not the new app.orders
}

}  // namespace
}  // namespace pgcrate::lint

#include "support/json_schema.h"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "support/json_contract.h"

namespace pgcrate::testing {
namespace {

using nlohmann::json;

class JsonSchemaTest : public ::testing::Test {
 protected:
  JsonSchemaTest() : schemas_("/nonexistent") {
    schemas_.Add("common.schema.json", json::parse(R"({
      "$defs": {
        "severity": {"enum": ["healthy", "warning", "critical"]},
        "count": {"type": "integer", "minimum": 0}
      }
    })"));
    schemas_.Add("thing.schema.json", json::parse(R"({
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "title": "a thing",
      "type": "object",
      "required": ["ok", "name", "items"],
      "additionalProperties": false,
      "properties": {
        "ok": {"const": true},
        "name": {"type": "string", "minLength": 1, "pattern": "^[a-z_]+$"},
        "note": {"type": ["string", "null"], "description": "nullable"},
        "severity": {"$ref": "common.schema.json#/$defs/severity"},
        "count": {"$ref": "common.schema.json#/$defs/count"},
        "items": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/item"}},
        "pair": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}],
                 "items": false},
        "extra": {"type": "object", "additionalProperties": {"type": "number"}},
        "either": {"anyOf": [{"type": "string"}, {"type": "boolean"}]},
        "one": {"oneOf": [{"type": "integer"}, {"type": "number"}]},
        "both": {"allOf": [{"type": "object"}, {"required": ["a"]}]}
      },
      "$defs": {
        "item": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}
      }
    })"));
  }

  // The errors of `doc` (a JSON text) against thing.schema.json, formatted.
  std::string Errors(const std::string& doc) {
    return FormatSchemaErrors(schemas_.Validate("thing.schema.json", json::parse(doc)));
  }

  SchemaSet schemas_;
};

TEST_F(JsonSchemaTest, AcceptsADocumentThatMatches) {
  EXPECT_EQ(Errors(R"({"ok": true, "name": "a_b", "items": [{"id": 1}, {"id": 2, "x": 0}]})"), "");
  EXPECT_EQ(Errors(R"({"ok": true, "name": "a", "items": [{"id": 1}], "note": null,
                       "severity": "warning", "count": 3, "pair": ["x", 2],
                       "extra": {"a": 1.5, "b": 2}, "either": false, "one": 1.5,
                       "both": {"a": 1}})"),
            "");
  // 2.0 is an integer in JSON Schema.
  EXPECT_EQ(Errors(R"({"ok": true, "name": "a", "items": [{"id": 2.0}]})"), "");
}

TEST_F(JsonSchemaTest, RejectsWithThePointerAndTheReason) {
  EXPECT_EQ(Errors(R"({"ok": true, "name": "a"})"), "(root): missing required key \"items\"");
  EXPECT_EQ(Errors(R"({"ok": false, "name": "a", "items": [{"id": 1}]})"),
            "/ok: expected true, got false");
  EXPECT_EQ(Errors(R"({"ok": true, "name": "a", "items": [{"id": 1}], "more": 1})"),
            "/more: unexpected key \"more\"");
  EXPECT_EQ(Errors(R"({"ok": true, "name": "a", "items": [{"id": "1"}]})"),
            "/items/0/id: expected type \"integer\", got \"1\"");
  EXPECT_EQ(Errors(R"({"ok": true, "name": "a", "items": [{"id": 1.5}]})"),
            "/items/0/id: expected type \"integer\", got 1.5");
  EXPECT_EQ(Errors(R"({"ok": true, "name": "a", "items": []})"), "/items: fewer than 1 items");
  EXPECT_EQ(Errors(R"({"ok": true, "name": "", "items": [{"id": 1}]})"),
            "/name: string shorter than 1\n/name: \"\" does not match \"^[a-z_]+$\"");
  EXPECT_EQ(Errors(R"({"ok": true, "name": "A", "items": [{"id": 1}], "note": 3})"),
            "/name: \"A\" does not match \"^[a-z_]+$\"\n"
            "/note: expected type [\"string\",\"null\"], got 3");
}

TEST_F(JsonSchemaTest, FollowsReferencesAndCombinators) {
  std::string base = R"({"ok": true, "name": "a", "items": [{"id": 1}], )";
  EXPECT_EQ(Errors(base + R"("severity": "fine"})"),
            "/severity: \"fine\" is not one of [\"healthy\",\"warning\",\"critical\"]");
  EXPECT_EQ(Errors(base + R"("count": -1})"), "/count: -1 is below the minimum 0");
  EXPECT_EQ(Errors(base + R"("pair": ["x", 2, 3]})"), "/pair/2: no value is allowed here");
  EXPECT_EQ(Errors(base + R"("pair": [1]})"), "/pair/0: expected type \"string\", got 1");
  EXPECT_EQ(Errors(base + R"("extra": {"a": "1"}})"),
            "/extra/a: expected type \"number\", got \"1\"");
  EXPECT_EQ(Errors(base + R"("either": 1})"),
            "/either: matches no branch of anyOf; closest: /either: expected type \"string\", "
            "got 1");
  EXPECT_EQ(Errors(base + R"("one": 1})"), "/one: matches 2 branches of oneOf");
  EXPECT_EQ(Errors(base + R"("both": {}})"), "/both: missing required key \"a\"");
}

TEST_F(JsonSchemaTest, ReportsMissingSchemasAndKeywordsOutsideTheSubset) {
  EXPECT_FALSE(schemas_.Has("none.schema.json"));
  EXPECT_TRUE(schemas_.Has("thing.schema.json"));
  auto errors = schemas_.Validate("none.schema.json", json::object());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].reason.find("no schema /nonexistent/none.schema.json"), 0u);
  schemas_.Add("odd.schema.json", json::parse(R"({"type": "string", "maxLength": 3})"));
  EXPECT_EQ(FormatSchemaErrors(schemas_.Validate("odd.schema.json", "abcd")),
            "(root): schema keyword 'maxLength' (in odd.schema.json) is outside the validator's "
            "subset");
  schemas_.Add("dangling.schema.json", json::parse(R"({"$ref": "#/$defs/nothing"})"));
  EXPECT_EQ(FormatSchemaErrors(schemas_.Validate("dangling.schema.json", 1)),
            "(root): unresolved $ref \"#/$defs/nothing\" in dangling.schema.json");
}

TEST(JsonSchemas, EveryFileInDocsSchemasUsesOnlyTheValidatorsSubset) {
  SchemaSet schemas(PGCRATE_SOURCE_DIR "/docs/schemas");
  int files = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(PGCRATE_SOURCE_DIR "/docs/schemas")) {
    std::string name = entry.path().filename().string();
    if (!name.ends_with(".schema.json")) continue;
    ++files;
    EXPECT_EQ(FormatSchemaErrors(schemas.CheckSubset(name)), "") << name;
  }
  EXPECT_GT(files, 50);
}

TEST(JsonSchemas, CheckSubsetFindsKeywordsInUnusedBranches) {
  SchemaSet schemas("/nonexistent");
  schemas.Add("x.schema.json", json::parse(R"({"$defs": {"a": {"anyOf": [{"type": "string"},
      {"items": {"maxLength": 1}}]}}})"));
  EXPECT_EQ(FormatSchemaErrors(schemas.CheckSubset("x.schema.json")),
            "/$defs/a/anyOf/1/items/maxLength: keyword 'maxLength' is outside the validator's "
            "subset");
}

TEST(JsonContract, CommandPathsFollowTheTreeAndSkipGlobalOptions) {
  EXPECT_EQ(CommandPathOf({"migrate", "status", "--json"}), "migrate status");
  EXPECT_EQ(CommandPathOf({"status", "--json"}), "migrate status");
  EXPECT_EQ(CommandPathOf({"query", "-c", "SELECT 1"}), "sql");
  EXPECT_EQ(CommandPathOf({"-d", "postgres://x/y", "--json", "dba", "fix", "index", "i"}),
            "dba fix index");
  EXPECT_EQ(CommandPathOf({"--config", "dba", "model", "lint", "deps"}), "model lint deps");
  EXPECT_EQ(CommandPathOf({"inspect", "table", "status"}), "inspect table");
  EXPECT_EQ(CommandPathOf({"--json"}), "");
  EXPECT_EQ(SchemaFileFor({"dba", "locks", "--json"}, true), "dba-locks.schema.json");
  EXPECT_EQ(SchemaFileFor({"dba", "locks", "--json"}, false), "error.schema.json");
  EXPECT_EQ(SchemaFileFor({"dba", "--help", "--json"}, true), "help.schema.json");
  EXPECT_EQ(SchemaFileFor({"--json", "--version"}, true), "version.schema.json");
  EXPECT_EQ(SchemaFileFor({"--help-llm", "--json"}, true), "help-llm.schema.json");
  EXPECT_EQ(SchemaFileFor({"bogus", "--json"}, true), "");
}

const char kVersionDoc[] = R"({"ok": true, "version": "1.2.3"})";

TEST(JsonContract, ValidatesEachDocumentOfTheOutput) {
  CheckJsonContract({"--version", "--json"}, std::string(kVersionDoc) + "\n" + kVersionDoc);
  CheckJsonContract({"--version"}, "not JSON: no --json, nothing checked");
  EXPECT_NONFATAL_FAILURE(
      CheckJsonContract({"--json", "--version"}, std::string(kVersionDoc) + "\n{\"ok\": 1}"),
      "does not match docs/schemas/version.schema.json");
  EXPECT_NONFATAL_FAILURE(CheckJsonContract({"--json", "--version"}, "{\"ok\": true,"),
                          "printed something that is not JSON");
  EXPECT_NONFATAL_FAILURE(CheckJsonContract({"--json", "migrate"}, R"({"ok": true})"),
                          "no JSON schema for this command (docs/schemas/migrate.schema.json)");
  CheckJsonContract({"--json", "bogus"}, R"({"ok": false, "error": {"message": "unknown."}})");
}

}  // namespace
}  // namespace pgcrate::testing

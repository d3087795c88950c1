// A JSON Schema (draft 2020-12) validator of the subset docs/schemas/ uses, for the tests that
// hold every `--json` output to its schema: type (a name or an array of names), properties,
// required, additionalProperties (a boolean or a schema), items, prefixItems, enum, const,
// $ref (to "#/$defs/..." in the same file, or to a sibling file "x.schema.json#/$defs/..."),
// allOf, anyOf, oneOf, minimum, minItems, minLength and pattern (std::regex, ECMAScript).
// Annotations ($schema, $id, title, description, examples, $comment) are ignored. A keyword
// outside the subset is reported as an error, so a schema never silently checks less than it
// says.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace pgcrate::testing {

// One way a document fails its schema: where in the document (a JSON pointer, "" for the root)
// and why.
struct SchemaError {
  std::string pointer;
  std::string reason;
};

// Loads schemas from one directory (by file name) and validates documents against them.
// Schemas are read on first use and kept. Not thread-safe.
class SchemaSet {
 public:
  explicit SchemaSet(std::string dir) : dir_(std::move(dir)) {}

  // Registers `schema` under `name` instead of reading dir/name (tests of the validator).
  void Add(const std::string& name, nlohmann::json schema);
  // Whether dir/name exists (or was added).
  bool Has(const std::string& name);
  // Validates `doc` against schema `name`; the errors (empty when it is valid). A schema that
  // cannot be read, or uses a keyword outside the subset, is an error at the root.
  std::vector<SchemaError> Validate(const std::string& name, const nlohmann::json& doc);
  // Every keyword of schema `name` (in every subschema, used or not) that is outside the
  // subset, with its JSON pointer in the schema; empty when the validator understands it all.
  std::vector<SchemaError> CheckSubset(const std::string& name);

 private:
  const nlohmann::json* Load(const std::string& name, std::string& why);
  void Check(const std::string& file, const nlohmann::json& schema, const nlohmann::json& doc,
             const std::string& pointer, std::vector<SchemaError>& errors, int depth);
  void CheckRef(const std::string& file, const std::string& ref, const nlohmann::json& doc,
                const std::string& pointer, std::vector<SchemaError>& errors, int depth);
  void CheckObject(const std::string& file, const nlohmann::json& schema, const nlohmann::json& doc,
                   const std::string& pointer, std::vector<SchemaError>& errors, int depth);
  void CheckArray(const std::string& file, const nlohmann::json& schema, const nlohmann::json& doc,
                  const std::string& pointer, std::vector<SchemaError>& errors, int depth);
  void Walk(const std::string& file, const nlohmann::json& schema, const std::string& pointer,
            std::vector<SchemaError>& errors);
  void CheckCombinators(const std::string& file, const nlohmann::json& schema,
                        const nlohmann::json& doc, const std::string& pointer,
                        std::vector<SchemaError>& errors, int depth);

  std::string dir_;
  std::map<std::string, nlohmann::json> schemas_;
};

// "JSON pointer: reason" lines for a failure message.
std::string FormatSchemaErrors(const std::vector<SchemaError>& errors);

}  // namespace pgcrate::testing

#include "support/json_schema.h"

#include <cmath>
#include <fstream>
#include <regex>
#include <set>

namespace pgcrate::testing {
namespace {

using nlohmann::json;

const std::set<std::string>& KnownKeywords() {
  static const std::set<std::string> keywords = {"$schema",
                                                 "$id",
                                                 "$defs",
                                                 "$comment",
                                                 "title",
                                                 "description",
                                                 "examples",
                                                 "type",
                                                 "properties",
                                                 "required",
                                                 "additionalProperties",
                                                 "items",
                                                 "prefixItems",
                                                 "enum",
                                                 "const",
                                                 "$ref",
                                                 "allOf",
                                                 "anyOf",
                                                 "oneOf",
                                                 "minimum",
                                                 "minItems",
                                                 "minLength",
                                                 "pattern",
                                                 "default"};
  return keywords;
}

std::string Escape(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

bool HasType(const json& doc, const std::string& type) {
  if (type == "null") return doc.is_null();
  if (type == "boolean") return doc.is_boolean();
  if (type == "object") return doc.is_object();
  if (type == "array") return doc.is_array();
  if (type == "string") return doc.is_string();
  if (type == "number") return doc.is_number();
  if (type == "integer") {
    if (doc.is_number_integer()) return true;
    return doc.is_number_float() && std::floor(doc.get<double>()) == doc.get<double>();
  }
  return false;
}

std::string Short(const json& doc) {
  std::string text = doc.dump();
  return text.size() > 80 ? text.substr(0, 77) + "..." : text;
}

bool CheckType(const json& schema, const json& doc) {
  if (schema.is_string()) return HasType(doc, schema.get<std::string>());
  for (const auto& t : schema) {
    if (HasType(doc, t.get<std::string>())) return true;
  }
  return false;
}

constexpr int kMaxDepth = 64;

}  // namespace

void SchemaSet::Add(const std::string& name, json schema) { schemas_[name] = std::move(schema); }

bool SchemaSet::Has(const std::string& name) {
  if (schemas_.count(name)) return true;
  return std::ifstream(dir_ + "/" + name).good();
}

const json* SchemaSet::Load(const std::string& name, std::string& why) {
  if (auto it = schemas_.find(name); it != schemas_.end()) return &it->second;
  std::ifstream in(dir_ + "/" + name);
  if (!in) {
    why = "no schema " + dir_ + "/" + name;
    return nullptr;
  }
  json schema = json::parse(in, nullptr, false);
  if (schema.is_discarded()) {
    why = "schema " + name + " is not JSON";
    return nullptr;
  }
  return &(schemas_[name] = std::move(schema));
}

std::vector<SchemaError> SchemaSet::Validate(const std::string& name, const json& doc) {
  std::vector<SchemaError> errors;
  CheckRef(name, name, doc, "", errors, 0);
  return errors;
}

void SchemaSet::CheckRef(const std::string& file, const std::string& ref, const json& doc,
                         const std::string& pointer, std::vector<SchemaError>& errors, int depth) {
  size_t hash = ref.find('#');
  std::string target = hash == 0 ? file : ref.substr(0, hash);
  std::string fragment = hash == std::string::npos ? "" : ref.substr(hash + 1);
  std::string why;
  const json* schema = Load(target, why);
  if (schema == nullptr) {
    errors.push_back({pointer, why + " (from $ref \"" + ref + "\" in " + file + ")"});
    return;
  }
  json::json_pointer ptr(fragment);
  if (!fragment.empty() && !schema->contains(ptr)) {
    errors.push_back({pointer, "unresolved $ref \"" + ref + "\" in " + file});
    return;
  }
  Check(target, fragment.empty() ? *schema : schema->at(ptr), doc, pointer, errors, depth + 1);
}

void SchemaSet::Check(const std::string& file, const json& schema, const json& doc,
                      const std::string& pointer, std::vector<SchemaError>& errors, int depth) {
  if (depth > kMaxDepth) {
    errors.push_back({pointer, "schema recursion deeper than 64 in " + file});
    return;
  }
  if (schema.is_boolean()) {
    if (!schema.get<bool>()) errors.push_back({pointer, "no value is allowed here"});
    return;
  }
  for (const auto& [key, value] : schema.items()) {
    if (!KnownKeywords().count(key)) {
      errors.push_back({pointer, "schema keyword '" + key + "' (in " + file +
                                     ") is outside the validator's subset"});
    }
  }
  if (schema.contains("$ref")) {
    CheckRef(file, schema["$ref"].get<std::string>(), doc, pointer, errors, depth);
  }
  if (schema.contains("type") && !CheckType(schema["type"], doc)) {
    errors.push_back({pointer, "expected type " + schema["type"].dump() + ", got " + Short(doc)});
    return;  // the keywords below assume the type
  }
  if (schema.contains("const") && schema["const"] != doc) {
    errors.push_back({pointer, "expected " + schema["const"].dump() + ", got " + Short(doc)});
  }
  if (schema.contains("enum")) {
    bool found = false;
    for (const auto& v : schema["enum"]) found = found || v == doc;
    if (!found) {
      errors.push_back({pointer, Short(doc) + " is not one of " + schema["enum"].dump()});
    }
  }
  if (schema.contains("minimum") && doc.is_number() &&
      doc.get<double>() < schema["minimum"].get<double>()) {
    errors.push_back({pointer, Short(doc) + " is below the minimum " + schema["minimum"].dump()});
  }
  if (doc.is_string()) {
    const std::string& s = doc.get_ref<const std::string&>();
    if (schema.contains("minLength") && s.size() < schema["minLength"].get<size_t>()) {
      errors.push_back({pointer, "string shorter than " + schema["minLength"].dump()});
    }
    if (schema.contains("pattern") &&
        !std::regex_search(s, std::regex(schema["pattern"].get<std::string>()))) {
      errors.push_back({pointer, Short(doc) + " does not match " + schema["pattern"].dump()});
    }
  }
  if (doc.is_object()) CheckObject(file, schema, doc, pointer, errors, depth);
  if (doc.is_array()) CheckArray(file, schema, doc, pointer, errors, depth);
  CheckCombinators(file, schema, doc, pointer, errors, depth);
}

void SchemaSet::CheckObject(const std::string& file, const json& schema, const json& doc,
                            const std::string& pointer, std::vector<SchemaError>& errors,
                            int depth) {
  if (schema.contains("required")) {
    for (const auto& key : schema["required"]) {
      if (!doc.contains(key.get<std::string>())) {
        errors.push_back({pointer, "missing required key \"" + key.get<std::string>() + "\""});
      }
    }
  }
  const json empty = json::object();
  const json& properties = schema.contains("properties") ? schema["properties"] : empty;
  for (const auto& [key, value] : doc.items()) {
    std::string at = pointer + "/" + Escape(key);
    if (properties.contains(key)) {
      Check(file, properties[key], value, at, errors, depth + 1);
    } else if (schema.contains("additionalProperties")) {
      const json& extra = schema["additionalProperties"];
      if (extra.is_boolean() && !extra.get<bool>()) {
        errors.push_back({at, "unexpected key \"" + key + "\""});
      } else {
        Check(file, extra, value, at, errors, depth + 1);
      }
    }
  }
}

void SchemaSet::CheckArray(const std::string& file, const json& schema, const json& doc,
                           const std::string& pointer, std::vector<SchemaError>& errors,
                           int depth) {
  if (schema.contains("minItems") && doc.size() < schema["minItems"].get<size_t>()) {
    errors.push_back({pointer, "fewer than " + schema["minItems"].dump() + " items"});
  }
  size_t first = 0;
  if (schema.contains("prefixItems")) {
    const json& prefix = schema["prefixItems"];
    for (; first < prefix.size() && first < doc.size(); ++first) {
      Check(file, prefix[first], doc[first], pointer + "/" + std::to_string(first), errors,
            depth + 1);
    }
  }
  if (!schema.contains("items")) return;
  for (size_t i = first; i < doc.size(); ++i) {
    Check(file, schema["items"], doc[i], pointer + "/" + std::to_string(i), errors, depth + 1);
  }
}

void SchemaSet::CheckCombinators(const std::string& file, const json& schema, const json& doc,
                                 const std::string& pointer, std::vector<SchemaError>& errors,
                                 int depth) {
  if (schema.contains("allOf")) {
    for (const auto& sub : schema["allOf"]) Check(file, sub, doc, pointer, errors, depth + 1);
  }
  for (const char* keyword : {"anyOf", "oneOf"}) {
    if (!schema.contains(keyword)) continue;
    int matches = 0;
    std::vector<SchemaError> first_errors;
    for (const auto& sub : schema[keyword]) {
      std::vector<SchemaError> sub_errors;
      Check(file, sub, doc, pointer, sub_errors, depth + 1);
      if (sub_errors.empty()) {
        ++matches;
      } else if (first_errors.empty() || sub_errors.size() < first_errors.size()) {
        first_errors = std::move(sub_errors);  // the closest branch explains the failure best
      }
    }
    std::string name = keyword;
    if (matches == 0) {
      errors.push_back({pointer, "matches no branch of " + name +
                                     "; closest: " + FormatSchemaErrors(first_errors)});
    } else if (name == "oneOf" && matches > 1) {
      errors.push_back({pointer, "matches " + std::to_string(matches) + " branches of oneOf"});
    }
  }
}

std::vector<SchemaError> SchemaSet::CheckSubset(const std::string& name) {
  std::vector<SchemaError> errors;
  std::string why;
  const json* schema = Load(name, why);
  if (schema == nullptr) return {{"", why}};
  Walk(name, *schema, "", errors);
  return errors;
}

void SchemaSet::Walk(const std::string& file, const json& schema, const std::string& pointer,
                     std::vector<SchemaError>& errors) {
  if (!schema.is_object()) return;  // true/false
  for (const auto& [key, value] : schema.items()) {
    std::string at = pointer + "/" + Escape(key);
    if (!KnownKeywords().count(key)) {
      errors.push_back({at, "keyword '" + key + "' is outside the validator's subset"});
    } else if (key == "properties" || key == "$defs") {
      for (const auto& [name, sub] : value.items())
        Walk(file, sub, at + "/" + Escape(name), errors);
    } else if (key == "items" || key == "additionalProperties") {
      Walk(file, value, at, errors);
    } else if (key == "prefixItems" || key == "allOf" || key == "anyOf" || key == "oneOf") {
      for (size_t i = 0; i < value.size(); ++i) {
        Walk(file, value[i], at + "/" + std::to_string(i), errors);
      }
    }
  }
}

std::string FormatSchemaErrors(const std::vector<SchemaError>& errors) {
  std::string out;
  for (const auto& e : errors) {
    out += (out.empty() ? "" : "\n") + (e.pointer.empty() ? std::string("(root)") : e.pointer) +
           ": " + e.reason;
  }
  return out;
}

}  // namespace pgcrate::testing

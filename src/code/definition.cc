#include "code/definition.h"

#include <cctype>
#include <map>
#include <vector>

#include "base/strings.h"
#include "sql/quote.h"
#include "sql/references.h"

namespace pgcrate::code::internal {
namespace {

using sql::JsonRef;

std::vector<std::string> Parts(JsonRef list) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < list.size(); ++i) parts.emplace_back(list.at(i)["String"]["sval"].str());
  return parts;
}

// (schema, name) of a name list, the schema defaulting to `def`.
std::pair<std::string, std::string> SchemaName(const std::vector<std::string>& parts,
                                               const std::string& def) {
  if (parts.empty()) return {def, ""};
  return {parts.size() >= 2 ? parts[parts.size() - 2] : def, parts.back()};
}

std::pair<std::string, std::string> RangeVarName(JsonRef rv, const std::string& def) {
  std::string schema(rv["schemaname"].str());
  return {schema.empty() ? def : schema, std::string(rv["relname"].str())};
}

bool IsIdentityArg(std::string_view mode) {
  return mode != "FUNC_PARAM_OUT" && mode != "FUNC_PARAM_TABLE";
}

// "(int4, text)" from FunctionParameter nodes; `interface` gets modes, names and defaults too.
std::string ArgList(JsonRef params, std::string* interface) {
  std::vector<std::string> ids, full;
  for (size_t i = 0; i < params.size(); ++i) {
    JsonRef p = params.at(i)["FunctionParameter"];
    std::string mode(p["mode"].str()), type = sql::TypeNameSql(p["argType"]);
    if (IsIdentityArg(mode)) ids.push_back(type);
    full.push_back(mode + " " + std::string(p["name"].str()) + " " + type +
                   (p["defexpr"].valid() ? " DEFAULT" : ""));
  }
  if (interface) *interface = "(" + base::Join(full, ", ") + ")";
  return "(" + base::Join(ids, ", ") + ")";
}

void Named(CodeObject& o, std::string kind, std::pair<std::string, std::string> sn) {
  o.kind = std::move(kind);
  o.schema = std::move(sn.first);
  o.name = std::move(sn.second);
}

// The SQL keyword of a kind in DROP / COMMENT statements.
std::string Keyword(std::string kind) {
  for (char& c : kind) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return kind;
}

void Finish(CodeObject& o) {
  std::string qualified = sql::QualifiedName(o.schema, o.name);
  if (o.kind == "trigger" || o.kind == "policy") {
    o.identity = o.kind + " " + sql::QuoteIdent(o.name) + " on " + o.table;
    o.drop_sql = "DROP " + Keyword(o.kind) + " " + sql::QuoteIdent(o.name) + " ON " + o.table;
    return;
  }
  o.identity = o.kind + " " + qualified + o.args;
  o.drop_sql = "DROP " + Keyword(o.kind) + " " + qualified + o.args;
}

void Routine(JsonRef body, const std::string& def, CodeObject& o) {
  Named(o, body["is_procedure"].boolean() ? "procedure" : "function",
        SchemaName(Parts(body["funcname"]), def));
  o.or_replace = body["replace"].boolean();
  std::string params;
  o.args = ArgList(body["parameters"], &params);
  JsonRef ret = body["returnType"];
  o.interface = params + " -> " + (ret["setof"].boolean() ? "SETOF " : "") + sql::TypeNameSql(ret);
}

void Aggregate(JsonRef body, const std::string& def, CodeObject& o) {
  Named(o, "aggregate", SchemaName(Parts(body["defnames"]), def));
  JsonRef args = body["args"].at(0)["List"]["items"];
  o.args = args.size() == 0 ? "(*)" : ArgList(args, nullptr);
}

// The table of a trigger or policy, quoted and qualified.
std::string TableOf(JsonRef rv, const std::string& def) {
  auto [schema, name] = RangeVarName(rv, def);
  return sql::QualifiedName(schema, name);
}

// Reads a definition; false when `type` is not one.
bool Definition(std::string_view type, JsonRef body, const std::string& def, CodeObject& o) {
  if (type == "ViewStmt") {
    Named(o, "view", RangeVarName(body["view"], def));
    o.or_replace = body["replace"].boolean();
  } else if (type == "CreateTableAsStmt" && body["objtype"].str() == "OBJECT_MATVIEW") {
    Named(o, "materialized view", RangeVarName(body["into"]["rel"], def));
  } else if (type == "CreateFunctionStmt") {
    Routine(body, def, o);
  } else if (type == "DefineStmt" && body["kind"].str() == "OBJECT_AGGREGATE") {
    Aggregate(body, def, o);
  } else if (type == "CompositeTypeStmt") {
    Named(o, "type", RangeVarName(body["typevar"], def));
  } else if (type == "CreateEnumStmt" || type == "CreateRangeStmt") {
    Named(o, "type", SchemaName(Parts(body["typeName"]), def));
  } else if (type == "CreateDomainStmt") {
    Named(o, "domain", SchemaName(Parts(body["domainname"]), def));
  } else if (type == "CreateTrigStmt") {
    o.kind = "trigger";
    o.name = std::string(body["trigname"].str());
    o.table = TableOf(body["relation"], def);
    o.schema = RangeVarName(body["relation"], def).first;
    o.or_replace = body["replace"].boolean();
  } else if (type == "CreatePolicyStmt") {
    o.kind = "policy";
    o.name = std::string(body["policy_name"].str());
    o.table = TableOf(body["table"], def);
    o.schema = RangeVarName(body["table"], def).first;
  } else {
    return false;
  }
  Finish(o);
  return true;
}

// ---- attachments ----

std::string Identity(const std::string& kind, const std::pair<std::string, std::string>& sn,
                     const std::string& args = "") {
  return kind + " " + sql::QualifiedName(sn.first, sn.second) + args;
}

std::vector<std::string> RelationNames(const std::pair<std::string, std::string>& sn) {
  return {Identity("view", sn), Identity("materialized view", sn)};
}

std::vector<std::string> RoutineNames(JsonRef owa, const std::string& def,
                                      const std::vector<std::string>& kinds) {
  auto sn = SchemaName(Parts(owa["objname"]), def);
  std::string args = "(*)";
  if (!owa["args_unspecified"].boolean()) {
    std::vector<std::string> types;
    JsonRef fargs = owa["objfuncargs"];
    for (size_t i = 0; i < fargs.size(); ++i) {
      JsonRef p = fargs.at(i)["FunctionParameter"];
      if (IsIdentityArg(p["mode"].str())) types.push_back(sql::TypeNameSql(p["argType"]));
    }
    args = "(" + base::Join(types, ", ") + ")";
  }
  std::vector<std::string> out;
  for (const auto& k : kinds) out.push_back(Identity(k, sn, args));
  return out;
}

// Object names of a COMMENT / GRANT target node of ObjectType `objtype`; empty = unsupported.
std::vector<std::string> TargetNames(std::string_view objtype, JsonRef obj,
                                     const std::string& def) {
  static const std::map<std::string_view, std::vector<std::string>> kRoutines = {
      {"OBJECT_FUNCTION", {"function"}},
      {"OBJECT_PROCEDURE", {"procedure"}},
      {"OBJECT_AGGREGATE", {"aggregate"}},
      {"OBJECT_ROUTINE", {"function", "procedure"}}};
  if (auto it = kRoutines.find(objtype); it != kRoutines.end()) {
    return RoutineNames(obj["ObjectWithArgs"], def, it->second);
  }
  std::vector<std::string> parts = obj["List"].valid()       ? Parts(obj["List"]["items"])
                                   : obj["TypeName"].valid() ? Parts(obj["TypeName"]["names"])
                                                             : std::vector<std::string>();
  if (obj["RangeVar"].valid()) return RelationNames(RangeVarName(obj["RangeVar"], def));
  if (objtype == "OBJECT_VIEW") return {Identity("view", SchemaName(parts, def))};
  if (objtype == "OBJECT_MATVIEW") return {Identity("materialized view", SchemaName(parts, def))};
  if (objtype == "OBJECT_TYPE") return {Identity("type", SchemaName(parts, def))};
  if (objtype == "OBJECT_DOMAIN") return {Identity("domain", SchemaName(parts, def))};
  if ((objtype == "OBJECT_COLUMN" || objtype == "OBJECT_TABLE") && !parts.empty()) {
    if (objtype == "OBJECT_COLUMN") parts.pop_back();
    return RelationNames(SchemaName(parts, def));
  }
  if ((objtype == "OBJECT_TRIGGER" || objtype == "OBJECT_POLICY") && parts.size() >= 2) {
    std::string name = parts.back();
    parts.pop_back();
    auto sn = SchemaName(parts, def);
    std::string kind = objtype == "OBJECT_TRIGGER" ? "trigger" : "policy";
    return {kind + " " + sql::QuoteIdent(name) + " on " + sql::QualifiedName(sn.first, sn.second)};
  }
  return {};
}

Status Attach(std::string_view type, JsonRef body, const std::string& def,
              const SourceLocation& loc, Attachment& a) {
  std::string_view objtype = body["objtype"].str();
  std::vector<JsonRef> objects;
  if (type == "CommentStmt") {
    objects.push_back(body["object"]);
  } else {
    if (body["targtype"].str() != "ACL_TARGET_OBJECT") {
      return Status(Code::kConfig,
                    "GRANT/REVOKE ... ALL ... IN SCHEMA in the code folder: name the objects.")
          .WithLocation(loc)
          .WithHint(
              "a grant in the code folder belongs to the objects it names; schema-wide "
              "grants and default privileges belong in migrations.");
    }
    for (size_t i = 0; i < body["objects"].size(); ++i) objects.push_back(body["objects"].at(i));
  }
  for (JsonRef obj : objects) {
    auto names = TargetNames(objtype, obj, def);
    if (names.empty()) {
      return Status(Code::kConfig, std::string(type == "CommentStmt" ? "COMMENT ON" : "GRANT") +
                                       " of a " + std::string(objtype.substr(7)) +
                                       " in the code folder: only code objects can be named.")
          .WithLocation(loc);
    }
    a.names.push_back(std::move(names));
  }
  return Status::Ok();
}

std::string WhatItIs(std::string_view type, JsonRef body) {
  static const std::map<std::string_view, std::string> kNames = {
      {"CreateStmt", "CREATE TABLE"},
      {"CreateTableAsStmt", "CREATE TABLE AS"},
      {"IndexStmt", "CREATE INDEX"},
      {"CreateSeqStmt", "CREATE SEQUENCE"},
      {"InsertStmt", "INSERT"},
      {"UpdateStmt", "UPDATE"},
      {"DeleteStmt", "DELETE"},
      {"TruncateStmt", "TRUNCATE"},
      {"CopyStmt", "COPY"},
      {"AlterTableStmt", "ALTER TABLE"},
      {"DropStmt", "DROP"},
      {"CreateSchemaStmt", "CREATE SCHEMA"},
      {"CreateExtensionStmt", "CREATE EXTENSION"},
      {"MergeStmt", "MERGE"}};
  if (type == "CreateTableAsStmt" && body["objtype"].str() != "OBJECT_MATVIEW") {
    return "CREATE TABLE AS";
  }
  auto it = kNames.find(type);
  return it != kNames.end() ? it->second : std::string(type);
}

bool IsStateful(std::string_view type) {
  static const std::vector<std::string_view> kStateful = {
      "CreateStmt", "CreateTableAsStmt", "IndexStmt",       "CreateSeqStmt", "InsertStmt",
      "UpdateStmt", "DeleteStmt",        "TruncateStmt",    "CopyStmt",      "AlterTableStmt",
      "MergeStmt",  "SelectStmt",        "CreateSchemaStmt"};
  for (auto s : kStateful)
    if (s == type) return true;
  return false;
}

}  // namespace

Status ReadStatement(const sql::Statement& st, const std::string& default_schema,
                     const SourceLocation& loc, CodeObject& out, Attachment& attachment,
                     bool* is_attachment) {
  std::string_view type = st.node.node_type();
  JsonRef body = st.node.node_body();
  *is_attachment = false;
  if (type == "CommentStmt" || type == "GrantStmt") {
    *is_attachment = true;
    return Attach(type, body, default_schema, loc, attachment);
  }
  if (Definition(type, body, default_schema, out)) return Status::Ok();
  std::string what = WhatItIs(type, body);
  if (IsStateful(type)) {
    return Status(Code::kConfig, what +
                                     " in the code folder: tables, data and anything "
                                     "stateful belong in migrations.")
        .WithLocation(loc)
        .WithHint("move this statement into a migration (`pgcrate migrate new NAME`).");
  }
  return Status(Code::kConfig, what + " is not allowed in the code folder.")
      .WithLocation(loc)
      .WithHint(
          "the code folder holds CREATE [OR REPLACE] of views, materialized views, "
          "functions, procedures, aggregates, types, domains, triggers and policies, and "
          "COMMENT ON / GRANT / REVOKE for them; everything else belongs in migrations.");
}

}  // namespace pgcrate::code::internal

#include "sql/references.h"

#include <pg_query.h>

#include <set>
#include <string>

#include "sql/comments.h"
#include "sql/quote.h"

namespace pgcrate::sql {
namespace {

std::vector<std::string> Parts(JsonRef name_list) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < name_list.size(); ++i) {
    parts.emplace_back(name_list.at(i)["String"]["sval"].str());
  }
  return parts;
}

ObjectName FromParts(const std::vector<std::string>& parts, const char* kind) {
  ObjectName o{kind, "", ""};
  if (parts.empty()) return o;
  o.name = parts.back();
  if (parts.size() >= 2) o.schema = parts[parts.size() - 2];
  return o;
}

bool IsAggregateFunctionOption(std::string_view name) {
  static const std::set<std::string_view> kNames = {"sfunc",      "finalfunc",    "combinefunc",
                                                    "serialfunc", "deserialfunc", "msfunc",
                                                    "minvfunc",   "mfinalfunc"};
  return kNames.count(name) > 0;
}

class Walker {
 public:
  explicit Walker(References* out) : out_(out) {}

  void Walk(JsonRef node) {
    if (node.is_array()) {
      for (size_t i = 0; i < node.size(); ++i) Walk(node.at(i));
      return;
    }
    if (!node.is_object()) return;
    for (size_t i = 0; i < node.size(); ++i) {
      JsonRef member = node.at(i);
      std::string_view key = member.key();
      if (key == "RangeVar") {
        Add(out_->relations, {"relation", std::string(member["schemaname"].str()),
                              std::string(member["relname"].str())});
      } else if (key == "FuncCall" || key == "CreateTrigStmt") {
        AddFunction(member["funcname"]);  // a call, or the function a trigger executes
      } else if (member["typemod"].valid() && member["names"].is_array()) {
        // A TypeName, wrapped ({"TypeName": {...}}) or not ("argType", "typeName", ...).
        Add(out_->types, FromParts(Parts(member["names"]), "type"));
      } else if (key == "DefElem" && IsAggregateFunctionOption(member["defname"].str())) {
        // An aggregate's support functions are parsed as type names; they are functions.
        AddFunction(member["arg"]["TypeName"]["names"]);
        continue;
      }
      Walk(member);
    }
  }

  // `node` itself when it is a TypeName body (a routine's "returnType").
  void WalkTypeName(JsonRef node) {
    if (node["typemod"].valid() && node["names"].is_array()) {
      Add(out_->types, FromParts(Parts(node["names"]), "type"));
    }
    Walk(node);
  }

  void AddFunction(JsonRef name_list) {
    Add(out_->functions, FromParts(Parts(name_list), "function"));
  }

 private:
  void Add(std::vector<ObjectName>& list, ObjectName o) {
    if (o.name.empty()) return;
    if (!seen_.insert(o.kind + ":" + o.Qualified()).second) return;
    list.push_back(std::move(o));
  }

  References* out_;
  std::set<std::string> seen_;
};

// Parses `sql` and walks every statement; false when it does not parse.
bool WalkSql(const std::string& sql, Walker& w) {
  auto stmts = ParseScript(sql);
  if (!stmts.ok()) return false;
  for (const auto& s : stmts.value()) w.Walk(s.node);
  return true;
}

// The text after the first `:=` or `=` token of a PL/pgSQL assignment ("x := g(a) + 1").
std::string AssignedExpression(const std::string& query) {
  auto tokens = ScanTokens(query);
  if (!tokens.ok()) return "";
  for (const Token& t : tokens.value()) {
    std::string_view text(query.data() + t.start, t.end - t.start);
    if (text == ":=" || text == "=") return query.substr(t.end);
  }
  return "";
}

// A PL/pgSQL expression or statement: SQL as it is, else an expression, else an assignment.
void WalkPlpgsqlQuery(const std::string& query, Walker& w) {
  if (WalkSql(query, w)) return;
  if (WalkSql("SELECT " + query, w)) return;
  std::string rhs = AssignedExpression(query);
  if (!rhs.empty()) (void)WalkSql("SELECT " + rhs, w);
}

void WalkPlpgsqlTree(JsonRef node, Walker& w) {
  if (node.is_array()) {
    for (size_t i = 0; i < node.size(); ++i) WalkPlpgsqlTree(node.at(i), w);
    return;
  }
  if (!node.is_object()) return;
  for (size_t i = 0; i < node.size(); ++i) {
    JsonRef member = node.at(i);
    std::string_view key = member.key();
    if (key == "PLpgSQL_expr") {
      WalkPlpgsqlQuery(std::string(member["query"].str()), w);
      continue;
    }
    if (key == "PLpgSQL_type") {
      std::string type(member["typname"].str());
      if (type != "UNKNOWN" && !type.empty()) (void)WalkSql("SELECT NULL::" + type, w);
      continue;
    }
    WalkPlpgsqlTree(member, w);
  }
}

// The references inside a PL/pgSQL body. libpg_query's PL/pgSQL parser has no catalog, so it
// refuses some valid bodies (an assignment to a field of a composite variable: "r.id is not a
// known variable"); such a body gives no references: they only matter when it runs, and the
// server checks its syntax at CREATE.
void WalkPlpgsql(const Statement& st, Walker& w) {
  std::string text = st.text;
  PgQueryPlpgsqlParseResult r = pg_query_parse_plpgsql(text.c_str());
  if (r.error) {
    pg_query_free_plpgsql_parse_result(r);
    return;
  }
  std::string json = r.plpgsql_funcs ? r.plpgsql_funcs : "[]";
  pg_query_free_plpgsql_parse_result(r);
  auto tree = JsonTree::Parse(std::move(json));
  if (tree.ok()) WalkPlpgsqlTree(tree.value()->root(), w);
}

// The language and the string body of a CREATE FUNCTION's options.
void FunctionBody(JsonRef options, std::string& language, std::string& body) {
  for (size_t i = 0; i < options.size(); ++i) {
    JsonRef def = options.at(i)["DefElem"];
    std::string_view name = def["defname"].str();
    if (name == "language") language = std::string(def["arg"]["String"]["sval"].str());
    if (name == "as") {
      JsonRef items = def["arg"]["List"]["items"];
      if (items.size() == 1) body = std::string(items.at(0)["String"]["sval"].str());
    }
  }
}

}  // namespace

References FindReferences(const Statement& st) {
  References out;
  Walker w(&out);
  w.Walk(st.node);
  if (st.node.node_type() != "CreateFunctionStmt") return out;
  std::string language, body;
  FunctionBody(st.node.node_body()["options"], language, body);
  if (language == "sql" && !body.empty()) {
    (void)WalkSql(body, w);
  } else if (language == "plpgsql") {
    WalkPlpgsql(st, w);
  }
  return out;
}

References FindReferencesIn(JsonRef node) {
  References out;
  Walker w(&out);
  w.WalkTypeName(node);
  return out;
}

std::string TypeNameSql(JsonRef type_name) {
  std::vector<std::string> parts = Parts(type_name["names"]);
  if (parts.empty()) return "";
  size_t first = parts.size() >= 2 && parts[0] == "pg_catalog" ? 1 : 0;
  std::string out;
  for (size_t i = first; i < parts.size(); ++i) {
    if (!out.empty()) out += ".";
    out += QuoteIdent(parts[i]);
  }
  if (type_name["pct_type"].boolean()) out += "%TYPE";
  for (size_t i = 0; i < type_name["arrayBounds"].size(); ++i) out += "[]";
  return out;
}

}  // namespace pgcrate::sql

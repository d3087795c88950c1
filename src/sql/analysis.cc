#include "sql/analysis.h"

#include <pg_query.h>

#include <algorithm>
#include <unordered_set>

#include "sql/analysis_internal.h"

namespace pgcrate::sql {

std::string ObjectName::Qualified() const { return schema.empty() ? name : schema + "." + name; }

LockMode Analysis::StrongestLock() const {
  LockMode m = LockMode::kNone;
  for (const auto& l : locks) m = std::max(m, l.mode);
  return m;
}

SearchPath::SearchPath() : SearchPath(std::vector<std::string>{"$user", "public"}) {}

SearchPath::SearchPath(std::vector<std::string> schemas) : schemas_(std::move(schemas)) {
  first_ = "public";
  for (const auto& s : schemas_) {
    if (s != "$user" && s != "pg_temp" && !s.empty()) {
      first_ = s;
      break;
    }
  }
}

std::string SearchPath::Resolve(std::string_view schema) const {
  return schema.empty() ? first_ : std::string(schema);
}

void SearchPath::Apply(const Statement& st) {
  if (st.node_type != "VariableSetStmt") return;
  JsonRef b = st.node.node_body();
  if (b["name"].str() != "search_path") return;
  std::string_view kind = b["kind"].str();
  if (kind == "VAR_RESET" || kind == "VAR_SET_DEFAULT") {
    *this = SearchPath();
    return;
  }
  if (kind != "VAR_SET_VALUE") return;
  std::vector<std::string> schemas;
  JsonRef args = b["args"];
  for (size_t i = 0; i < args.size(); ++i) {
    schemas.emplace_back(args.at(i)["A_Const"]["sval"]["sval"].str());
  }
  *this = SearchPath(std::move(schemas));
}

namespace internal {

void Collector::Lock(const ObjectName& rel, LockMode mode) {
  for (auto& l : a.locks) {
    if (l.relation.schema == rel.schema && l.relation.name == rel.name) {
      l.mode = std::max(l.mode, mode);
      return;
    }
  }
  a.locks.push_back({rel, mode});
}

ObjectName Collector::Rel(JsonRef range_var, const char* kind) const {
  return {kind, path.Resolve(range_var["schemaname"].str()),
          std::string(range_var["relname"].str())};
}

ObjectName Collector::Named(JsonRef name_list, const char* kind, bool schema_scoped) const {
  std::vector<std::string> parts;
  for (size_t i = 0; i < name_list.size(); ++i) {
    parts.emplace_back(name_list.at(i)["String"]["sval"].str());
  }
  if (parts.empty()) return {kind, "", ""};
  std::string name = parts.back();
  if (!schema_scoped) return {kind, "", name};
  std::string schema = parts.size() >= 2 ? parts[parts.size() - 2] : "";
  return {kind, path.Resolve(schema), name};
}

namespace {

// The names a node's own WITH clause defines (SelectStmt, InsertStmt, UpdateStmt, DeleteStmt
// and MergeStmt carry one).
void CteNamesOf(JsonRef node, std::vector<std::string>& visible) {
  JsonRef with = node["withClause"];
  if (with["WithClause"].is_object()) with = with["WithClause"];
  JsonRef ctes = with["ctes"];
  for (size_t i = 0, n = ctes.size(); i < n; ++i) {
    JsonRef name = ctes.at(i)["CommonTableExpr"]["ctename"];
    if (name.is_string()) visible.emplace_back(name.str());
  }
}

// The RangeVars under `node` that name relations: an unqualified name is a CTE, not a table,
// only inside the statement whose WITH clause defines it (and that statement's subqueries), so
// a CTE called `orders` in a subquery does not hide the table `orders` read outside it.
void FindRangeVars(JsonRef node, std::vector<std::string>& visible, std::vector<JsonRef>& out) {
  bool object = node.is_object();
  size_t scope = visible.size();
  if (object) CteNamesOf(node, visible);
  for (size_t i = 0, n = node.size(); i < n; ++i) {
    JsonRef child = node.at(i);
    if (object && child.key() == "RangeVar") {
      std::string_view rel = child["relname"].str();
      bool cte = child["schemaname"].str().empty() &&
                 std::find(visible.begin(), visible.end(), rel) != visible.end();
      if (!cte) out.push_back(child);
    }
    if (child.is_object() || child.is_array()) FindRangeVars(child, visible, out);
  }
  visible.resize(scope);
}

}  // namespace

void Collector::Reads(JsonRef subtree, LockMode mode) {
  std::vector<JsonRef> vars;
  std::vector<std::string> visible;
  FindRangeVars(subtree, visible, vars);
  for (JsonRef rv : vars) {
    ObjectName o = Rel(rv, "relation");
    if (std::find(a.read.begin(), a.read.end(), o) == a.read.end()) a.read.push_back(o);
    Lock(o, mode);
  }
}

}  // namespace internal

Analysis Analyze(const Statement& st, const SearchPath& path) {
  internal::Collector c{path, {}};
  JsonRef body = st.node.node_body();
  c.a.category = internal::CategoryOf(st.node_type, st.kind, body);
  if (!internal::AnalyzeDdl(st.node_type, body, c)) internal::AnalyzeOther(st.node_type, body, c);
  return std::move(c.a);
}

std::vector<Analysis> AnalyzeScript(const std::vector<Statement>& stmts, SearchPath path) {
  std::vector<Analysis> out;
  out.reserve(stmts.size());
  for (const auto& st : stmts) {
    path.Apply(st);
    out.push_back(Analyze(st, path));
  }
  return out;
}

Result<std::string> Fingerprint(std::string_view sql) {
  std::string owned(sql);
  PgQueryFingerprintResult r = pg_query_fingerprint(owned.c_str());
  if (r.error) {
    Status st(Code::kParse, std::string("syntax error: ") + r.error->message + ".");
    pg_query_free_fingerprint_result(r);
    return st;
  }
  std::string out = r.fingerprint_str;
  pg_query_free_fingerprint_result(r);
  return out;
}

const char* CategoryName(Category c) {
  switch (c) {
    case Category::kDdl:
      return "ddl";
    case Category::kDml:
      return "dml";
    case Category::kReadOnly:
      return "read-only";
    case Category::kTransactionControl:
      return "transaction-control";
    case Category::kUtility:
      return "utility";
  }
  return "utility";
}

const char* LockModeName(LockMode mode) {
  switch (mode) {
    case LockMode::kNone:
      return "";
    case LockMode::kAccessShare:
      return "ACCESS SHARE";
    case LockMode::kRowShare:
      return "ROW SHARE";
    case LockMode::kRowExclusive:
      return "ROW EXCLUSIVE";
    case LockMode::kShareUpdateExclusive:
      return "SHARE UPDATE EXCLUSIVE";
    case LockMode::kShare:
      return "SHARE";
    case LockMode::kShareRowExclusive:
      return "SHARE ROW EXCLUSIVE";
    case LockMode::kExclusive:
      return "EXCLUSIVE";
    case LockMode::kAccessExclusive:
      return "ACCESS EXCLUSIVE";
  }
  return "";
}

}  // namespace pgcrate::sql

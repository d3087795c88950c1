// Analysis of DML, reads and utility statements, and the category of every statement.
#include <algorithm>
#include <cctype>

#include "sql/analysis_internal.h"

namespace pgcrate::sql::internal {
namespace {

using L = LockMode;

void Write(JsonRef relation, Collector& c) {
  ObjectName t = c.Rel(relation, "table");
  c.a.written.push_back(t);
  c.Lock(t, L::kRowExclusive);
}

// The relation list of TRUNCATE / LOCK: [{"RangeVar": {...}}, ...].
void RelationList(JsonRef list, L mode, bool written, Collector& c) {
  for (size_t i = 0; i < list.size(); ++i) {
    ObjectName t = c.Rel(list.at(i)["RangeVar"], "table");
    (written ? c.a.written : c.a.altered).push_back(t);
    c.Lock(t, mode);
  }
}

void Vacuum(JsonRef b, Collector& c) {
  bool full = OptionOn(b["options"], "full");
  JsonRef rels = b["rels"];
  for (size_t i = 0; i < rels.size(); ++i) {
    ObjectName t = c.Rel(rels.at(i)["VacuumRelation"]["relation"], "table");
    c.a.altered.push_back(t);
    c.Lock(t, full ? L::kAccessExclusive : L::kShareUpdateExclusive);
  }
}

void Reindex(JsonRef b, Collector& c) {
  bool concurrently = OptionOn(b["params"], "concurrently");
  std::string_view kind = b["kind"].str();
  if (!b["relation"].valid()) return;  // SCHEMA / DATABASE / SYSTEM
  bool index = kind == "REINDEX_OBJECT_INDEX";
  ObjectName o = c.Rel(b["relation"], index ? "index" : "table");
  c.a.altered.push_back(o);
  if (concurrently)
    c.Lock(o, L::kShareUpdateExclusive);
  else
    c.Lock(o, index ? L::kAccessExclusive : L::kShare);
}

void Select(JsonRef b, Collector& c) {
  bool locking = b["lockingClause"].valid();
  c.Reads(b, locking ? L::kRowShare : L::kAccessShare);
  if (b["intoClause"].valid()) c.a.created.push_back(c.Rel(b["intoClause"]["rel"], "table"));
}

void Copy(JsonRef b, Collector& c) {
  if (b["relation"].valid()) {
    if (b["is_from"].boolean()) {
      Write(b["relation"], c);
    } else {
      ObjectName t = c.Rel(b["relation"], "table");
      c.a.read.push_back(t);
      c.Lock(t, L::kAccessShare);
    }
  }
  if (b["query"].valid()) c.Reads(b["query"]);
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

}  // namespace

Category CategoryOf(std::string_view t, StatementKind kind, JsonRef b) {
  if (kind == StatementKind::kTransactionControl) return Category::kTransactionControl;
  if (kind == StatementKind::kSessionSetting) return Category::kUtility;
  if (kind == StatementKind::kRead) return Category::kReadOnly;
  if (t == "InsertStmt" || t == "UpdateStmt" || t == "DeleteStmt" || t == "MergeStmt" ||
      t == "TruncateStmt" || t == "CallStmt" || t == "SelectStmt" || t == "ExplainStmt" ||
      t == "DeclareCursorStmt") {
    if (t == "SelectStmt" && b["intoClause"].valid()) return Category::kDdl;
    return Category::kDml;
  }
  if (t == "CopyStmt") return b["is_from"].boolean() ? Category::kDml : Category::kReadOnly;
  if (t == "AlterSystemStmt" || t == "AlterDatabaseSetStmt" || t == "AlterRoleSetStmt") {
    return Category::kUtility;
  }
  if (StartsWith(t, "Create") || StartsWith(t, "Alter") || StartsWith(t, "Drop") ||
      t == "IndexStmt" || t == "ViewStmt" || t == "RenameStmt" || t == "CommentStmt" ||
      t == "GrantStmt" || t == "GrantRoleStmt" || t == "DefineStmt" || t == "CompositeTypeStmt" ||
      t == "RuleStmt" || t == "SecLabelStmt" || t == "ReassignOwnedStmt" ||
      t == "ImportForeignSchemaStmt" || t == "RefreshMatViewStmt") {
    return Category::kDdl;
  }
  return Category::kUtility;
}

void AnalyzeOther(std::string_view t, JsonRef b, Collector& c) {
  if (t == "InsertStmt" || t == "UpdateStmt" || t == "DeleteStmt") {
    Write(b["relation"], c);
    c.Reads(b);
  } else if (t == "MergeStmt") {
    Write(b["relation"], c);
    c.Reads(b["sourceRelation"]);
  } else if (t == "SelectStmt" || t == "DeclareCursorStmt") {
    Select(t == "SelectStmt" ? b : b["query"]["SelectStmt"], c);
  } else if (t == "ExplainStmt") {
    c.Reads(b["query"]);
  } else if (t == "TruncateStmt") {
    RelationList(b["relations"], L::kAccessExclusive, true, c);
  } else if (t == "LockStmt") {
    int64_t mode = std::clamp<int64_t>(b["mode"].num(), 0, 8);
    RelationList(b["relations"], static_cast<L>(mode), false, c);
  } else if (t == "VacuumStmt") {
    Vacuum(b, c);
  } else if (t == "ReindexStmt") {
    Reindex(b, c);
  } else if (t == "ClusterStmt" && b["relation"].valid()) {
    ObjectName o = c.Rel(b["relation"], "table");
    c.a.altered.push_back(o);
    c.Lock(o, L::kAccessExclusive);
  } else if (t == "RefreshMatViewStmt") {
    ObjectName o = c.Rel(b["relation"], "materialized view");
    c.a.altered.push_back(o);
    c.Lock(o, b["concurrent"].boolean() ? L::kExclusive : L::kAccessExclusive);
  } else if (t == "CopyStmt") {
    Copy(b, c);
  }
}

}  // namespace pgcrate::sql::internal

namespace pgcrate::sql {

bool OptionOn(JsonRef list, std::string_view name) {
  for (size_t i = 0; i < list.size(); ++i) {
    JsonRef d = list.at(i)["DefElem"];
    if (d["defname"].str() != name) continue;
    JsonRef arg = d["arg"];
    if (!arg.valid()) return true;
    if (arg["Integer"].valid()) return arg["Integer"]["ival"].num() != 0;
    if (arg["Boolean"].valid()) return arg["Boolean"]["boolval"].boolean();
    std::string v(arg["String"]["sval"].str());
    for (char& ch : v) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return v != "false" && v != "off";
  }
  return false;
}

}  // namespace pgcrate::sql

// DDL analysis: which objects a CREATE / ALTER / DROP / RENAME creates, alters or drops, and
// the lock PostgreSQL 15 takes on each relation (per the "Explicit Locking" chapter and
// AlterTableGetLockLevel()).
#include <algorithm>
#include <map>

#include "sql/analysis_internal.h"

namespace pgcrate::sql::internal {
namespace {

using L = LockMode;

// Foreign keys take SHARE ROW EXCLUSIVE on the referenced table as well.
void ForeignKeyTargets(JsonRef constraints, Collector& c) {
  for (size_t i = 0; i < constraints.size(); ++i) {
    JsonRef con = constraints.at(i)["Constraint"];
    if (con["contype"].str() != "CONSTR_FOREIGN") continue;
    ObjectName target = c.Rel(con["pktable"], "table");
    c.a.read.push_back(target);
    c.Lock(target, L::kShareRowExclusive);
  }
}

void CreateTable(JsonRef b, Collector& c) {
  c.a.created.push_back(c.Rel(b["relation"], "table"));
  JsonRef elts = b["tableElts"];
  for (size_t i = 0; i < elts.size(); ++i) {
    JsonRef e = elts.at(i);
    if (e["ColumnDef"].valid()) ForeignKeyTargets(e["ColumnDef"]["constraints"], c);
  }
  ForeignKeyTargets(elts, c);
  JsonRef parents = b["inhRelations"];
  for (size_t i = 0; i < parents.size(); ++i) {
    ObjectName p = c.Rel(parents.at(i)["RangeVar"], "table");
    c.a.altered.push_back(p);
    // PARTITION OF takes ACCESS EXCLUSIVE on the parent; INHERITS takes SHARE UPDATE EXCLUSIVE.
    c.Lock(p, b["partbound"].valid() ? L::kAccessExclusive : L::kShareUpdateExclusive);
  }
}

void AlterTable(JsonRef b, Collector& c) {
  const char* kind = ObjectKind(b["objtype"].str());
  ObjectName rel = c.Rel(b["relation"], kind ? kind : "table");
  c.a.altered.push_back(rel);
  LockMode mode = L::kNone;
  JsonRef cmds = b["cmds"];
  for (size_t i = 0; i < cmds.size(); ++i) {
    JsonRef cmd = cmds.at(i)["AlterTableCmd"];
    mode = std::max(mode, AlterTableCmdLock(cmd));
    JsonRef def = cmd["def"];
    if (def["Constraint"]["contype"].str() == "CONSTR_FOREIGN") {
      ObjectName target = c.Rel(def["Constraint"]["pktable"], "table");
      c.a.read.push_back(target);
      c.Lock(target, L::kShareRowExclusive);
    }
    if (def["ColumnDef"].valid()) ForeignKeyTargets(def["ColumnDef"]["constraints"], c);
    if (def["PartitionCmd"].valid()) {
      ObjectName part = c.Rel(def["PartitionCmd"]["name"], "table");
      c.a.altered.push_back(part);
      c.Lock(part, def["PartitionCmd"]["concurrent"].boolean() ? L::kShareUpdateExclusive
                                                               : L::kAccessExclusive);
    }
  }
  c.Lock(rel, mode);
}

void CreateIndex(JsonRef b, Collector& c) {
  ObjectName table = c.Rel(b["relation"], "table");
  if (!b["idxname"].str().empty()) {
    c.a.created.push_back({"index", table.schema, std::string(b["idxname"].str())});
  }
  c.a.read.push_back(table);
  c.Lock(table, b["concurrent"].boolean() ? L::kShareUpdateExclusive : L::kShare);
}

bool IsRelationKind(const std::string& kind) {
  return kind == "table" || kind == "index" || kind == "view" || kind == "materialized view" ||
         kind == "sequence" || kind == "foreign table";
}

// One object of a DROP: a name list for relations and types, a String for schemas,
// ObjectWithArgs for functions, TypeName for types.
ObjectName DropTarget(JsonRef obj, const char* kind, Collector& c) {
  bool scoped = std::string_view(kind) != "schema" && std::string_view(kind) != "extension";
  if (obj["List"].valid()) return c.Named(obj["List"]["items"], kind, scoped);
  if (obj["String"].valid()) return {kind, "", std::string(obj["String"]["sval"].str())};
  if (obj["ObjectWithArgs"].valid()) return c.Named(obj["ObjectWithArgs"]["objname"], kind);
  if (obj["TypeName"].valid()) return c.Named(obj["TypeName"]["names"], kind);
  return {kind, "", ""};
}

void Drop(JsonRef b, Collector& c) {
  std::string_view type = b["removeType"].str();
  const char* kind = ObjectKind(type);
  if (!kind) kind = "object";
  JsonRef objects = b["objects"];
  for (size_t i = 0; i < objects.size(); ++i) {
    JsonRef obj = objects.at(i);
    bool on_table = type == "OBJECT_TRIGGER" || type == "OBJECT_POLICY" || type == "OBJECT_RULE";
    if (on_table) {
      // [schema?, table, name]: the object lives on a table, which gets the lock.
      JsonRef items = obj["List"]["items"];
      ObjectName name = c.Named(items, kind);
      c.a.dropped.push_back(name);
      std::vector<std::string> parts;
      for (size_t k = 0; k + 1 < items.size(); ++k)
        parts.emplace_back(items.at(k)["String"]["sval"].str());
      if (!parts.empty()) {
        ObjectName table{"table", c.path.Resolve(parts.size() > 1 ? parts[0] : ""), parts.back()};
        c.a.dropped.back().schema = table.schema;
        c.a.altered.push_back(table);
        c.Lock(table, L::kAccessExclusive);
      }
      continue;
    }
    ObjectName o = DropTarget(obj, kind, c);
    c.a.dropped.push_back(o);
    if (IsRelationKind(o.kind)) {
      c.Lock(o, b["concurrent"].boolean() ? L::kShareUpdateExclusive : L::kAccessExclusive);
    }
  }
}

void Rename(JsonRef b, Collector& c) {
  std::string_view type = b["renameType"].str();
  if (b["relation"].valid()) {
    const char* kind = ObjectKind(b["relationType"].str());
    if (type != "OBJECT_COLUMN" && type != "OBJECT_TABCONSTRAINT" && type != "OBJECT_TRIGGER") {
      kind = ObjectKind(type);
    }
    ObjectName rel = c.Rel(b["relation"], kind ? kind : "table");
    c.a.altered.push_back(rel);
    c.Lock(rel, type == "OBJECT_INDEX" ? L::kShareUpdateExclusive : L::kAccessExclusive);
    return;
  }
  const char* kind = ObjectKind(type);
  JsonRef obj = b["object"];
  if (kind && obj.valid()) c.a.altered.push_back(DropTarget(obj, kind, c));
  if (kind && std::string_view(kind) == "schema") {
    c.a.altered.push_back({"schema", "", std::string(b["subname"].str())});
  }
}

void CreateTableAs(JsonRef b, Collector& c) {
  const char* kind = b["objtype"].str() == "OBJECT_MATVIEW" ? "materialized view" : "table";
  c.a.created.push_back(c.Rel(
      b["into"]["IntoClause"].valid() ? b["into"]["IntoClause"]["rel"] : b["into"]["rel"], kind));
  c.Reads(b["query"]);
}

void View(JsonRef b, Collector& c) {
  ObjectName v = c.Rel(b["view"], "view");
  c.a.created.push_back(v);
  if (b["replace"].boolean()) c.Lock(v, L::kAccessExclusive);
  c.Reads(b["query"]);
}

void Trigger(JsonRef b, Collector& c) {
  ObjectName table = c.Rel(b["relation"], "table");
  c.a.created.push_back({"trigger", table.schema, std::string(b["trigname"].str())});
  c.a.altered.push_back(table);
  c.Lock(table, L::kShareRowExclusive);
}

// Statements whose only effect of interest is creating one named object.
bool SimpleCreate(std::string_view type, JsonRef b, Collector& c) {
  if (type == "CreateSeqStmt")
    c.a.created.push_back(c.Rel(b["sequence"], "sequence"));
  else if (type == "AlterSeqStmt")
    c.a.altered.push_back(c.Rel(b["sequence"], "sequence"));
  else if (type == "CreateSchemaStmt")
    c.a.created.push_back({"schema", "", std::string(b["schemaname"].str())});
  else if (type == "CreateExtensionStmt")
    c.a.created.push_back({"extension", "", std::string(b["extname"].str())});
  else if (type == "CreateFunctionStmt")
    c.a.created.push_back(
        c.Named(b["funcname"], b["is_procedure"].boolean() ? "procedure" : "function"));
  else if (type == "CreateEnumStmt" || type == "CreateRangeStmt")
    c.a.created.push_back(c.Named(b["typeName"], "type"));
  else if (type == "CompositeTypeStmt")
    c.a.created.push_back(c.Rel(b["typevar"], "type"));
  else if (type == "CreateDomainStmt")
    c.a.created.push_back(c.Named(b["domainname"], "type"));
  else if (type == "AlterEnumStmt")
    c.a.altered.push_back(c.Named(b["typeName"], "type"));
  else if (type == "CreatedbStmt")
    c.a.created.push_back({"database", "", std::string(b["dbname"].str())});
  else if (type == "DropdbStmt")
    c.a.dropped.push_back({"database", "", std::string(b["dbname"].str())});
  else
    return false;
  return true;
}

}  // namespace

const char* ObjectKind(std::string_view t) {
  static const std::map<std::string_view, const char*> kinds = {
      {"OBJECT_TABLE", "table"},         {"OBJECT_INDEX", "index"},
      {"OBJECT_VIEW", "view"},           {"OBJECT_MATVIEW", "materialized view"},
      {"OBJECT_SEQUENCE", "sequence"},   {"OBJECT_FOREIGN_TABLE", "foreign table"},
      {"OBJECT_SCHEMA", "schema"},       {"OBJECT_FUNCTION", "function"},
      {"OBJECT_PROCEDURE", "procedure"}, {"OBJECT_ROUTINE", "function"},
      {"OBJECT_TYPE", "type"},           {"OBJECT_DOMAIN", "type"},
      {"OBJECT_EXTENSION", "extension"}, {"OBJECT_TRIGGER", "trigger"},
      {"OBJECT_POLICY", "policy"},       {"OBJECT_RULE", "rule"},
      {"OBJECT_COLUMN", "column"},       {"OBJECT_TABCONSTRAINT", "constraint"},
      {"OBJECT_DATABASE", "database"}};
  auto it = kinds.find(t);
  return it == kinds.end() ? nullptr : it->second;
}

LockMode AlterTableCmdLock(JsonRef cmd) {
  std::string_view t = cmd["subtype"].str();
  if (t == "AT_SetStatistics" || t == "AT_ClusterOn" || t == "AT_DropCluster" ||
      t == "AT_SetRelOptions" || t == "AT_ResetRelOptions" || t == "AT_ValidateConstraint" ||
      t == "AT_SetOptions" || t == "AT_ResetOptions" || t == "AT_AttachPartition" ||
      t == "AT_DetachPartitionFinalize") {
    return L::kShareUpdateExclusive;
  }
  if (t == "AT_DetachPartition") {
    return cmd["def"]["PartitionCmd"]["concurrent"].boolean() ? L::kShareUpdateExclusive
                                                              : L::kAccessExclusive;
  }
  if (t.starts_with("AT_EnableTrig") || t.starts_with("AT_DisableTrig") ||
      t == "AT_EnableAlwaysTrig" || t == "AT_EnableReplicaTrig") {
    return L::kShareRowExclusive;
  }
  if (t == "AT_AddConstraint" && cmd["def"]["Constraint"]["contype"].str() == "CONSTR_FOREIGN") {
    return L::kShareRowExclusive;
  }
  return L::kAccessExclusive;
}

bool AnalyzeDdl(std::string_view type, JsonRef b, Collector& c) {
  if (type == "CreateStmt")
    CreateTable(b, c);
  else if (type == "AlterTableStmt")
    AlterTable(b, c);
  else if (type == "IndexStmt")
    CreateIndex(b, c);
  else if (type == "DropStmt")
    Drop(b, c);
  else if (type == "RenameStmt")
    Rename(b, c);
  else if (type == "CreateTableAsStmt")
    CreateTableAs(b, c);
  else if (type == "ViewStmt")
    View(b, c);
  else if (type == "CreateTrigStmt")
    Trigger(b, c);
  else if (type == "CreatePolicyStmt" || type == "AlterPolicyStmt") {
    ObjectName t = c.Rel(b["table"], "table");
    c.a.altered.push_back(t);
    c.Lock(t, L::kAccessExclusive);
  } else {
    return SimpleCreate(type, b, c);
  }
  return true;
}

}  // namespace pgcrate::sql::internal

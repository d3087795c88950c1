// Parse-tree readers shared by the rules (declared in rule.h).
#include "lint/rule.h"

namespace pgcrate::lint {

using sql::JsonRef;

std::vector<JsonRef> AlterCmds(JsonRef alter_table) {
  std::vector<JsonRef> out;
  JsonRef cmds = alter_table["cmds"];
  for (size_t i = 0; i < cmds.size(); ++i) out.push_back(cmds.at(i)["AlterTableCmd"]);
  return out;
}

std::vector<JsonRef> Constraints(JsonRef list) {
  std::vector<JsonRef> out;
  for (size_t i = 0; i < list.size(); ++i) {
    if (list.at(i)["Constraint"].valid()) out.push_back(list.at(i)["Constraint"]);
  }
  return out;
}

std::vector<JsonRef> ColumnDefs(const sql::Statement& st) {
  std::vector<JsonRef> out;
  JsonRef b = st.node.node_body();
  if (st.node_type == "CreateStmt") {
    JsonRef elts = b["tableElts"];
    for (size_t i = 0; i < elts.size(); ++i) {
      if (elts.at(i)["ColumnDef"].valid()) out.push_back(elts.at(i)["ColumnDef"]);
    }
  } else if (st.node_type == "AlterTableStmt") {
    for (JsonRef cmd : AlterCmds(b)) {
      if (cmd["subtype"].str() == "AT_AddColumn") out.push_back(cmd["def"]["ColumnDef"]);
    }
  }
  return out;
}

std::string TypeName(JsonRef type_name) {
  JsonRef names = type_name["names"];
  return names.size() ? std::string(names.at(names.size() - 1)["String"]["sval"].str()) : "";
}

int64_t Typmod(JsonRef type_name) {
  JsonRef mods = type_name["typmods"];
  if (!mods.size()) return -1;
  JsonRef c = mods.at(0)["A_Const"];
  return c["ival"].valid() ? c["ival"]["ival"].num() : -1;
}

std::vector<std::string> Strings(JsonRef list) {
  std::vector<std::string> out;
  for (size_t i = 0; i < list.size(); ++i) out.emplace_back(list.at(i)["String"]["sval"].str());
  return out;
}

std::string ColumnKey(const sql::ObjectName& table, std::string_view column) {
  return table.Qualified() + "." + std::string(column);
}

}  // namespace pgcrate::lint

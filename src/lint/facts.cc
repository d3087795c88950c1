#include "lint/facts.h"

#include <algorithm>
#include <optional>
#include <utility>

namespace pgcrate::lint {
namespace {

using sql::JsonRef;

std::vector<std::string> StringList(JsonRef list) {
  std::vector<std::string> out;
  for (size_t i = 0; i < list.size(); ++i) out.emplace_back(list.at(i)["String"]["sval"].str());
  return out;
}

// Key columns of PRIMARY KEY / UNIQUE constraints in `constraints`; `column` is the column
// for column constraints.
void ConstraintKeys(JsonRef constraints, const std::string& column,
                    std::vector<std::vector<std::string>>& out) {
  for (size_t i = 0; i < constraints.size(); ++i) {
    JsonRef c = constraints.at(i)["Constraint"];
    std::string_view type = c["contype"].str();
    if (type != "CONSTR_PRIMARY" && type != "CONSTR_UNIQUE") continue;
    if (c["keys"].size() > 0)
      out.push_back(StringList(c["keys"]));
    else if (!column.empty())
      out.push_back({column});
  }
}

std::vector<std::vector<std::string>> CreatedKeys(const sql::Statement& st) {
  std::vector<std::vector<std::string>> keys;
  JsonRef b = st.node.node_body();
  if (st.node_type == "IndexStmt") {
    std::vector<std::string> cols;
    JsonRef params = b["indexParams"];
    for (size_t i = 0; i < params.size(); ++i) {
      std::string_view name = params.at(i)["IndexElem"]["name"].str();
      if (name.empty()) break;  // an expression: only the leading plain columns count
      cols.emplace_back(name);
    }
    if (!cols.empty()) keys.push_back(cols);
  } else if (st.node_type == "CreateStmt") {
    JsonRef elts = b["tableElts"];
    for (size_t i = 0; i < elts.size(); ++i) {
      JsonRef col = elts.at(i)["ColumnDef"];
      if (col.valid()) ConstraintKeys(col["constraints"], std::string(col["colname"].str()), keys);
    }
    ConstraintKeys(elts, "", keys);
  } else if (st.node_type == "AlterTableStmt") {
    JsonRef cmds = b["cmds"];
    for (size_t i = 0; i < cmds.size(); ++i) {
      JsonRef def = cmds.at(i)["AlterTableCmd"]["def"];
      if (def["Constraint"].valid()) {
        std::string_view type = def["Constraint"]["contype"].str();
        if (type == "CONSTR_PRIMARY" || type == "CONSTR_UNIQUE") {
          keys.push_back(StringList(def["Constraint"]["keys"]));
        }
      }
    }
  }
  return keys;
}

// The column of a `col IS NOT NULL` check expression, "" for any other expression.
std::string NotNullColumn(JsonRef expr) {
  JsonRef test = expr["NullTest"];
  if (test["nulltesttype"].str() != "IS_NOT_NULL") return "";
  JsonRef fields = test["arg"]["ColumnRef"]["fields"];
  if (fields.size() != 1) return "";
  return std::string(fields.at(0)["String"]["sval"].str());
}

}  // namespace

bool Facts::Existing(const sql::ObjectName& table) const {
  std::string q = table.Qualified();
  if (new_tables_.count(q) || dropped_.count(q)) return false;
  if (catalog_ && catalog_->loaded) return catalog_->tables.count(q) > 0;
  return true;
}

bool Facts::Large(const sql::ObjectName& table) const {
  if (!catalog_ || !catalog_->loaded) return true;
  auto it = catalog_->tables.find(table.Qualified());
  if (it == catalog_->tables.end() || it->second < 0) return true;
  return it->second >= static_cast<double>(large_rows_);
}

bool Facts::HasIndexOn(const std::string& table, const std::vector<std::string>& columns) const {
  auto covers = [&](const std::vector<std::vector<std::string>>& all) {
    for (const auto& keys : all) {
      if (keys.size() >= columns.size() &&
          std::equal(columns.begin(), columns.end(), keys.begin())) {
        return true;
      }
    }
    return false;
  };
  auto it = index_columns_.find(table);
  if (it != index_columns_.end() && covers(it->second)) return true;
  if (!catalog_ || !catalog_->loaded) return false;
  auto ct = catalog_->index_columns.find(table);
  return ct != catalog_->index_columns.end() && covers(ct->second);
}

bool Facts::HasNotNullCheck(const std::string& column_key) const {
  if (not_null_.count(column_key)) return true;
  return catalog_ && catalog_->not_null_checks.count(column_key) > 0;
}

std::string Facts::ColumnType(const std::string& column_key) const {
  if (!catalog_) return "";
  auto it = catalog_->column_types.find(column_key);
  return it == catalog_->column_types.end() ? "" : it->second;
}

char Facts::Volatility(const std::string& function) const {
  if (!catalog_) return 0;
  auto it = catalog_->volatility.find(function);
  return it == catalog_->volatility.end() ? 0 : it->second;
}

void Facts::Insert(std::set<std::string>& set, const std::string& key) {
  if (set.insert(key).second) undo_.push_back([&set, key] { set.erase(key); });
}

void Facts::Erase(std::set<std::string>& set, const std::string& key) {
  if (set.erase(key) > 0) undo_.push_back([&set, key] { set.insert(key); });
}

void Facts::RollbackFile() {
  for (auto it = undo_.rbegin(); it != undo_.rend(); ++it) (*it)();
  undo_.clear();
}

void Facts::AddIndex(const std::string& table, std::vector<std::string> columns) {
  index_columns_[table].push_back(std::move(columns));
  undo_.push_back([this, table] {
    auto it = index_columns_.find(table);
    it->second.pop_back();
    if (it->second.empty()) index_columns_.erase(it);
  });
}

void Facts::ApplyNotNullChecks(const std::string& table, JsonRef alter_table) {
  JsonRef cmds = alter_table["cmds"];
  for (size_t i = 0; i < cmds.size(); ++i) {
    JsonRef cmd = cmds.at(i)["AlterTableCmd"];
    std::string_view sub = cmd["subtype"].str();
    if (sub == "AT_AddConstraint") {
      JsonRef con = cmd["def"]["Constraint"];
      if (con["contype"].str() != "CONSTR_CHECK") continue;
      std::string column = NotNullColumn(con["raw_expr"]);
      if (column.empty()) continue;
      std::string key = table + "." + column;
      if (!con["conname"].str().empty()) {
        std::string name = table + "." + std::string(con["conname"].str());
        auto [it, added] = null_checks_.try_emplace(name, key);
        std::optional<std::string> before;
        if (!added) before = std::exchange(it->second, key);
        undo_.push_back([this, name, before] {
          if (before)
            null_checks_[name] = *before;
          else
            null_checks_.erase(name);
        });
      }
      if (!con["skip_validation"].boolean()) Insert(not_null_, key);
    } else if (sub == "AT_ValidateConstraint" || sub == "AT_DropConstraint") {
      auto it = null_checks_.find(table + "." + std::string(cmd["name"].str()));
      if (it == null_checks_.end()) continue;
      if (sub == "AT_ValidateConstraint")
        Insert(not_null_, it->second);
      else
        Erase(not_null_, it->second);
    }
  }
}

void Facts::Apply(const sql::Statement& st, const sql::Analysis& an, const sql::SearchPath& path) {
  for (const auto& o : an.created) {
    if (o.kind == "type") Insert(new_types_, o.Qualified());
    if (o.kind == "table" || o.kind == "materialized view") {
      Insert(new_tables_, o.Qualified());
      Erase(dropped_, o.Qualified());
    }
    if (o.kind == "index") Insert(new_indexes_, o.Qualified());
  }
  for (const auto& o : an.dropped) {
    if (o.kind == "table") {
      Erase(new_tables_, o.Qualified());
      Insert(dropped_, o.Qualified());
    }
  }
  std::string table;
  JsonRef b = st.node.node_body();
  if (b["relation"].valid()) {
    table = path.Resolve(b["relation"]["schemaname"].str()) + "." +
            std::string(b["relation"]["relname"].str());
  }
  if (table.empty()) return;
  for (auto& keys : CreatedKeys(st)) AddIndex(table, std::move(keys));
  if (st.node_type == "AlterTableStmt") ApplyNotNullChecks(table, b);
}

}  // namespace pgcrate::lint

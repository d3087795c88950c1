#include "sql/expression.h"

#include <algorithm>
#include <string>

#include "sql/parser.h"

namespace pgcrate::sql {
namespace {

void CollectColumns(JsonRef node, std::vector<std::string>& out) {
  if (node.is_object()) {
    JsonRef ref = node["ColumnRef"];
    if (ref.valid()) {
      JsonRef fields = ref["fields"];
      if (fields.size() == 0) return;
      std::string name(fields.at(fields.size() - 1)["String"]["sval"].str());
      if (!name.empty() && std::find(out.begin(), out.end(), name) == out.end()) {
        out.push_back(std::move(name));
      }
      return;
    }
  }
  if (node.is_object() || node.is_array()) {
    for (size_t i = 0; i < node.size(); ++i) CollectColumns(node.at(i), out);
  }
}

}  // namespace

std::vector<std::string> ColumnsOfExpression(std::string_view expression) {
  std::vector<std::string> cols;
  // Wrapped in a statement the parser accepts; more than one statement means the text was not
  // one expression (e.g. it closed the WHERE with a ';').
  Result<std::vector<Statement>> parsed = ParseScript("SELECT 1 WHERE " + std::string(expression));
  if (!parsed.ok() || parsed.value().size() != 1) return cols;
  CollectColumns(parsed.value()[0].node, cols);
  return cols;
}

}  // namespace pgcrate::sql

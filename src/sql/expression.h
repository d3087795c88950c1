// Reading a single SQL expression (a plan's Filter, a CHECK body) with the real parser.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pgcrate::sql {

// The column names an expression references (the last field of each column reference), in
// order of first appearance, without duplicates. Empty when the expression does not parse as
// one expression.
std::vector<std::string> ColumnsOfExpression(std::string_view expression);

}  // namespace pgcrate::sql

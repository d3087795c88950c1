// Lists as bound parameters: one text[] parameter instead of one round trip per value.
#pragma once

#include <string>
#include <vector>

namespace pgcrate::pg {

// `values` as one text[] parameter (bind it as `$n::text[]`, e.g. in unnest(...)): every element
// double-quoted with `"` and `\` escaped, so any text travels as data.
std::string TextArrayParam(const std::vector<std::string>& values);

}  // namespace pgcrate::pg

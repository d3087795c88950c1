// The table of every lint rule, in the order they are documented.
#pragma once

#include <string_view>
#include <vector>

#include "lint/rule.h"

namespace pgcrate::lint {

// Every rule, registered once in registry.cc.
const std::vector<const Rule*>& AllRules();

// The rule with `id`, or nullptr.
const Rule* FindRule(std::string_view id);

}  // namespace pgcrate::lint

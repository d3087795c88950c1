// Reading `[modules.<name>]` sections (config.cc's helper; not a public API).
#pragma once

#include <toml++/toml.h>

#include <string>
#include <vector>

#include "config/config.h"

namespace pgcrate::config {

// The modules of `root` in file order. Each needs `migrations`; `schema` and `tracking`
// ("global" or "schema") are optional; an unknown key, a bad name or value, or tracking =
// "schema" without a schema is kConfig at file:line:col. Two modules may share a directory
// (the same migrations in two schemas, tracked under two names).
Status ReadModules(const toml::table& root, const std::string& file, bool allow_outside,
                   std::vector<Module>& out);

}  // namespace pgcrate::config

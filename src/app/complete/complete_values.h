// The project's names that shell completion offers (`pgcrate __complete KIND`): migration
// versions, seed names, model names and snapshot names, read from the project's folders as
// pgcrate.toml sets them. Nothing connects to a database and nothing is printed on failure:
// a completion that cannot be computed is an empty list.
#pragma once

#include <string>
#include <vector>

#include "app/session.h"

namespace pgcrate::app {

// The kinds of value, as the completion scripts name them.
inline constexpr const char* kCompletionKinds[] = {"migrations", "seeds", "models", "snapshots"};

// The values of `kind` in the project of `session`, sorted; empty when the kind is unknown or
// its folder cannot be read.
std::vector<std::string> CompletionValues(Session& session, const std::string& kind);

}  // namespace pgcrate::app

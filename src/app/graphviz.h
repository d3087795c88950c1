// Graphviz for the commands that draw (`inspect erd`, `model graph`): the one place that runs
// `dot` to turn DOT text into SVG, as a child process with an argv (never a shell).
#pragma once

#include <string>

#include "pgcrate/status.h"

namespace pgcrate::app {

// The SVG that `dot -Tsvg` makes of `dot_text` (fed on its stdin). `dot` is looked up in PATH;
// when it is missing: kNotFound with a hint to install Graphviz or use --format dot. When it
// fails: kIo with its stderr.
Result<std::string> DotToSvg(const std::string& dot_text);

}  // namespace pgcrate::app

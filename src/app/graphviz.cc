#include "app/graphviz.h"

#include "base/process.h"
#include "base/strings.h"

namespace pgcrate::app {

Result<std::string> DotToSvg(const std::string& dot_text) {
  std::string dot = base::FindProgram("dot");
  if (dot.empty()) {
    return Status(Code::kNotFound,
                  "--format svg needs Graphviz's `dot` program, which is not in PATH.")
        .WithHint(
            "install Graphviz (apt install graphviz), or use --format dot and render it "
            "elsewhere.");
  }
  auto run = base::RunProcess({dot, "-Tsvg"},
                              {.separate_stderr = true, .stdin_data = dot_text, .use_stdin = true});
  if (!run.ok()) return run.status();
  if (run->exit_code != 0) {
    return Status(Code::kIo, "Graphviz's dot failed (exit " + std::to_string(run->exit_code) +
                                 "): " + base::Trim(run->error_output));
  }
  return std::move(run->output);
}

}  // namespace pgcrate::app

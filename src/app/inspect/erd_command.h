// `pgcrate inspect erd`: the session database's tables and foreign keys drawn by inspect/erd.h
// as Mermaid (default), DOT, or SVG (DOT through Graphviz, app/graphviz.h), to stdout or a
// file; with --json the structured diagram (tables, foreign_keys) plus the drawing.
#pragma once

#include <string>

#include "app/session.h"
#include "inspect/erd.h"
#include "pgcrate/status.h"

namespace pgcrate::inspect {

struct ErdCommandOptions {
  ErdOptions erd;
  std::string format = "mermaid";  // mermaid, dot, svg
  std::string columns = "keys";    // keys, all
  std::string output;              // a file for the drawing; "" = stdout
};

Status RunInspectErd(app::Session& session, const ErdCommandOptions& options);

}  // namespace pgcrate::inspect

#include "app/inspect/erd_command.h"

#include "app/graphviz.h"
#include "app/source.h"
#include "base/files.h"

namespace pgcrate::inspect {
namespace {

Result<std::string> Draw(const Erd& erd, const std::string& format) {
  if (format == "mermaid") return RenderMermaid(erd);
  if (format == "dot") return RenderDot(erd);
  if (format == "svg") return app::DotToSvg(RenderDot(erd));
  return Status(Code::kUsage, "--format " + format + ": expected mermaid, dot or svg.");
}

}  // namespace

Status RunInspectErd(app::Session& session, const ErdCommandOptions& o) {
  ErdOptions options = o.erd;
  options.columns = o.columns == "all" ? ErdColumns::kAll : ErdColumns::kKeys;
  auto cat = app::LoadCatalogAt(session, "");
  if (!cat.ok()) return cat.status();
  PGCRATE_RETURN_IF_ERROR(app::CheckSchemasExist(options.schemas, *cat, *cat));
  Erd erd = BuildErd(*cat, options);
  auto drawing = Draw(erd, o.format);
  if (!drawing.ok()) return drawing.status();
  if (!o.output.empty()) {
    PGCRATE_RETURN_IF_ERROR(base::WriteFile(o.output, *drawing, /*overwrite=*/true));
  }
  if (session.out().json()) {
    nlohmann::ordered_json doc{{"format", o.format}};
    doc.update(ErdJson(erd));
    if (o.output.empty()) {
      doc["diagram"] = *drawing;
    } else {
      doc["output"] = o.output;
    }
    session.out().Json(doc);
  } else if (o.output.empty()) {
    session.out().Data(*drawing);
  } else {
    session.out().Info("wrote " + o.output + " (" + std::to_string(erd.tables.size()) +
                       " tables, " + std::to_string(erd.foreign_keys.size()) + " foreign keys)");
  }
  return Status::Ok();
}

}  // namespace pgcrate::inspect

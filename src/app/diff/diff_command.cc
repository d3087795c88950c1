#include "app/diff/diff_command.h"

#include <nlohmann/json.hpp>

#include "app/source.h"
#include "diff/planner.h"

namespace pgcrate::inspect {

Status RunInspectDiff(app::Session& session, const DiffOptions& o, bool& identical) {
  if (o.to_url.empty()) {
    return Status(Code::kUsage, "inspect diff needs --to URL (the database to compare with).");
  }
  std::string from_label, to_label;
  auto from = app::LoadCatalogAt(session, o.from_url, o.schemas, o.exclude_schemas, &from_label);
  if (!from.ok()) return Status(from.status()).Prefix("--from: ");
  auto to = app::LoadCatalogAt(session, o.to_url, o.schemas, o.exclude_schemas, &to_label);
  if (!to.ok()) return Status(to.status()).Prefix("--to: ");
  PGCRATE_RETURN_IF_ERROR(app::CheckSchemasExist(o.schemas, *from, *to));
  diff::Plan plan = diff::PlanMigration(*from, *to);
  identical = plan.identical();
  std::string text = diff::FormatDiff(plan, from_label, to_label);
  std::string script = o.sql ? diff::RenderScript(plan.steps, !o.no_destructive) : "";
  if (session.out().json()) {
    nlohmann::ordered_json summary = nlohmann::ordered_json::object();
    for (const auto& [kind, n] : diff::Summarize(plan)) summary[kind] = n;
    nlohmann::ordered_json doc{
        {"identical", identical}, {"summary", summary}, {"formatted_diff", text}};
    if (o.sql) doc["sql"] = script;
    session.out().Json(doc);
  } else if (o.sql) {
    session.out().Data(identical ? "-- the schemas are identical; nothing to do\n" : script);
  } else {
    session.out().Data(text);
  }
  return Status::Ok();
}

}  // namespace pgcrate::inspect

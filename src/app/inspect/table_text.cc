// The text form of `inspect table`, modelled on psql's \d.
#include <functional>

#include "app/inspect/table_command.h"
#include "output/output.h"

namespace pgcrate::inspect {
namespace {

using nlohmann::ordered_json;

std::string Str(const ordered_json& v) { return v.is_string() ? v.get<std::string>() : ""; }

std::string ColumnDefault(const ordered_json& c) {
  if (c["identity"].is_string()) return "generated " + Str(c["identity"]) + " as identity";
  if (c["generated"].is_string()) return "generated always as (" + Str(c["generated"]) + ") stored";
  return Str(c["default"]);
}

void Section(std::string& out, const char* title, const ordered_json& items,
             const std::function<std::string(const ordered_json&)>& line) {
  if (!items.is_array() || items.empty()) return;
  out += std::string(title) + ":\n";
  for (const auto& item : items) out += "    " + line(item) + "\n";
}

std::string DependencyLine(const ordered_json& d) { return Str(d["type"]) + " " + Str(d["name"]); }

}  // namespace

std::string RenderTableText(const ordered_json& doc) {
  const ordered_json& t = doc["table"];
  std::string out = "Table \"" + Str(doc["schema"]) + "." + Str(doc["name"]) + "\"\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& c : t["columns"]) {
    rows.push_back({Str(c["name"]), Str(c["data_type"]), Str(c["collation"]),
                    c["nullable"].get<bool>() ? "" : "not null", ColumnDefault(c)});
  }
  out += output::RenderTable({"Column", "Type", "Collation", "Nullable", "Default"}, rows, false);
  if (t["partition_key"].is_string()) out += "Partition key: " + Str(t["partition_key"]) + "\n";
  if (t["partition_of"].is_string()) out += "Partition of: " + Str(t["partition_of"]) + "\n";
  Section(out, "Indexes", t["indexes"], [](const ordered_json& x) {
    return "\"" + Str(x["name"]) + "\" " + Str(x["definition"]);
  });
  Section(out, "Constraints", t["constraints"], [](const ordered_json& k) {
    return "\"" + Str(k["name"]) + "\" " + Str(k["definition"]);
  });
  Section(out, "Triggers", t["triggers"], [](const ordered_json& g) {
    std::string state = Str(g["enabled"]);
    return Str(g["definition"]) + (state == "enabled" ? "" : " (" + state + ")");
  });
  if (t["rls"].is_object()) {
    out += std::string("Row level security: ") +
           (t["rls"]["enabled"].get<bool>() ? "enabled" : "disabled") +
           (t["rls"]["forced"].get<bool>() ? ", forced" : "") + "\n";
    Section(out, "Policies", t["rls"]["policies"], [](const ordered_json& p) {
      return "\"" + Str(p["name"]) + "\" FOR " + Str(p["command"]) +
             (p["using"].is_string() ? " USING (" + Str(p["using"]) + ")" : "") +
             (p["with_check"].is_string() ? " WITH CHECK (" + Str(p["with_check"]) + ")" : "");
    });
  }
  const ordered_json& s = t["stats"];
  out += "Stats: ~" + std::to_string(s["row_estimate"].get<int64_t>()) + " rows, table " +
         Str(s["table_size"]) + ", indexes " + Str(s["indexes_size"]) + ", total " +
         Str(s["total_size"]) + "\n";
  Section(out, "Referenced by", doc["dependents"], DependencyLine);
  Section(out, "Depends on", doc["dependencies"], DependencyLine);
  if (t["comment"].is_string()) out += "Comment: " + Str(t["comment"]) + "\n";
  return out;
}

}  // namespace pgcrate::inspect

#include "importer/plan.h"

#include "base/strings.h"
#include "importer/readers.h"

namespace pgcrate::importer {
namespace {

struct ToolEntry {
  Tool tool;
  const char* name;
};

constexpr ToolEntry kTools[] = {
    {Tool::kDbmate, "dbmate"}, {Tool::kGolangMigrate, "golang-migrate"},
    {Tool::kFlyway, "flyway"}, {Tool::kSqitch, "sqitch"},
    {Tool::kPairs, "pairs"},   {Tool::kNumbered, "numbered"},
};

}  // namespace

const char* ToolName(Tool tool) {
  for (const auto& t : kTools) {
    if (t.tool == tool) return t.name;
  }
  return "?";
}

std::vector<std::string> ToolNames() {
  std::vector<std::string> out;
  for (const auto& t : kTools) out.emplace_back(t.name);
  return out;
}

Result<Tool> ParseTool(std::string_view name) {
  for (const auto& t : kTools) {
    if (name == t.name) return t.tool;
  }
  return Status(Code::kUsage, "unknown migration tool '" + std::string(name) +
                                  "'; --from takes one of: " + base::Join(ToolNames(), ", ") + ".");
}

bool CanAdopt(Tool tool) { return tool != Tool::kPairs && tool != Tool::kNumbered; }

Result<ImportPlan> PlanImport(Tool tool, const std::string& dir) {
  ImportPlan plan;
  plan.tool = tool;
  plan.source_dir = dir;
  Status st;
  switch (tool) {
    case Tool::kDbmate:
      st = internal::ReadDbmate(dir, plan);
      break;
    case Tool::kGolangMigrate:
    case Tool::kPairs:
    case Tool::kNumbered:
      st = internal::ReadNumbered(dir, plan);
      break;
    case Tool::kFlyway:
      st = internal::ReadFlyway(dir, plan);
      break;
    case Tool::kSqitch:
      st = internal::ReadSqitch(dir, plan);
      break;
  }
  if (!st.ok()) return st;
  return plan;
}

}  // namespace pgcrate::importer

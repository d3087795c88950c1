// The format readers behind PlanImport, one per tool (or family of layouts): each reads its
// directory into `plan` (migrations, code files, skipped files, warnings) or fails naming the
// file and line. Internal to src/importer.
#pragma once

#include <string>

#include "importer/plan.h"
#include "pgcrate/status.h"

namespace pgcrate::importer::internal {

Status ReadDbmate(const std::string& dir, ImportPlan& plan);
// golang-migrate, `pairs` and `numbered` (plan.tool says which).
Status ReadNumbered(const std::string& dir, ImportPlan& plan);
Status ReadFlyway(const std::string& dir, ImportPlan& plan);
Status ReadSqitch(const std::string& dir, ImportPlan& plan);

}  // namespace pgcrate::importer::internal

// Shared by the plan/apply/watch commands: the project's code folder, migrations and
// connection, and the plan's text/JSON rendering.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "app/session.h"
#include "code/objects.h"
#include "code/plan.h"
#include "migrate/migration_file.h"

namespace pgcrate::app::code_internal {

struct Project {
  std::string code_dir;
  std::vector<migrate::MigrationFile> migrations;  // empty when the folder does not exist
  pg::Connection* conn = nullptr;
  code::LoadOptions load;
};

// Loads config, migrations (when their folder exists) and connects; reads the search path.
Result<Project> OpenProject(Session& session);
// The code folder under `project`'s search path.
Result<code::CodeSet> LoadCode(const Project& project);

// The plan as text (pgmg's layout) and as JSON.
std::string PlanText(const code::Plan& plan, const code::CodeSet& code);
nlohmann::ordered_json PlanJson(const code::Plan& plan, const code::CodeSet& code);
// One line per executed step ("created view public.v").
std::string StepLine(const code::Step& step);

}  // namespace pgcrate::app::code_internal

// `pgcrate migrate import`'s engine: reads another migration tool's directory (dbmate,
// golang-migrate, Flyway, sqitch, or the generic `pairs` / `numbered` layouts) and returns the
// plan of the conversion: for every source migration the pgcrate file to write
// (`YYYYMMDDHHMMSS_name.sql` with `-- up` / `-- down` sections and the `-- pgcrate:
// no-transaction` header when the source runs it outside a transaction), the source version it
// came from and the key the tool's tracking table knows it by; Flyway's repeatable scripts as
// files for the code folder. Pure: files in, a plan or a Status naming file:line out; nothing
// is written (write.h) and no database is touched (adopt.h). The version mapping of each tool
// is described in docs/import.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "migrate/migration_file.h"
#include "pgcrate/status.h"

namespace pgcrate::importer {

enum class Tool { kDbmate, kGolangMigrate, kFlyway, kSqitch, kPairs, kNumbered };

// "dbmate", "golang-migrate", "flyway", "sqitch", "pairs", "numbered".
const char* ToolName(Tool tool);
// The tool of a --from value; kUsage naming the known ones otherwise.
Result<Tool> ParseTool(std::string_view name);
// Every --from value, in the order above.
std::vector<std::string> ToolNames();
// Whether `tool` has a tracking table `--adopt` can read (not pairs / numbered).
bool CanAdopt(Tool tool);

struct PlannedMigration {
  std::string source;          // the source file(s), relative to the source directory
  std::string source_version;  // the version as the tool shows it ("1.2" for Flyway V1_2__x)
  std::string source_name;     // the description as the tool has it (unsanitised)
  // What the tool's tracking table holds for this migration (dbmate: the version digits;
  // golang-migrate: the version number; Flyway: the normalised dotted version; sqitch:
  // "change@planned_at").
  std::string tracking_key;
  std::string content;  // the pgcrate file's bytes
  // ParseMigrationFile's reading of `content` (path = file_name, without the SQL text).
  migrate::MigrationFile file;
};

struct PlannedCodeFile {
  std::string source;         // e.g. "R__user_view.sql"
  std::string relative_path;  // inside the code folder, e.g. "user_view.sql"
  std::string content;
};

struct ImportPlan {
  Tool tool = Tool::kDbmate;
  std::string source_dir;
  std::string project;                       // sqitch: the plan's %project (adopt filters on it)
  std::vector<PlannedMigration> migrations;  // in the tool's order = pgcrate's order
  std::vector<PlannedCodeFile> code_files;   // Flyway R__ scripts
  std::vector<std::string> skipped;          // source files not converted, with the reason
  std::vector<std::string> warnings;         // conversions that change behaviour, with file:line
};

// Reads `dir` in `tool`'s documented layout and converts every migration. Refuses (kParse or
// kConflict, with file:line and nothing planned) on anything the tool itself would reject or
// that has no unambiguous pgcrate form: a missing down section where the format requires one,
// duplicate versions (also after the mapping to 14 digits), a version that does not fit, an
// unreadable sqitch.plan line, SQL that pgcrate's parser cannot read where the transaction mode
// must be decided from it, or a source line that pgcrate would take as a section marker.
Result<ImportPlan> PlanImport(Tool tool, const std::string& dir);

}  // namespace pgcrate::importer

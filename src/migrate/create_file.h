// Creating a new migration file (`pgcrate migrate new`, Migrator::CreateMigration): the next
// free version of a directory, written exclusively so parallel runs never share a version or
// overwrite a file.
#pragma once

#include <string>

#include "migrate/migration_file.h"
#include "pgcrate/status.h"

namespace pgcrate::migrate {

struct CreatedFile {
  std::string path;
  std::string version;
};

// Writes `dir`/<version>_`name`.sql with `text` (`dir` is created when missing). kTimestamp:
// the first free 14-digit UTC timestamp at or after now, reserved with an exclusively created
// hidden lock file while the file is created. kModule: the highest numeric version of the
// directory plus one, padded to the width in use (3 digits for an empty directory). `name`
// must already be sanitized (SanitizeName); kUsage when it is empty.
Result<CreatedFile> CreateMigrationFile(const std::string& dir, Naming naming,
                                        const std::string& name, const std::string& text);

// The text `migrate new` writes: a comment naming it, `-- up`, and `-- down` when asked.
std::string NewMigrationText(const std::string& name, bool with_down);

}  // namespace pgcrate::migrate

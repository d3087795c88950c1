// Writing an import plan: the converted migrations into the project's migrations directory,
// Flyway's repeatables into its code folder. All or nothing: every target is checked before
// the first file is written; a migrations directory that is absent or empty gets all its
// files at once (written into a hidden sibling directory renamed onto it), otherwise each file
// is created exclusively (temporary file + hard link, base::CreateNewFile); nothing is ever
// overwritten, and a failure removes what this run created.
#pragma once

#include <string>
#include <vector>

#include "importer/plan.h"
#include "pgcrate/status.h"

namespace pgcrate::importer {

struct WriteTargets {
  std::string migrations_dir;
  std::string code_dir;
};

enum class WriteState {
  kNew,        // to be written
  kUnchanged,  // already there with exactly these bytes (an earlier import)
};

struct FileWrite {
  std::string source;  // the source file(s)
  std::string path;    // where it goes
  const std::string* content = nullptr;
  WriteState state = WriteState::kNew;
};

struct WriteSet {
  std::vector<FileWrite> migrations;  // parallel to plan.migrations
  std::vector<FileWrite> code;        // parallel to plan.code_files
};

// Where every file of `plan` goes and whether it is free. kConflict (nothing written), naming
// every path, when a target exists with other content or the migrations directory already
// has another file of the same version. `plan` must outlive the result.
Result<WriteSet> PlanWrites(const ImportPlan& plan, const WriteTargets& targets);

// Creates the directories and writes the kNew files (staged and renamed in one step when the
// migrations directory is absent or empty). On the first failure the files written so far are
// removed and the error returned.
Status WriteFiles(const WriteSet& set);

// Removes the kNew files of `set` (what WriteFiles created), e.g. when recording the adoption
// failed afterwards.
void RemoveWritten(const WriteSet& set);

}  // namespace pgcrate::importer

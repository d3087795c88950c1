// The parts of `migrate squash` (squash.h): the squashed file built and verified through shadow
// databases (squash_build.cc, squash_dump.cc), and the files of the range swapped for it
// (squash_files.cc).
#pragma once

#include <string>
#include <vector>

#include "app/session.h"
#include "migrate/migration_file.h"
#include "migrate/store.h"
#include "pgcrate/status.h"

namespace pgcrate::migrate::squash {

struct Squashed {
  std::string file_name;              // VERSION_name.sql
  std::string content;                // the whole file
  std::vector<std::string> replaces;  // every version it stands for, ascending
  bool has_down = false;
  std::string down_note;  // why there is no down section ("" when there is one)
  std::vector<std::pair<std::string, int>> summary;  // diff::Summarize of the up plan
  std::string shadow_where;                          // where the shadow databases ran
  std::string dump_unavailable;           // why pg_dump did not check it too ("" when it did)
  std::vector<int> literal_schema_lines;  // lines naming the module schema inside strings
};

// Migrations applied in the shadow databases, tracked under `module` (in pgcrate's schema
// there, whatever the unit's tracking: the tracking table is never part of the squashed file).
struct Stage {
  std::string module;
  std::vector<MigrationFile> files;
};

struct SquashInput {
  std::vector<Stage> before;  // what precedes the range: other units, then the unit's earlier files
  Stage range;
  DiscoverOptions discover;  // the unit's naming; with a module schema, the file says {{schema}}
};

// Builds the file for `in.range` (after `in.before`) named `name` (sanitized), and verifies it
// in a second shadow database. kConflict naming the differences when the file does not
// reproduce the range's schema.
Result<Squashed> BuildSquashed(app::Session& session, const SquashInput& in,
                               const std::string& name);

// `content` with every identifier that names `schema` as a schema (before a `.`, or after the
// keyword SCHEMA) written as {{schema}}; `literal` gets the lines where the name is still
// written inside a string or function body (which the placeholder would reach too but the
// scanner cannot tell from text).
Result<std::string> TemplateSchema(const std::string& content, const std::string& schema,
                                   std::vector<int>* literal);

// The schema of a database as pg_dump --schema-only prints it (pgcrate's own schema left out),
// normalized for comparison; `unavailable` says why there is none (no pg_dump as new as the
// server: the check is skipped, and said so).
struct SchemaDump {
  std::vector<std::string> lines;
  std::string unavailable;
};
Result<SchemaDump> DumpSchema(app::Session& session, const std::string& conninfo,
                              int server_version);

// kConflict listing the differing lines when both dumps exist and differ.
Status CompareDumps(const SchemaDump& want, const SchemaDump& got);

// Replaces the files `old_paths` of `dir` by `file_name` with `content`: the new file is
// written to a temporary name first, the old files moved aside, the new one renamed into place,
// then the old ones deleted; on any error before the last step everything is put back.
Status SwapFiles(const std::string& dir, const std::string& file_name, const std::string& content,
                 const std::vector<std::string>& old_paths);

}  // namespace pgcrate::migrate::squash

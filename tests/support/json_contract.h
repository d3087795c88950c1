// The `--json` contract of the integration tests: every JSON document pgcrate prints in a test
// must validate against its schema in docs/schemas/ (see docs/schemas/README.md). RunPgcrate
// and BackgroundPgcrate call CheckJsonContract with the arguments and what the run printed.
#pragma once

#include <string>
#include <vector>

namespace pgcrate::testing {

// The schema file for a run with `args` whose (first) document is `doc_ok` (its "ok" field):
// error.schema.json for ok:false, help/version/help-llm for the meta flags, else the command's
// path joined with '-' ("dba-fix-sequence.schema.json"), with aliases resolved (`status` is
// `migrate status`, `query` is `sql`). "" when the arguments name no command.
std::string SchemaFileFor(const std::vector<std::string>& args, bool doc_ok);

// The command path the arguments name ("migrate status", "" for none), skipping global options
// and their values.
std::string CommandPathOf(const std::vector<std::string>& args);

// When `args` hold `--json` (before any `--`) and `out` is not empty: parses `out` as one or
// more JSON documents (`code watch` prints one per burst) and fails the current test
// (ADD_FAILURE) for output that is not JSON, a command without a schema, or a document that
// does not validate, naming the JSON pointer and the reason. Counts the documents validated;
// with $PGCRATE_JSON_CONTRACT_LOG set, appends one line per document ("<schema> <args>") there.
void CheckJsonContract(const std::vector<std::string>& args, const std::string& out);

}  // namespace pgcrate::testing

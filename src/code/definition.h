// One statement of a code file read as a definition (a CodeObject) or an attachment (COMMENT
// ON / GRANT / REVOKE for code objects). Internal to the code engine.
#pragma once

#include <string>

#include "code/objects.h"
#include "pgcrate/status.h"
#include "sql/parser.h"

namespace pgcrate::code::internal {

// Fills `out` from a CREATE statement of a kind the code folder holds. kUnsupported-like
// errors (kConfig) for anything else, located at `loc`; `*is_attachment` is set instead for
// COMMENT / GRANT / REVOKE, whose targets go to `attachment`.
Status ReadStatement(const sql::Statement& st, const std::string& default_schema,
                     const SourceLocation& loc, CodeObject& out, Attachment& attachment,
                     bool* is_attachment);

}  // namespace pgcrate::code::internal

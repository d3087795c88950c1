// Template placeholders of module migrations (pgdbm's syntax): `{{tables.NAME}}` becomes the
// module schema's quoted, qualified table name (`"my app".users`, or just `users` without a
// schema) and `{{schema}}` the quoted schema. They are expanded in the sections when the files
// are read for running, never written back; the file's checksum stays that of the text as
// written, and positions map back to it (TemplateShift). A placeholder is `{{`, optional
// blanks, a dotted identifier path, optional blanks, `}}`; anything else between braces (a
// 2-D array literal '{{1,2},{3,4}}') is left alone. Expansion is textual, as in pgdbm: it
// reaches function bodies and strings too.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "migrate/migration_file.h"
#include "pgcrate/status.h"

namespace pgcrate::migrate {

// Expands `text` (a section of `path` starting at line `first_line`) in `ctx`, appending the
// shifts. An unknown placeholder (`{{table.x}}`, `{{foo}}`) in a module, a `{{tables.x}}` or
// `{{schema}}` in the project's own migrations, or a schema `{{schema}}` needs but that is
// empty is kParse at the placeholder's file:line:column. Placeholders other than tables/schema
// in project migrations are left as they are (text that happens to use braces).
Result<std::string> ExpandTemplates(std::string_view text, const TemplateContext& ctx,
                                    const std::string& path, int first_line,
                                    std::vector<TemplateShift>* shifts);

// Expands both sections of `f` in place (no-op when neither contains "{{").
Status ExpandFileTemplates(MigrationFile& f, const TemplateContext& ctx);

// The column in the file as written of byte `offset` of the expanded section `expanded`, whose
// column in the expanded text is `column` (expansions never contain line breaks, so lines
// agree). A byte inside an expansion maps to its placeholder's first column.
int OriginalColumn(std::string_view expanded, const std::vector<TemplateShift>& shifts,
                   size_t offset, int column);

}  // namespace pgcrate::migrate

#include "migrate/prepare.h"

#include <algorithm>
#include <cctype>

#include "base/strings.h"
#include "migrate/templates.h"

namespace pgcrate::migrate {
namespace {

const char* SectionName(Direction d) { return d == Direction::kUp ? "up" : "down"; }

// A short description of a statement for messages: its first line, shortened.
std::string Brief(const sql::Statement& s) {
  std::string_view body = std::string_view(s.text).substr(SkipLeadingComments(s.text, 0));
  std::string first = base::Trim(body.substr(0, body.find('\n')));
  return first.size() > 60 ? first.substr(0, 57) + "..." : first;
}

// Whether `s` may run inside a transaction block on a server of `server_version`. The
// parser's answer is for current servers; before PG 12 ALTER TYPE ... ADD VALUE could not.
bool TransactionalOn(const sql::Statement& s, int server_version) {
  if (s.node_type == "AlterEnumStmt" && server_version > 0 && server_version < 120000) {
    sql::JsonRef body = s.node.node_body();
    return !body["newVal"].is_string() || body["oldVal"].is_string();  // RENAME VALUE is fine
  }
  return s.transactional;
}

// SET/RESET of a setting that changes how PostgreSQL splits SQL text into tokens. pgcrate
// parses every migration with standard_conforming_strings on; were it off on the server,
// 'a\' ; COMMIT; ...' would be one string to pgcrate and a COMMIT to the server.
Status CheckLexingSetting(const PreparedMigration& m, const sql::Statement& s) {
  if (s.node_type != "VariableSetStmt") return Status::Ok();
  std::string name = base::ToLower(s.node.node_body()["name"].str());
  if (name != "standard_conforming_strings" && name != "backslash_quote") return Status::Ok();
  return Status(Code::kRefused, "`" + Brief(s) +
                                    "` changes how PostgreSQL reads string "
                                    "literals; pgcrate runs every migration with "
                                    "standard_conforming_strings = on and refuses to change it.")
      .WithLocation(LocationOf(m, SkipLeadingComments(*m.sql, s.offset)))
      .WithHint(
          "remove the statement and write strings in standard form (E'...' for "
          "backslash escapes).");
}

Status CheckStatement(const PreparedMigration& m, const sql::Statement& s, int server_version) {
  PGCRATE_RETURN_IF_ERROR(CheckLexingSetting(m, s));
  if (m.file->no_transaction) return Status::Ok();
  // Only on the error paths: finding a line is a scan from the top of the section.
  auto where = [&m, &s] { return LocationOf(m, SkipLeadingComments(*m.sql, s.offset)); };
  if (!TransactionalOn(s, server_version)) {
    return Status(Code::kRefused, "`" + Brief(s) +
                                      "` cannot run inside a transaction, and "
                                      "migration " +
                                      m.file->file_name + " runs in one.")
        .WithLocation(where())
        .WithHint(
            "add the header line `-- pgcrate: no-transaction` above `-- up` (its "
            "statements then run one by one outside a transaction, and the migration is "
            "recorded after the last one), ideally with this statement alone in its own "
            "migration.");
  }
  if (s.kind == sql::StatementKind::kTransactionControl) {
    return Status(Code::kRefused, "`" + Brief(s) +
                                      "` controls the transaction, but pgcrate "
                                      "already runs migration " +
                                      m.file->file_name + " in its own transaction.")
        .WithLocation(where())
        .WithHint(
            "remove BEGIN/COMMIT/ROLLBACK from the file (each migration and its tracking "
            "row commit together), or add `-- pgcrate: no-transaction` to manage "
            "transactions yourself.");
  }
  return Status::Ok();
}

// The byte offset of 1-based (line, column) in `text`, with base::LineColumnAt's line breaks.
size_t OffsetAt(std::string_view text, int line, int column) {
  size_t i = 0;
  for (int l = 1; l < line && i < text.size(); ++i) {
    bool cr_alone = text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n');
    if (text[i] == '\n' || cr_alone) ++l;
  }
  return std::min(text.size(), i + static_cast<size_t>(std::max(column, 1) - 1));
}

Result<PreparedMigration> Prepare(const MigrationFile& f, Direction direction, int server_version) {
  PreparedMigration m;
  m.file = &f;
  m.direction = direction;
  m.sql = direction == Direction::kUp ? &f.up_sql : &f.down_sql;
  m.first_line = direction == Direction::kUp ? f.up_line : f.down_line;
  // Checked while each piece's parse trees exist; the prepared statements keep none (a 100 MB
  // migration would otherwise hold ~20x its size in trees).
  bool check_failed = false;  // its error is located in the file already
  auto parsed = sql::ParseScriptChecked(
      *m.sql, f.path, [&m, &check_failed, server_version](const sql::Statement& s) {
        Status st = CheckStatement(m, s, server_version);
        check_failed = !st.ok();
        return st;
      });
  if (!parsed.ok() && check_failed) return parsed.status();
  if (!parsed.ok()) {
    Status st = parsed.status();
    SourceLocation loc = st.location();
    const auto& shifts = direction == Direction::kUp ? f.up_shifts : f.down_shifts;
    if (loc.line > 0 && !shifts.empty()) {
      size_t offset = OffsetAt(*m.sql, loc.line, loc.column);
      loc.column = OriginalColumn(*m.sql, shifts, offset, loc.column);
    }
    if (loc.line > 0) loc.line += m.first_line - 1;
    return st.WithLocation(loc).Prefix("in the " + std::string(SectionName(direction)) +
                                       " section: ");
  }
  m.statements = std::move(parsed).value();
  return m;
}

}  // namespace

size_t SkipLeadingComments(std::string_view text, size_t offset) {
  size_t i = offset;
  while (i < text.size()) {
    if (std::isspace(static_cast<unsigned char>(text[i]))) {
      ++i;
    } else if (text.compare(i, 2, "--") == 0) {
      size_t nl = text.find('\n', i);
      i = nl == std::string_view::npos ? text.size() : nl + 1;
    } else if (text.compare(i, 2, "/*") == 0) {
      int depth = 0;  // PostgreSQL block comments nest
      do {
        if (text.compare(i, 2, "/*") == 0) {
          ++depth;
          i += 2;
        } else if (text.compare(i, 2, "*/") == 0) {
          --depth;
          i += 2;
        } else {
          ++i;
        }
      } while (depth > 0 && i < text.size());
    } else {
      break;
    }
  }
  return std::min(i, text.size());
}

SourceLocation LocationOf(const PreparedMigration& m, size_t offset) {
  auto [line, col] = base::LineColumnAt(*m.sql, offset);
  const auto& shifts = m.direction == Direction::kUp ? m.file->up_shifts : m.file->down_shifts;
  if (!shifts.empty()) col = OriginalColumn(*m.sql, shifts, offset, col);
  return {m.file->path, m.first_line + line - 1, col};
}

Result<std::vector<PreparedMigration>> PrepareMigrations(
    const std::vector<const MigrationFile*>& files, Direction direction, int server_version) {
  std::vector<PreparedMigration> out;
  out.reserve(files.size());
  for (const MigrationFile* f : files) {
    auto m = Prepare(*f, direction, server_version);
    if (!m.ok()) return m.status();
    out.push_back(std::move(m).value());
  }
  return out;
}

}  // namespace pgcrate::migrate

#include "sql/parser.h"

#include <pg_query.h>

#include <algorithm>
#include <optional>

#include "base/strings.h"

namespace pgcrate::sql {
namespace {

// True when any node below `node` is a data-modifying statement (e.g. a writing CTE).
bool ContainsWrite(JsonRef node) {
  bool object = node.is_object();
  for (size_t i = 0, n = node.size(); i < n; ++i) {
    JsonRef child = node.at(i);
    if (object) {
      std::string_view key = child.key();
      if (key == "InsertStmt" || key == "UpdateStmt" || key == "DeleteStmt" || key == "MergeStmt" ||
          key == "intoClause" || key == "lockingClause") {
        return true;
      }
    }
    if (ContainsWrite(child)) return true;
  }
  return false;
}

// True when the statement's option list ("options" or, for REINDEX/VACUUM, "params") holds
// `name`, e.g. EXPLAIN (ANALYZE) or REINDEX (CONCURRENTLY).
bool HasOption(JsonRef body, std::string_view name) {
  for (const char* list : {"options", "params"}) {
    JsonRef opts = body[list];
    for (size_t i = 0; i < opts.size(); ++i) {
      if (opts.at(i)["DefElem"]["defname"].str() == name) return true;
    }
  }
  return false;
}

StatementKind Classify(std::string_view type, JsonRef body) {
  if (type == "TransactionStmt") return StatementKind::kTransactionControl;
  if (type == "VariableSetStmt" || type == "DiscardStmt") return StatementKind::kSessionSetting;
  if (type == "VariableShowStmt" || type == "FetchStmt" || type == "ClosePortalStmt") {
    return StatementKind::kRead;
  }
  if (type == "SelectStmt" || type == "DeclareCursorStmt") {
    return ContainsWrite(body) ? StatementKind::kWrite : StatementKind::kRead;
  }
  if (type == "ExplainStmt") {
    // EXPLAIN ANALYZE runs its statement, so it is what that statement is: CREATE TABLE AS
    // and EXECUTE write as they do alone.
    if (!HasOption(body, "analyze")) return StatementKind::kRead;
    JsonRef query = body["query"];
    return Classify(query.node_type(), query.node_body()) == StatementKind::kRead
               ? StatementKind::kRead
               : StatementKind::kWrite;
  }
  return StatementKind::kWrite;
}

bool Transactional(std::string_view type, JsonRef body) {
  if (type == "IndexStmt" || type == "DropStmt") return !body["concurrent"].boolean();
  if (type == "ReindexStmt") {
    // REINDEX SCHEMA / DATABASE / SYSTEM commit per table, so they refuse a transaction too.
    std::string_view kind = body["kind"].str();
    return !HasOption(body, "concurrently") &&
           (kind == "REINDEX_OBJECT_INDEX" || kind == "REINDEX_OBJECT_TABLE");
  }
  if (type == "ClusterStmt") return body["relation"].valid();  // bare CLUSTER: every table
  if (type == "VacuumStmt") return !body["is_vacuumcmd"].boolean();
  if (type == "AlterTableStmt") {
    // ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY
    JsonRef cmds = body["cmds"];
    for (size_t i = 0; i < cmds.size(); ++i) {
      if (cmds.at(i)["AlterTableCmd"]["def"]["PartitionCmd"]["concurrent"].boolean()) {
        return false;
      }
    }
    return true;
  }
  if (type == "AlterEnumStmt") return true;  // allowed in a transaction since PG12
  return !(type == "CreatedbStmt" || type == "DropdbStmt" || type == "CreateTableSpaceStmt" ||
           type == "DropTableSpaceStmt" || type == "AlterSystemStmt" ||
           type == "CreateSubscriptionStmt" || type == "DropSubscriptionStmt");
}

// The length of the whitespace and comments that open `span`. Between one statement's ';' and
// the next statement's first token there can only be these, so this is not tokenizing SQL.
size_t LeadingBlank(std::string_view span) {
  size_t i = 0;
  while (i < span.size()) {
    char c = span[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f') {
      ++i;
    } else if (span.substr(i, 2) == "--") {
      // As PostgreSQL's scanner: a `--` comment ends at \n or \r (a lone \r too).
      size_t nl = span.find_first_of("\r\n", i);
      i = nl == std::string_view::npos ? span.size() : nl + 1;
    } else if (span.substr(i, 2) == "/*") {
      int depth = 0;  // PostgreSQL block comments nest
      do {
        if (span.substr(i, 2) == "/*")
          ++depth, i += 2;
        else if (span.substr(i, 2) == "*/")
          --depth, i += 2;
        else
          ++i;
      } while (depth > 0 && i < span.size());
    } else {
      break;
    }
  }
  return i;
}

// Incremental line counting: statements come in order, so each position is found by
// scanning from the previous one instead of from the start (linear for big scripts).
class LineCounter {
 public:
  explicit LineCounter(std::string_view text) : text_(text) {}
  std::pair<int, int> At(size_t offset) {
    if (offset < pos_) pos_ = line_start_ = 0, line_ = 1;
    for (; pos_ < offset && pos_ < text_.size(); ++pos_) {
      // \n, \r\n and a lone \r end lines, as in base::LineColumnAt (and SyntaxError).
      char c = text_[pos_];
      bool lone_cr = c == '\r' && (pos_ + 1 == text_.size() || text_[pos_ + 1] != '\n');
      if (c == '\n' || lone_cr) ++line_, line_start_ = pos_ + 1;
    }
    return {line_, static_cast<int>(offset - line_start_) + 1};
  }

 private:
  std::string_view text_;
  size_t pos_ = 0, line_start_ = 0;
  int line_ = 1;
};

}  // namespace

namespace {

// The byte offset of 1-based character `position`: libpg_query's cursorpos counts characters
// as PostgreSQL's pg_mbstrlen does in UTF-8 (a lead byte gives its sequence's length).
size_t CharPositionToOffset(std::string_view s, int position) {
  size_t off = 0;
  for (int c = 1; c < position && off < s.size(); ++c) {
    auto b = static_cast<unsigned char>(s[off]);
    off += (b & 0x80) == 0      ? 1
           : (b & 0xE0) == 0xC0 ? 2
           : (b & 0xF0) == 0xE0 ? 3
           : (b & 0xF8) == 0xF0 ? 4
                                : 1;
  }
  return std::min(off, s.size());
}

}  // namespace

Status SyntaxError(std::string message, int position, std::string_view script,
                   std::string_view file) {
  auto [line, col] = base::LineColumnAt(script, CharPositionToOffset(script, position));
  return Status(Code::kParse, std::move(message))
      .WithLocation({std::string(file), line, col})
      .WithPosition(position);
}

namespace {

// Parses script[begin, end) with libpg_query and appends its statements (offsets, lines and
// node locations in `script`). False when that text does not parse, with `error` set (exact
// only for a whole script: callers parsing a piece discard it and parse the whole). With
// `each`, every new statement is checked (a failed check sets `error` and `check_failed`) and
// its tree dropped.
bool ParseRange(std::string_view script, size_t begin, size_t end, LineCounter& lines,
                std::vector<Statement>& out, Status* error, std::string_view file,
                const StatementCheck* each = nullptr, bool* check_failed = nullptr) {
  std::string owned(script.substr(begin, end - begin));
  PgQueryParseResult parsed = pg_query_parse(owned.c_str());
  if (parsed.error) {
    if (error) {
      *error = SyntaxError(std::string("syntax error: ") + parsed.error->message + ".",
                           parsed.error->cursorpos, script, file);
    }
    pg_query_free_parse_result(parsed);
    return false;
  }
  // The tree takes over libpg_query's malloc()ed JSON instead of copying it.
  auto tree = JsonTree::Adopt(parsed.parse_tree);
  parsed.parse_tree = nullptr;
  pg_query_free_parse_result(parsed);
  if (!tree.ok()) {
    if (error) *error = tree.status();
    return false;
  }
  if (begin > 0) tree.value()->ShiftLocations(static_cast<int64_t>(begin));  // whole-script offsets
  std::shared_ptr<const JsonTree> owner = tree.value();
  JsonRef stmts = owner->root()["stmts"];
  size_t first = out.size();
  if (out.empty()) out.reserve(stmts.size());  // pieces: ParseInPieces reserved for all
  for (size_t i = 0; i < stmts.size(); ++i) {
    JsonRef raw = stmts.at(i);
    Statement st;
    st.offset = begin + static_cast<size_t>(raw["stmt_location"].num());
    size_t len = static_cast<size_t>(raw["stmt_len"].num());
    if (len == 0) len = end - st.offset;
    // The parser's span starts after the previous ';' and may include leading whitespace.
    std::string_view span = script.substr(st.offset, len);
    size_t lead = LeadingBlank(span);
    if (lead >= span.size()) continue;
    st.offset += lead;
    st.text = base::Trim(span.substr(lead));
    st.length = st.text.size();
    std::tie(st.line, st.column) = lines.At(st.offset);
    st.node = raw["stmt"];
    st.owner = owner;
    st.node_type = std::string(st.node.node_type());
    st.kind = Classify(st.node_type, st.node.node_body());
    st.transactional = Transactional(st.node_type, st.node.node_body());
    out.push_back(std::move(st));
  }
  if (!each) return true;
  for (size_t i = first; i < out.size(); ++i) {
    Status st = (*each)(out[i]);
    if (!st.ok()) {
      if (error) *error = std::move(st);
      if (check_failed) *check_failed = true;
      return false;
    }
    out[i].node = JsonRef();
    out[i].owner.reset();
  }
  return true;
}

// Big scripts are parsed in pieces of about this many bytes, cut where libpg_query's scanner
// ends a statement: each piece's parser memory is freed before the next, so a 10,000-statement
// file touches a fraction of the memory (and page faults) of one whole-script parse.
constexpr size_t kPieceBytes = size_t{64} * 1024;

// The statements of a big script parsed piece by piece; nullopt when the scanner cannot split
// it or a piece does not parse (a cut inside a BEGIN ATOMIC body leaves it unterminated: a
// syntax error), so the whole-script parse decides (and reports the error as before).
// With `each` (ParseScriptChecked), a failed check is final: `error` holds it.
std::optional<std::vector<Statement>> ParseInPieces(std::string_view script,
                                                    const StatementCheck* each, Status* error) {
  std::string owned(script);
  PgQuerySplitResult split = pg_query_split_with_scanner(owned.c_str());
  std::vector<size_t> cuts;  // piece ends
  if (!split.error) {
    size_t piece_start = 0;
    for (int i = 0; i < split.n_stmts; ++i) {
      size_t end = static_cast<size_t>(split.stmts[i]->stmt_location) +
                   static_cast<size_t>(split.stmts[i]->stmt_len);
      if (end - piece_start >= kPieceBytes && end < script.size()) {
        // Through the ';' that ends the statement (stmt_len stops before it).
        while (end < script.size() && script[end] != ';') ++end;
        if (end < script.size()) ++end;
        cuts.push_back(end);
        piece_start = end;
      }
    }
  }
  bool ok = !split.error;
  size_t statements = ok ? static_cast<size_t>(split.n_stmts) : 0;
  pg_query_free_split_result(split);
  if (!ok || cuts.empty()) return std::nullopt;
  cuts.push_back(script.size());
  std::vector<Statement> out;
  out.reserve(statements);
  LineCounter lines(script);
  size_t begin = 0;
  for (size_t end : cuts) {
    bool check_failed = false;
    if (!ParseRange(script, begin, end, lines, out, error, "", each, &check_failed)) {
      if (!check_failed && error) *error = Status::Ok();  // the whole parse reports it
      return std::nullopt;
    }
    begin = end;
  }
  return out;
}

Result<std::vector<Statement>> Parse(std::string_view script, std::string_view file,
                                     const StatementCheck* each) {
  if (script.size() > 2 * kPieceBytes) {
    Status failed;
    if (auto pieces = ParseInPieces(script, each, &failed)) return std::move(*pieces);
    if (!failed.ok()) return failed;
  }
  std::vector<Statement> out;
  LineCounter lines(script);
  Status error;
  if (!ParseRange(script, 0, script.size(), lines, out, &error, file, each)) return error;
  return out;
}

}  // namespace

Result<std::vector<Statement>> ParseScript(std::string_view script, std::string_view file) {
  return Parse(script, file, nullptr);
}

Result<std::vector<Statement>> ParseScriptChecked(std::string_view script, std::string_view file,
                                                  const StatementCheck& each) {
  return Parse(script, file, &each);
}

}  // namespace pgcrate::sql

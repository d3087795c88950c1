#include "sql/parser.h"

#include <pg_query.h>

#include <algorithm>
#include <functional>
#include <iterator>

#include "base/strings.h"
#include "sql/comments.h"

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

// The number of characters in s[0, offset), counted as CharPositionToOffset steps.
int CharCount(std::string_view s, size_t offset) {
  int count = 0;
  for (size_t off = 0; off < offset && off < s.size(); ++count) {
    off = CharPositionToOffset(s.substr(off), 2) + off;
  }
  return count;
}

// kParse with `message` at byte `offset` of `script` (file:line:column; the position is the
// 1-based character in `script`, as libpg_query's cursorpos).
Status SyntaxErrorAt(std::string message, std::string_view script, size_t offset,
                     std::string_view file) {
  auto [line, col] = base::LineColumnAt(script, offset);
  return Status(Code::kParse, std::move(message))
      .WithLocation({std::string(file), line, col})
      .WithPosition(CharCount(script, offset) + 1);
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

enum class PieceParse {
  kOk,
  kError,       // `error` is set, located in the whole script
  kIncomplete,  // a piece that is not the last ends inside a statement (a BEGIN ATOMIC body)
};

// Parses script[begin, end) with libpg_query into `out` (offsets, lines and node locations in
// `script`). A piece that is not `last` and fails at its very end is kIncomplete: the cut
// after a `;` fell inside a BEGIN ATOMIC body, and a wider piece must be parsed. Every piece
// starts where a statement starts, so any other error is the one a whole-script parse gives.
PieceParse ParseRange(std::string_view script, size_t begin, size_t end, bool last,
                      LineCounter& lines, std::string_view file, std::vector<Statement>& out,
                      Status& error) {
  std::string_view piece = script.substr(begin, end - begin);
  std::string owned(piece);
  PgQueryParseResult parsed = pg_query_parse(owned.c_str());
  if (parsed.error) {
    size_t at = CharPositionToOffset(piece, parsed.error->cursorpos);
    size_t content_end = piece.find_last_not_of(" \t\r\n\f");
    bool at_end = content_end == std::string_view::npos || at >= content_end;
    if (!last && at_end) {
      pg_query_free_parse_result(parsed);
      return PieceParse::kIncomplete;
    }
    error = SyntaxErrorAt(std::string("syntax error: ") + parsed.error->message + ".", script,
                          begin + at, file);
    pg_query_free_parse_result(parsed);
    return PieceParse::kError;
  }
  // The tree takes over libpg_query's malloc()ed JSON instead of copying it.
  auto tree = JsonTree::Adopt(parsed.parse_tree);
  parsed.parse_tree = nullptr;
  pg_query_free_parse_result(parsed);
  if (!tree.ok()) {
    error = tree.status();
    return PieceParse::kError;
  }
  if (begin > 0) tree.value()->ShiftLocations(static_cast<int64_t>(begin));  // whole-script offsets
  std::shared_ptr<const JsonTree> owner = tree.value();
  JsonRef stmts = owner->root()["stmts"];
  out.reserve(out.size() + stmts.size());
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
  return PieceParse::kOk;
}

// Big scripts are parsed in pieces of about this many bytes, cut after a `;` of PostgreSQL's
// scanner: each piece's parser memory and parse trees can be freed before the next, so a
// 100 MB migration never exists as one tree. Up to kWholeSplitBytes the `;`s come from one
// pg_query_split_with_scanner of the whole script (the cheapest scan); above it from
// ScanInWindows, whose memory does not grow with the script.
constexpr size_t kPieceBytes = size_t{64} * 1024;
constexpr size_t kScanWindow = size_t{256} * 1024;
constexpr size_t kWholeSplitBytes = size_t{8} << 20;

// Calls `at_semicolon` with the offset just past each `;` that ends a statement for the
// scanner, in order, until it returns an error. A script the scanner rejects stops early
// without an error (the parser reports it).
Status ForEachSemicolon(std::string_view script, std::string_view file,
                        const std::function<Status(size_t)>& at_semicolon) {
  if (script.size() > kWholeSplitBytes) {
    bool sink_failed = false;
    Status st = ScanInWindows(
        script, file,
        [&](const Token& t) -> Status {
          if (!IsSemicolon(script, t)) return Status::Ok();
          Status r = at_semicolon(t.end);
          sink_failed = !r.ok();
          return r;
        },
        kScanWindow);
    return sink_failed ? st : Status::Ok();
  }
  std::string owned(script);
  PgQuerySplitResult split = pg_query_split_with_scanner(owned.c_str());
  Status st;
  for (int i = 0; !split.error && i < split.n_stmts && st.ok(); ++i) {
    size_t end = static_cast<size_t>(split.stmts[i]->stmt_location) +
                 static_cast<size_t>(split.stmts[i]->stmt_len);
    if (end < script.size() && script[end] == ';') st = at_semicolon(end + 1);
  }
  pg_query_free_split_result(split);
  return st;
}

// Parses `script` piece by piece, in order, handing each piece's statements to `take`.
using PieceSink = std::function<Status(std::vector<Statement>&)>;
Status ParsePieces(std::string_view script, std::string_view file, const PieceSink& take) {
  LineCounter lines(script);
  size_t piece_start = 0;
  size_t threshold = kPieceBytes;
  Status error;
  auto cut = [&](size_t end) -> Status {
    if (end - piece_start < threshold || end >= script.size()) return Status::Ok();
    std::vector<Statement> stmts;
    switch (ParseRange(script, piece_start, end, false, lines, file, stmts, error)) {
      case PieceParse::kIncomplete:
        threshold = 2 * (end - piece_start);  // doubling keeps re-parsing linear
        return Status::Ok();
      case PieceParse::kError:
        return error;
      case PieceParse::kOk:
        break;
    }
    piece_start = end;
    threshold = kPieceBytes;
    return take(stmts);
  };
  if (script.size() > 2 * kPieceBytes) PGCRATE_RETURN_IF_ERROR(ForEachSemicolon(script, file, cut));
  std::vector<Statement> stmts;
  if (ParseRange(script, piece_start, script.size(), true, lines, file, stmts, error) !=
      PieceParse::kOk) {
    return error;
  }
  return take(stmts);
}

}  // namespace

Result<std::vector<Statement>> ParseScript(std::string_view script, std::string_view file) {
  std::vector<Statement> out;
  Status st = ParsePieces(script, file, [&out](std::vector<Statement>& piece) {
    if (out.empty()) {
      out = std::move(piece);
    } else {
      out.insert(out.end(), std::make_move_iterator(piece.begin()),
                 std::make_move_iterator(piece.end()));
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Status ForEachStatement(std::string_view script, std::string_view file, const StatementSink& each) {
  return ParsePieces(script, file, [&each](std::vector<Statement>& piece) {
    for (Statement& s : piece) PGCRATE_RETURN_IF_ERROR(each(s));
    return Status::Ok();
  });
}

Result<std::vector<StatementSpan>> ParseScriptChecked(std::string_view script,
                                                      std::string_view file,
                                                      const StatementCheck& each) {
  std::vector<StatementSpan> out;
  Status st = ParsePieces(script, file, [&out, &each](std::vector<Statement>& piece) {
    for (const Statement& s : piece) {
      PGCRATE_RETURN_IF_ERROR(each(s));
      out.push_back({s.offset, s.length});
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  out.shrink_to_fit();
  return out;
}

}  // namespace pgcrate::sql

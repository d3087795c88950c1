// Fuzzes the read-only gate of `pgcrate sql` (and `dba explain --analyze`): sql::ParseScript's
// statement kinds and sql::ReadOnlyViolation / sql::PinnedSettingChange. The input is the
// script.
//
// Invariant: a statement the gate lets run in read-only mode is not a writing statement. This
// target judges each statement on its own, from libpg_query's JSON parse tree of the script
// (pg_query_parse, not pgcrate's tree), with a small allow-list of what may run read-only:
//   - SELECT without INTO, without FOR UPDATE/SHARE and without a data-modifying statement
//     anywhere in it (a writing CTE); DECLARE CURSOR over such a SELECT;
//   - SHOW, FETCH/MOVE, CLOSE; DISCARD;
//   - SET/RESET, but not of transaction_read_only / default_transaction_read_only (in any
//     case: GUC names are case-insensitive), not RESET ALL, not SET TRANSACTION READ WRITE;
//   - EXPLAIN without ANALYZE (it runs nothing); EXPLAIN ANALYZE of an allowed statement.
// Side-effect function calls (nextval(), pg_terminate_backend()...) are the gate's own
// list and are not re-judged here; functions never make a statement "writing" in this sense.
#include <pg_query.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/strings.h"
#include "fuzz_check.h"
#include "sql/parser.h"
#include "sql/read_only.h"

namespace {

namespace sql = pgcrate::sql;
using Json = nlohmann::json;
using pgcrate::fuzz::Quoted;

// True when a key anywhere under `node` is a data-modifying statement, INTO or a locking
// clause.
bool HasWrite(const Json& node) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key == "InsertStmt" || key == "UpdateStmt" || key == "DeleteStmt" || key == "MergeStmt" ||
          key == "intoClause" || key == "lockingClause") {
        return true;
      }
      if (HasWrite(value)) return true;
    }
  } else if (node.is_array()) {
    for (const auto& v : node) {
      if (HasWrite(v)) return true;
    }
  }
  return false;
}

bool HasOption(const Json& body, const char* name) {
  if (!body.contains("options")) return false;
  for (const auto& opt : body["options"]) {
    if (opt.contains("DefElem") && opt["DefElem"].value("defname", "") == name) return true;
  }
  return false;
}

// SET/RESET that may run read-only.
bool AllowedSetting(const Json& body) {
  std::string name = pgcrate::base::ToLower(body.value("name", ""));
  std::string kind = body.value("kind", "");
  if (kind == "VAR_RESET_ALL") return false;
  if (name == "transaction_read_only" || name == "default_transaction_read_only") return false;
  if (!body.contains("args")) return true;
  for (const auto& arg : body["args"]) {
    if (!arg.contains("DefElem")) continue;
    const Json& def = arg["DefElem"];
    if (def.value("defname", "") != "transaction_read_only") continue;
    // READ ONLY is the integer constant 1; anything else asks for READ WRITE.
    const Json* a = def.contains("arg") ? &def["arg"] : nullptr;
    bool read_only = a != nullptr && a->contains("A_Const") && (*a)["A_Const"].contains("ival") &&
                     (*a)["A_Const"]["ival"].value("ival", 0) == 1;
    if (!read_only) return false;
  }
  return true;
}

// The allow-list for one statement node {"Type": {...}}.
bool MayRunReadOnly(const Json& stmt) {
  if (!stmt.is_object() || stmt.size() != 1) return false;
  const std::string& type = stmt.begin().key();
  const Json& body = stmt.begin().value();
  if (type == "SelectStmt") return !HasWrite(body);
  if (type == "DeclareCursorStmt") return !HasWrite(body);
  if (type == "VariableShowStmt" || type == "FetchStmt" || type == "ClosePortalStmt" ||
      type == "DiscardStmt") {
    return true;
  }
  if (type == "VariableSetStmt") return AllowedSetting(body);
  if (type == "ExplainStmt") {
    return !HasOption(body, "analyze") || (body.contains("query") && MayRunReadOnly(body["query"]));
  }
  return false;
}

// The length of the valid UTF-8 sequence at `s[i]`, 0 when it is not one.
size_t Utf8Length(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  unsigned char c = b(0);
  if (c < 0x80) return 1;
  size_t n = c >= 0xC2 && c <= 0xDF   ? 2
             : c >= 0xE0 && c <= 0xEF ? 3
             : c >= 0xF0 && c <= 0xF4 ? 4
                                      : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xC0) != 0x80) return 0;
  }
  if ((c == 0xE0 && b(1) < 0xA0) || (c == 0xED && b(1) > 0x9F) || (c == 0xF0 && b(1) < 0x90) ||
      (c == 0xF4 && b(1) > 0x8F)) {
    return 0;  // overlong, surrogate, above U+10FFFF
  }
  return n;
}

// `script` with each byte that is not valid UTF-8 (all >= 0x80, identifier characters for
// PostgreSQL's scanner) replaced by 'x': the same tokens, and JSON that nlohmann reads.
std::string Utf8Sanitized(std::string script) {
  for (size_t i = 0; i < script.size();) {
    size_t n = Utf8Length(script, i);
    if (n == 0) {
      script[i++] = 'x';
    } else {
      i += n;
    }
  }
  return script;
}

// The statements of `script` as libpg_query's JSON, or an empty array when it does not parse.
Json ParseJson(const std::string& script) {
  PgQueryParseResult r = pg_query_parse(Utf8Sanitized(script).c_str());
  Json stmts = Json::array();
  if (r.error == nullptr && r.parse_tree != nullptr) {
    Json tree = Json::parse(r.parse_tree, nullptr, /*allow_exceptions=*/false);
    if (tree.is_object() && tree.contains("stmts")) stmts = tree["stmts"];
  }
  pg_query_free_parse_result(r);
  return stmts;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string script(reinterpret_cast<const char*>(data), size);
  if (script.find('\0') != std::string::npos) return 0;  // C strings for pg_query_parse
  auto stmts = sql::ParseScript(script);
  if (!stmts.ok()) return 0;
  Json raw = ParseJson(script);
  FUZZ_CHECK(raw.size() == stmts->size(), "pgcrate and libpg_query count " +
                                              std::to_string(stmts->size()) + " and " +
                                              std::to_string(raw.size()) + " statements");
  for (size_t i = 0; i < stmts->size(); ++i) {
    const sql::Statement& st = (*stmts)[i];
    if (!sql::ReadOnlyViolation(st).empty() || !sql::PinnedSettingChange(st).empty()) continue;
    const Json& node = raw[i].contains("stmt") ? raw[i]["stmt"] : Json();
    FUZZ_CHECK(MayRunReadOnly(node), "read-only mode lets a writing statement run: " +
                                         Quoted(st.text, 300) + "\n" + node.dump().substr(0, 600));
  }
  return 0;
}

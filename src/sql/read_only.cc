#include "sql/read_only.h"

#include <algorithm>

#include "base/strings.h"
#include "sql/analysis.h"

namespace pgcrate::sql {
namespace {

// Built-in functions whose effect a READ ONLY transaction neither stops nor rolls back.
constexpr const char* kExactNames[] = {
    "pg_terminate_backend",
    "pg_cancel_backend",
    "pg_reload_conf",
    "pg_rotate_logfile",
    "pg_rotate_logfile_old",
    "pg_switch_wal",
    "pg_switch_xlog",
    "pg_promote",
    "pg_log_backend_memory_contexts",
    "pg_start_backup",
    "pg_stop_backup",
    "pg_drop_replication_slot",
    "pg_replication_slot_advance",
    "pg_logical_slot_get_changes",
    "pg_logical_slot_get_binary_changes",
    "pg_logical_emit_message",
    "pg_import_system_collations",
    "pg_truncate_visibility_map",
    "pg_stat_statements_reset",
    "txid_current",
    "pg_current_xact_id",
    "pg_notify",
    "nextval",
    "setval",
    "lowrite",
};
// Families, matched as name prefixes.
constexpr const char* kPrefixes[] = {
    "pg_create_",  // replication slots, restore points
    "pg_copy_",    // replication slot copies
    "pg_replication_origin_",
    "pg_stat_reset",
    "pg_advisory_",
    "pg_try_advisory_",
    "pg_wal_replay_",
    "pg_xlog_replay_",
    "pg_backup_",
    "pg_file_",  // adminpack: pg_file_write, pg_file_rename, pg_file_unlink, pg_file_sync
    "pg_restore_",
    "pg_clear_",  // PostgreSQL 18 statistics import
    "lo_",        // large objects (lo_import/lo_export touch server files)
    "dblink",     // runs SQL on another connection, outside this transaction
};

// Settings that re-enable writes when changed.
constexpr const char* kReadOnlySettings[] = {"transaction_read_only",
                                             "default_transaction_read_only"};
// Settings that change how SQL text is read (pinned by pg::Connection).
constexpr const char* kLexicalSettings[] = {"standard_conforming_strings", "client_encoding"};

template <size_t N>
bool OneOf(std::string_view name, const char* const (&list)[N]) {
  return std::any_of(std::begin(list), std::end(list), [&](const char* s) { return name == s; });
}

// A string constant, possibly cast ('x'::text); nullopt-like "" + false otherwise.
bool ConstString(JsonRef node, std::string& out) {
  if (node["TypeCast"].valid()) node = node["TypeCast"]["arg"];
  JsonRef c = node["A_Const"];
  if (!c.valid() || !c["sval"].valid()) return false;
  out = base::ToLower(c["sval"]["sval"].str());
  return true;
}

// The last part of a FuncCall's name list.
std::string_view FuncName(JsonRef call) {
  JsonRef names = call["funcname"];
  return names.size() ? names.at(names.size() - 1)["String"]["sval"].str() : std::string_view();
}

// Calls every FuncCall under `node` until `visit` returns a non-empty reason.
template <typename F>
std::string FindCall(JsonRef node, const F& visit) {
  bool object = node.is_object();
  for (size_t i = 0, n = node.size(); i < n; ++i) {
    JsonRef child = node.at(i);
    if (object && child.key() == "FuncCall") {
      std::string why = visit(child);
      if (!why.empty()) return why;
    }
    if (child.is_object() || child.is_array()) {
      std::string why = FindCall(child, visit);
      if (!why.empty()) return why;
    }
  }
  return "";
}

// set_config(name, ...): the setting it changes, or "?" when the name is not a constant.
std::string SetConfigTarget(JsonRef call) {
  if (FuncName(call) != "set_config") return "";
  std::string name;
  JsonRef args = call["args"];
  return args.size() && ConstString(args.at(0), name) ? name : "?";
}

std::string SideEffectCall(JsonRef call) {
  std::string name(FuncName(call));
  if (IsSideEffectFunction(name)) {
    return "calls " + name +
           "(), whose effect a READ ONLY transaction neither stops nor "
           "rolls back";
  }
  std::string target = SetConfigTarget(call);
  if (target == "?" || OneOf(target, kReadOnlySettings)) {
    return "calls set_config() on " +
           (target == "?" ? std::string("a setting it computes") : target) +
           ", which could re-enable writes";
  }
  return "";
}

// SET TRANSACTION / SET SESSION CHARACTERISTICS AS TRANSACTION: true when it asks for READ
// WRITE (transaction_read_only given as anything but 1).
bool AsksReadWrite(JsonRef set_body) {
  JsonRef args = set_body["args"];
  for (size_t i = 0; i < args.size(); ++i) {
    JsonRef def = args.at(i)["DefElem"];
    if (def["defname"].str() != "transaction_read_only") continue;
    if (def["arg"]["A_Const"]["ival"]["ival"].num() != 1) return true;
  }
  return false;
}

std::string SettingViolation(const Statement& st) {
  JsonRef b = st.node.node_body();
  std::string_view kind = b["kind"].str();
  // Setting names are case-insensitive to the server: SET "Transaction_Read_Only" is
  // transaction_read_only (only unquoted names reach the tree in lower case).
  std::string name = base::ToLower(b["name"].str());
  if (kind == "VAR_RESET_ALL") {
    return "is RESET ALL, which would drop the session's READ ONLY and pinned settings";
  }
  if (OneOf(name, kReadOnlySettings)) return "changes " + name + ", which could re-enable writes";
  if (kind == "VAR_SET_MULTI" && AsksReadWrite(b)) {
    return "asks for READ WRITE (pgcrate runs read-only SQL in a READ ONLY transaction)";
  }
  return "";
}

// "writes to the database (ddl; ACCESS EXCLUSIVE lock on public.t)" from the parse tree.
std::string WriteDescription(const Statement& st) {
  Analysis a = Analyze(st, SearchPath());
  std::string what = std::string("writes to the database (") + CategoryName(a.category);
  for (const auto& lock : a.locks) {
    if (lock.mode != a.StrongestLock()) continue;
    what += std::string("; ") + LockModeName(lock.mode) + " lock on " + lock.relation.Qualified();
    break;
  }
  return what + ")";
}

bool ExplainWithoutAnalyze(const Statement& st) {
  if (st.node_type != "ExplainStmt") return false;
  JsonRef opts = st.node.node_body()["options"];
  for (size_t i = 0; i < opts.size(); ++i) {
    if (opts.at(i)["DefElem"]["defname"].str() == "analyze") return false;
  }
  return true;
}

}  // namespace

bool IsSideEffectFunction(std::string_view name) {
  if (OneOf(name, kExactNames)) return true;
  return std::any_of(std::begin(kPrefixes), std::end(kPrefixes),
                     [&](const char* p) { return base::StartsWith(name, p); });
}

std::vector<std::string> SideEffectFunctionList() {
  std::vector<std::string> out(std::begin(kExactNames), std::end(kExactNames));
  for (const char* p : kPrefixes) out.push_back(std::string(p) + "*");
  return out;
}

std::string ReadOnlyViolation(const Statement& st) {
  if (st.kind == StatementKind::kWrite) return WriteDescription(st);
  if (st.kind == StatementKind::kTransactionControl) {
    return "controls the transaction (pgcrate runs read-only SQL in its own READ ONLY "
           "transaction)";
  }
  if (st.node_type == "VariableSetStmt") {
    std::string why = SettingViolation(st);
    if (!why.empty()) return why;
  }
  if (ExplainWithoutAnalyze(st)) return "";
  return FindCall(st.node, SideEffectCall);
}

std::string PinnedSettingChange(const Statement& st) {
  const char* pinned =
      "pgcrate pins it for the session so that its parser reads SQL exactly as "
      "the server does";
  if (st.node_type == "VariableSetStmt") {
    std::string name = base::ToLower(st.node.node_body()["name"].str());
    if (OneOf(name, kLexicalSettings)) return "changes " + name + ", but " + pinned;
  }
  return FindCall(st.node, [&](JsonRef call) {
    std::string target = SetConfigTarget(call);
    return OneOf(target, kLexicalSettings) ? "calls set_config() on " + target + ", but " + pinned
                                           : std::string();
  });
}

}  // namespace pgcrate::sql

// Detects SET [LOCAL] lock_timeout / statement_timeout / idle_in_transaction_session_timeout
// = 0: it switches off the runner's safety timeouts, so a migration can queue behind a long
// query forever while blocking everything behind it.
#include "lint/rule.h"

namespace pgcrate::lint::rules {
namespace disabled_timeout_rule {
namespace {

void Check(const StatementContext& ctx, Reporter& out) {
  if (ctx.st.node_type != "VariableSetStmt") return;
  std::string_view name = ctx.body()["name"].str();
  if (name != "lock_timeout" && name != "statement_timeout" &&
      name != "idle_in_transaction_session_timeout") {
    return;
  }
  sql::JsonRef args = ctx.body()["args"];
  if (args.size() != 1) return;
  sql::JsonRef c = args.at(0)["A_Const"];
  bool zero = (c["ival"].valid() && c["ival"]["ival"].num() == 0) ||
              c["sval"]["sval"].str() == "0" || c["sval"]["sval"].str() == "0s" ||
              c["sval"]["sval"].str() == "0ms";
  if (!zero) return;
  out.Report(ctx.st.offset, std::string(name) +
                                " = 0 disables a safety timeout for the rest "
                                "of the migration.");
}

}  // namespace
}  // namespace disabled_timeout_rule

extern const Rule kDisabledTimeout = {
    "disabled-timeout",
    "SET lock_timeout / statement_timeout = 0",
    "With lock_timeout = 0 an ALTER TABLE waits forever behind a long query while every other "
    "query queues behind it; the runner's timeouts exist to fail fast and retry.",
    "SET LOCAL lock_timeout = '2s';\n"
    "SET LOCAL statement_timeout = '15min';",
    Severity::kError,
    disabled_timeout_rule::Check,
    nullptr};

}  // namespace pgcrate::lint::rules

#include "migrate/script_exec.h"

namespace pgcrate::migrate {

Status CheckSessionLexing(pg::Connection& conn) {
  if (conn.ParameterStatus("standard_conforming_strings") == "on") return Status::Ok();
  return Status(Code::kRefused,
                "the session's standard_conforming_strings is not on, so the "
                "server would read backslashes in strings differently from the "
                "parser that checked the migration; nothing more was sent.")
      .WithHint(
          "a migration must not turn standard_conforming_strings off (SET or set_config); "
          "pgcrate resets the session after each migration.");
}

ScriptOutcome SendScript(pg::Connection& conn, const std::string& sql) {
  ScriptOutcome out;
  // Re-pins standard_conforming_strings and client_encoding when an earlier statement changed
  // them (no round trip otherwise), then checks what the server reports.
  out.error = conn.EnsureLexicalPin();
  if (out.error.ok()) out.error = CheckSessionLexing(conn);
  if (!out.error.ok()) return out;
  out.error = conn.ExecScript(sql, [&out](pg::QueryResult r) {
    ++out.completed;
    out.tags.push_back(r.command_status());
  });
  return out;
}

}  // namespace pgcrate::migrate

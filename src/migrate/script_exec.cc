#include "migrate/script_exec.h"

#include <libpq-fe.h>

#include "base/secrets.h"
#include "base/strings.h"
#include "pg/error.h"

namespace pgcrate::migrate {
namespace {

Status ConnectionError(PGconn* conn) {
  return Status(Code::kConnection,
                "the connection failed: " + base::Redact(base::Trim(PQerrorMessage(conn))));
}

// Handles one result: counts completed statements until the first error, which it keeps.
void Absorb(PGconn* conn, PGresult* res, ScriptOutcome& out) {
  switch (PQresultStatus(res)) {
    case PGRES_COMMAND_OK:
    case PGRES_TUPLES_OK:
      if (out.error.ok()) {
        ++out.completed;
        out.tags.emplace_back(PQcmdStatus(res));
      }
      break;
    case PGRES_EMPTY_QUERY:
      break;
    case PGRES_COPY_IN:
      PQputCopyEnd(conn, "COPY FROM STDIN is not supported in migrations");
      break;
    case PGRES_COPY_OUT: {
      char* buf = nullptr;
      while (PQgetCopyData(conn, &buf, 0) > 0) PQfreemem(buf);
      break;
    }
    default:
      if (out.error.ok()) out.error = pg::StatusFromResult(res, conn);
      break;
  }
}

}  // namespace

Status CheckSessionLexing(pg::Connection& conn) {
  const char* scs = PQparameterStatus(conn.raw(), "standard_conforming_strings");
  if (scs != nullptr && std::string_view(scs) == "on") return Status::Ok();
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
  PGconn* raw = conn.raw();
  if (sql.find('\0') != std::string::npos) {
    out.error = Status(Code::kInternal, "a NUL byte in SQL to send; nothing was sent.");
    return out;
  }
  // Re-pins standard_conforming_strings and client_encoding when an earlier statement changed
  // them (no round trip otherwise), then checks what the server reports.
  out.error = conn.EnsureLexicalPin();
  if (out.error.ok()) out.error = CheckSessionLexing(conn);
  if (!out.error.ok()) return out;
  if (!PQsendQuery(raw, sql.c_str())) {
    out.error = ConnectionError(raw);
    return out;
  }
  while (PGresult* res = PQgetResult(raw)) {
    Absorb(raw, res, out);
    PQclear(res);
  }
  if (out.error.ok() && PQstatus(raw) != CONNECTION_OK) out.error = ConnectionError(raw);
  return out;
}

size_t PositionToOffset(std::string_view text, int position) {
  size_t offset = 0;
  for (int chars = 1; chars < position && offset < text.size(); ++chars) {
    // Skip one UTF-8 sequence: a lead byte then its continuation bytes (10xxxxxx).
    ++offset;
    while (offset < text.size() && (static_cast<unsigned char>(text[offset]) & 0xC0) == 0x80) {
      ++offset;
    }
  }
  return std::min(offset, text.size());
}

}  // namespace pgcrate::migrate
